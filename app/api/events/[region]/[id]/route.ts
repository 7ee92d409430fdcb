import { z } from "zod";
import { config } from "@/lib/aws/config";
import { requireCluster } from "@/lib/dsql/clusters";
import { clusterEvents } from "@/lib/events";
import { clusterIdParam, regionParam, route } from "@/lib/http/route";
import { rangeQuery, requireWatchedRegion, resolveRange } from "@/lib/metrics/range";

export const dynamic = "force-dynamic";

/** A cluster's event timeline (alarm state changes, backups, restores) for the same range as its charts. */
export const GET = route({ params: z.object({ region: regionParam, id: clusterIdParam }), query: rangeQuery }, async ({ params, query }) => {
  requireWatchedRegion(params.region, config().regions);
  const range = resolveRange(query, Date.now());
  const cluster = await requireCluster(params.region, params.id);
  return clusterEvents(cluster, { startMs: range.startMs, endMs: range.endMs });
});
