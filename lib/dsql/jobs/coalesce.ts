import { type ClusterKey, clusterKey } from "../../aws/scope";
import { TtlCache } from "../../cache";
import { type ClusterJobs, type FleetJobs } from "./model";
import { readClusterJobs, readFleetJobs } from "./read";

// Every open tab polls: concurrent reads of a cluster share one query, and the fleet view is
// answered from a copy at most FLEET_TTL_MS old.
const clusterReads = new TtlCache<ClusterJobs>(500);
const fleetReads = new TtlCache<FleetJobs>(4);
const FLEET_TTL_MS = 2_000;

/** sys.jobs of one cluster, merged with the remembered history; records what it saw. */
export function clusterJobs(cluster: ClusterKey, opts: { now?: number } = {}): Promise<ClusterJobs> {
  if (opts.now !== undefined) return readClusterJobs(cluster, opts);
  return clusterReads.get(clusterKey(cluster), 0, () => readClusterJobs(cluster, opts));
}

/** Jobs across the fleet: live from active clusters, remembered ones for the rest. */
export function fleetJobs(opts: { now?: number; budgetMs?: number } = {}): Promise<FleetJobs> {
  if (opts.now !== undefined || opts.budgetMs !== undefined) return readFleetJobs(opts, clusterJobs);
  return fleetReads.get("fleet", FLEET_TTL_MS, () => readFleetJobs(opts, clusterJobs));
}
