import { clusterParams, watchedCluster } from "@/lib/http/cluster-params";
import { route } from "@/lib/http/route";
import { clusterMetrics } from "@/lib/metrics/cluster";
import { rangeQuery, resolveRange } from "@/lib/metrics/range";

export const dynamic = "force-dynamic";

/** The cluster page's metrics for a range (`?range=24h` or `?from=…&to=…`): refreshes and retries. */
export const GET = route({ params: clusterParams, query: rangeQuery }, async ({ params, query }) => {
  const cluster = await watchedCluster(params);
  return clusterMetrics(cluster, cluster.identifier, resolveRange(query, Date.now()));
});
