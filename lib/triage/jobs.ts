import { TtlCache } from "../cache";
import type { Cluster } from "../dsql/clusters";
import { fleetJobs, type FleetJobs } from "../dsql/jobs";
import { indexJobSignal } from "./ops-signals";
import type { Signal } from "./signals";

/**
 * Failed index builds across the fleet, from lib/dsql/jobs (sys.jobs of the ACTIVE clusters plus
 * the store's history; sleeping clusters are not woken). That means SQL connections, so the
 * listing is shared for a minute by every triage refresh.
 */

const cache = new TtlCache<FleetJobs>(4);
const TTL_MS = 60_000;

/** A cluster sys.jobs could have been read from, and was not (still connecting, say). */
const unread = (c: FleetJobs["clusters"][number]) => !c.contacted && !c.error && CONTACTABLE.has(c.status);
const CONTACTABLE = new Set(["ACTIVE", "UPDATING"]);

export async function fleetJobsShared(): Promise<FleetJobs> {
  const r = await cache.get("fleet", TTL_MS, () => fleetJobs());
  // An answer that left clusters out is not kept: the next refresh asks again.
  if (r.clusters.some(unread)) cache.delete("fleet");
  return r;
}

export interface ClusterJobFacts {
  signals: Signal[];
  /** sys.jobs could not be read (or not yet) for this cluster, though it is awake. */
  error?: string;
}

/**
 * Per cluster (region/identifier): its failed-build signals. Multi-Region peers share one
 * database, so a build they both list is shown once, on the peer whose region sorts first.
 */
export function jobFacts(jobs: FleetJobs, clusters: Cluster[], nowMs: number): Map<string, ClusterJobFacts> {
  const key = (region: string, id: string) => `${region}/${id}`;
  const listedBy = new Map<string, string[]>();
  for (const j of jobs.jobs) {
    const k = `${j.jobId}|${j.objectName ?? ""}`;
    listedBy.set(k, [...(listedBy.get(k) ?? []), key(j.region, j.clusterId)]);
  }
  const summary = new Map(jobs.clusters.map((c) => [key(c.region, c.identifier), c]));
  const out = new Map<string, ClusterJobFacts>();
  for (const c of clusters) {
    const k = key(c.region, c.identifier);
    const s = summary.get(k);
    const peers = new Set(c.peers.map((p) => key(p.region, p.identifier)));
    const signals: Signal[] = [];
    for (const j of jobs.jobs) {
      if (key(j.region, j.clusterId) !== k) continue;
      const sharers = (listedBy.get(`${j.jobId}|${j.objectName ?? ""}`) ?? []).filter((x) => peers.has(x));
      if (sharers.some((x) => x < k)) continue;
      const sig = indexJobSignal(j, nowMs, { contacted: s?.contacted ?? false, sharedWith: sharers.map((x) => x.split("/")[0]) });
      if (sig) signals.push(sig);
    }
    out.set(k, { signals, error: s?.error ?? (s && unread(s) ? (s.note ?? "sys.jobs was not read") : undefined) });
  }
  return out;
}
