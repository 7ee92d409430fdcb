import { z } from "zod";
import { config } from "@/lib/aws/config";
import { requireCluster } from "@/lib/dsql/clusters";
import { clusterIdParam, regionParam, route } from "@/lib/http/route";
import { clusterMetrics } from "@/lib/metrics/cluster";
import { rangeQuery, requireWatchedRegion, resolveRange } from "@/lib/metrics/range";

export const dynamic = "force-dynamic";

/** The cluster page's metrics for a range (`?range=24h` or `?from=…&to=…`): refreshes and retries. */
export const GET = route({ params: z.object({ region: regionParam, id: clusterIdParam }), query: rangeQuery }, async ({ params, query }) => {
  requireWatchedRegion(params.region, config().regions);
  await requireCluster(params.region, params.id);
  return clusterMetrics(params.region, params.id, resolveRange(query, Date.now()));
});
