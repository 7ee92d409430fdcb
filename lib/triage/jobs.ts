import type { Cluster } from "../dsql/clusters";
import { CONTACTABLE, fleetJobs, within, type FleetJobs } from "../dsql/jobs";
import { indexJobSignal } from "./ops-signals";
import type { Signal } from "./signals";

/**
 * Failed index builds across the fleet, from lib/dsql/jobs (sys.jobs of the ACTIVE clusters plus
 * the store's history; sleeping clusters are not woken). Listing them takes SQL connections and
 * seconds, so triage never waits for it: it uses the last listing (refreshed in the background
 * once a minute) and waits a moment only when it has none yet.
 */

/** Refresh in the background after this. */
const FRESH_MS = 60_000;
/** A listing older than this is not shown at all. */
const MAX_AGE_MS = 10 * 60_000;
/** How long a triage request waits for a first listing. */
const FIRST_WAIT_MS = 2_000;

/** A cluster sys.jobs could have been read from, and was not (still connecting, say). */
const unread = (c: FleetJobs["clusters"][number]) => !c.contacted && !c.error && CONTACTABLE.has(c.status);

let latest: { value: FleetJobs; at: number } | undefined;
let inflight: Promise<FleetJobs> | undefined;

function refresh(): Promise<FleetJobs> {
  inflight ??= fleetJobs()
    .then((value) => {
      latest = { value, at: Date.now() };
      return value;
    })
    .finally(() => {
      inflight = undefined;
    });
  return inflight;
}

/** The latest listing and when it was made, or undefined while the first one is still under way. */
export async function fleetJobsSnapshot(nowMs = Date.now()): Promise<{ jobs: FleetJobs; at: number } | undefined> {
  const usable = latest && nowMs - latest.at <= MAX_AGE_MS;
  if (!latest || nowMs - latest.at > FRESH_MS || latest.value.clusters.some(unread)) {
    const p = refresh();
    if (!usable) {
      if ((await within(p, FIRST_WAIT_MS)) === "late") return undefined;
    } else p.catch(() => undefined);
  }
  return latest && { jobs: latest.value, at: latest.at };
}

export interface ClusterJobFacts {
  signals: Signal[];
  /** sys.jobs could not be read (or not yet) for this cluster, though it is awake. */
  error?: string;
}

/**
 * Per cluster (region/identifier): its failed-build signals. Multi-Region peers share one
 * database, so a build is shown once: fleetJobs already lists a shared job on one peer (naming
 * the others in alsoOn); a build several peers list is shown on the first of them by region.
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
      const listed = listedBy.get(`${j.jobId}|${j.objectName ?? ""}`) ?? [];
      if (listed.some((x) => peers.has(x) && x < k)) continue;
      const sharers = [...listed, ...(j.alsoOn ?? []).map((p) => key(p.region, p.clusterId))].filter((x) => peers.has(x));
      const sig = indexJobSignal(j, nowMs, { contacted: s?.contacted ?? false, sharedWith: sharers.map((x) => x.split("/")[0]) });
      if (sig) signals.push(sig);
    }
    out.set(k, { signals, error: s?.error ?? (s && unread(s) ? (s.note ?? "sys.jobs was not read") : undefined) });
  }
  return out;
}
