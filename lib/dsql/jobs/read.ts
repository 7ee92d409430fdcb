import { toAppError } from "../../errors";
import { mapLimit } from "../../concurrency";
import { type ClusterKey } from "../../aws/scope";
import { listFleet } from "../clusters";
import { clusterPool, poolHealth } from "../connection";
import { jobHistory, recordJobs, type HistoryRecord } from "./history";
import { type ClusterJobs, type FleetClusterJobs, type FleetJobs, type JobView, type Merged, OBJECTS_SQL, type ObjectRow, SYS_JOBS_SQL, type SysJobRow, buildSamples, order, toView } from "./model";

/** Reading sys.jobs: one cluster live and merged with its remembered history, and the fleet. */

export async function readClusterJobs(cluster: ClusterKey, opts: { now?: number }): Promise<ClusterJobs> {
  const { account, region, identifier: clusterId } = cluster;
  let liveError: string | null = null;
  let historyError: string | null = null;
  let history: HistoryRecord[] = [];
  try {
    history = await jobHistory({ region, clusterId, limit: 200 });
  } catch (err) {
    historyError = `The job history could not be read: ${toAppError(err).message}`;
  }
  let live: SysJobRow[] = [];
  let objects: ObjectRow[] = [];
  try {
    ({ live, objects } = await clusterPool(cluster).withClient(
      async (c) => {
        const rows = (await c.query<SysJobRow>(SYS_JOBS_SQL)).rows;
        const liveIds = new Set(rows.map((r) => r.job_id));
        const oids = [...new Set(rows.map((r) => r.object_id).filter((x): x is number => x !== null))];
        const names = [...new Set(history.filter((h) => !liveIds.has(h.jobId) && h.objectName).map((h) => h.objectName as string))];
        const objs = oids.length || names.length ? (await c.query<ObjectRow>(OBJECTS_SQL, [oids, names])).rows : [];
        return { live: rows, objects: objs };
      },
      { idempotent: true },
    ));
  } catch (err) {
    liveError = toAppError(err).message;
  }

  const byOid = new Map(objects.map((o) => [Number(o.oid), o]));
  const byName = new Map(objects.map((o) => [`${o.schema}.${o.name}`, o]));
  const remembered = new Map(history.map((h) => [h.jobId, h]));
  const merged: Merged[] = live.map((r) => ({
    jobId: r.job_id,
    type: r.job_type,
    status: r.status,
    details: r.details,
    objectName: r.object_name,
    start: new Date(r.start_time),
    update: new Date(r.update_time),
    source: "live" as const,
    obj: r.object_id === null ? undefined : byOid.get(Number(r.object_id)),
    remembered: remembered.get(r.job_id),
  }));
  const liveIds = new Set(merged.map((m) => m.jobId));
  for (const h of history) {
    if (liveIds.has(h.jobId)) continue;
    merged.push({
      jobId: h.jobId,
      type: h.jobType,
      status: h.status,
      details: h.details,
      objectName: h.objectName,
      start: h.startTime,
      update: h.updateTime,
      source: "history",
      obj: h.objectName ? byName.get(h.objectName) : undefined,
      remembered: h,
    });
  }

  const now = opts.now ?? Date.now();
  const samples = buildSamples(merged);
  const jobs = merged.map((m) => toView(cluster, clusterId, m, samples, now)).sort(order);

  if (live.length) {
    try {
      await recordJobs(
        jobs
          .filter((j) => j.source === "live")
          .map((j) => {
            const r = remembered.get(j.jobId);
            return {
              region,
              clusterId,
              jobId: j.jobId,
              jobType: j.type,
              status: j.status,
              objectName: j.objectName,
              details: j.details,
              startTime: new Date(j.startTime),
              updateTime: new Date(j.updateTime),
              tableName: j.table?.name ?? null,
              tableRows: r?.tableRows ?? j.table?.rows ?? null,
            };
          }),
      );
    } catch (err) {
      historyError = `Jobs could not be saved to the history: ${toAppError(err).message}`;
    }
  }
  return { account, region, clusterId, jobs, fetchedAt: new Date(now).toISOString(), liveError, historyError, health: poolHealth(cluster) };
}

/**
 * Peers of a multi-Region cluster are one database, so they list the same jobs (ids are random,
 * 128 bits: the same id is the same job). Shown once, with the other Regions named.
 */
function mergePeers(jobs: JobView[]): JobView[] {
  const first = new Map<string, JobView>();
  const out: JobView[] = [];
  for (const j of jobs) {
    const seen = first.get(j.jobId);
    if (!seen) {
      first.set(j.jobId, j);
      out.push(j);
    } else if (seen.clusterId !== j.clusterId) {
      (seen.alsoOn ??= []).push({ region: j.region, clusterId: j.clusterId });
    }
  }
  return out;
}

/** Statuses in which a connection neither fails nor wakes a sleeping cluster. */
export const CONTACTABLE: ReadonlySet<string> = new Set(["ACTIVE", "UPDATING"]);
const SLEEPING = new Set(["IDLE", "INACTIVE"]);
const FLEET_CONCURRENCY = 8;
/** How long the fleet view waits for one cluster before answering without it (its work goes on). */
const FLEET_BUDGET_MS = 5_000;

/** The promise's value, or "late" after `ms` (the promise keeps running; its failure is ignored). */
export async function within<T>(p: Promise<T>, ms: number): Promise<T | "late"> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), ms);
  });
  p.catch(() => undefined);
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The fleet; each cluster is read through `readCluster` (the coalesced reader, so tabs share reads). */
export async function readFleetJobs(opts: { now?: number; budgetMs?: number }, readCluster: (cluster: ClusterKey, opts: { now?: number }) => Promise<ClusterJobs>): Promise<FleetJobs> {
  const fleet = await listFleet();
  const clusters = fleet.flatMap((r) => r.clusters);
  // The history keys jobs by Region and cluster id (cluster ids are unique across accounts).
  const byRegionId = new Map(clusters.map((c) => [`${c.region}/${c.identifier}`, c]));
  const budget = opts.budgetMs ?? FLEET_BUDGET_MS;
  const results = await mapLimit(clusters, FLEET_CONCURRENCY, async (c) => (CONTACTABLE.has(c.status) ? within(readCluster(c, opts), budget) : undefined));
  let historyError: string | null = null;
  const jobs: JobView[] = [];
  const summaries: FleetClusterJobs[] = clusters.map((c, i) => {
    const r = results[i];
    const done = r && r !== "late" ? r : undefined;
    if (done) {
      jobs.push(...done.jobs);
      historyError ??= done.historyError;
    }
    const note =
      r === "late"
        ? "connecting: the first connection takes a moment; its jobs follow on the next refresh"
        : r
          ? null
          : SLEEPING.has(c.status)
            ? `${c.status}: not contacted, so it is not woken up; its Jobs tab connects`
            : `${c.status}: the cluster does not accept SQL connections now`;
    return {
      account: c.account,
      region: c.region,
      identifier: c.identifier,
      name: c.name,
      status: c.status,
      contacted: !!done,
      pending: r === "late",
      note,
      error: done?.liveError ?? null,
      running: done ? done.jobs.filter((j) => j.running && j.source === "live").length : 0,
    };
  });
  // Remembered jobs of the clusters that were not contacted.
  const seen = new Set(jobs.map((j) => `${j.clusterId}/${j.jobId}`));
  try {
    const now = opts.now ?? Date.now();
    const history = await within(jobHistory({ limit: 300 }), budget);
    if (history === "late") historyError ??= "The job history is still loading; it follows on the next refresh.";
    for (const h of history === "late" ? [] : history) {
      if (seen.has(`${h.clusterId}/${h.jobId}`)) continue;
      const m: Merged = { jobId: h.jobId, type: h.jobType, status: h.status, details: h.details, objectName: h.objectName, start: h.startTime, update: h.updateTime, source: "history", remembered: h };
      const cluster = byRegionId.get(`${h.region}/${h.clusterId}`);
      jobs.push(toView({ account: cluster?.account ?? "", region: h.region }, h.clusterId, m, [], now));
    }
  } catch (err) {
    historyError ??= `The job history could not be read: ${toAppError(err).message}`;
  }
  for (const j of jobs) j.clusterName = byRegionId.get(`${j.region}/${j.clusterId}`)?.name;
  return {
    clusters: summaries,
    jobs: mergePeers(jobs).sort(order),
    regionErrors: fleet.filter((r) => r.error).map((r) => ({ account: r.account, accountName: r.accountName, region: r.region, error: r.error as string })),
    historyError,
    fetchedAt: new Date(opts.now ?? Date.now()).toISOString(),
  };
}
