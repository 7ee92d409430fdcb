import { z } from "zod";
import { config } from "@/lib/aws/config";
import { regionParam, route } from "@/lib/http/route";
import { requireWatchedRegion } from "@/lib/metrics/range";
import { triageFleet } from "@/lib/triage";

export const dynamic = "force-dynamic";

/** The triage report the /triage page polls: every cluster ranked by what needs attention now. */
export const GET = route({ query: z.object({ region: regionParam.optional() }) }, async ({ query }) => {
  const regions = config().regions;
  if (query.region) requireWatchedRegion(query.region, regions);
  return triageFleet({ regions: query.region ? [query.region] : regions });
});
