import { z } from "zod";
import { config } from "../aws/config";
import { getCluster, requireCluster, type Cluster } from "../dsql/clusters";
import { requireWatchedRegion } from "../metrics/range";
import { clusterIdParam, regionParam } from "./route";

/** The path of every route about one cluster: `/<region>/<id>`. */
export const clusterParams = z.object({ region: regionParam, id: clusterIdParam });

/**
 * What a route about one cluster checks before anything else: the Region is watched, and AWS knows
 * the cluster (404 otherwise). Reads share the short-lived cluster cache (pages poll); `fresh`
 * asks DSQL again, for an action that must see the cluster as it is now.
 */
export function watchedCluster(p: { region: string; id: string }, opts: { fresh?: boolean } = {}): Promise<Cluster> {
  requireWatchedRegion(p.region, config().regions);
  return opts.fresh ? getCluster(p.region, p.id) : requireCluster(p.region, p.id);
}
