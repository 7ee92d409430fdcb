import { z } from "zod";
import { config } from "@/lib/aws/config";
import { listFleet } from "@/lib/dsql/clusters";
import { regionParam, route } from "@/lib/http/route";
import { fleetTotals, fleetUsage } from "@/lib/metrics/overview";
import { requireWatchedRegion } from "@/lib/metrics/range";

export const dynamic = "force-dynamic";

/** The overview's per-cluster figures (DPU today, $ month to date, OCC now), per region. */
export const GET = route({ query: z.object({ region: regionParam.optional() }) }, async ({ query }) => {
  const regions = config().regions;
  if (query.region) requireWatchedRegion(query.region, regions);
  const fleet = await listFleet({ regions: query.region ? [query.region] : regions });
  const usage = await fleetUsage(fleet);
  return { regions: usage.map((u, i) => ({ ...u, accountName: fleet[i].accountName, error: u.error ?? fleet[i].error })), totals: fleetTotals(usage) };
});
