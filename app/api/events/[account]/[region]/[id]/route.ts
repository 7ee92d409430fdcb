import { clusterEvents } from "@/lib/events";
import { clusterParams, watchedCluster } from "@/lib/http/cluster-params";
import { route } from "@/lib/http/route";
import { rangeQuery, resolveRange } from "@/lib/metrics/range";

export const dynamic = "force-dynamic";

/** A cluster's event timeline (alarm state changes, backups, restores) for the same range as its charts. */
export const GET = route({ params: clusterParams, query: rangeQuery }, async ({ params, query }) => {
  const range = resolveRange(query, Date.now());
  const cluster = await watchedCluster(params);
  return clusterEvents(cluster, { startMs: range.startMs, endMs: range.endMs });
});
