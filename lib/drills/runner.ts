import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit } from "../audit";
import { config } from "../aws/config";
import { parseClusterArn } from "../aws/scope";
import { describeRestore, newestCompletedPoint, reportRestoreValidation, RESTORE_LIMIT, restoresInUse, startDrillRestore } from "../backup/drill-jobs";
import { mapLimit } from "../concurrency";
import { dpuDollars, GB, storageDollars } from "../cost";
import { regionPrice } from "../cost/pricing";
import { deleteCluster, getCluster, tagCluster } from "../dsql/clusters";
import { toAppError } from "../errors";
import { metricsEngine } from "../metrics/engine";
import { type Drill, type DrillCheck, nextRunAfter, slotVerdict, verdictMessage, verdictOf } from "./model";
import { claimCanaryWrite, claimDrill, claimScheduledRun, insertDrill, listSchedules, openDrills, releaseDrill, saveDrill } from "./store";
import { validateCopy, writeCanaryRow } from "./validate";

/**
 * The drill runner: every instance ticks it (instrumentation.ts); the store's leases and claims
 * make each step happen once. A step reads where the drill is in AWS and moves it on:
 * waiting → restoring → validating → deleting → done. Nothing here writes to the source cluster
 * except the opt-in canary row; the copy is found, tagged, read and deleted by its own ARN.
 */

/** Tags on a drill's copy: which drill made it, and when it may be swept. */
export const DRILL_TAG = "dsql-ops:drill";
export const DRILL_EXPIRES_TAG = "dsql-ops:drill-expires";
/** A failed delete is tried again after this long. */
const DELETE_RETRY_MS = 5 * 60_000;
const SYSTEM = { name: "dsql-ops drills", role: "operator" as const, groups: [] };

type Step = (d: Drill, nowMs: number) => Promise<void>;

const clusterOf = (arn: string) => {
  const key = parseClusterArn(arn);
  if (!key) throw new Error(`Not a DSQL cluster ARN: ${arn}`);
  return key;
};

const fail = (d: Drill, check: DrillCheck) => {
  d.checks = [...d.checks.filter((c) => c.id !== check.id), check];
  d.result = "failed";
  d.message = check.evidence;
  // A copy may exist (a restore that failed late): it still has to go.
  d.phase = d.restoredArn ? "deleting" : "done";
};

const waiting: Step = async (d, nowMs) => {
  const source = await getCluster(clusterOf(d.clusterArn));
  if (!d.recoveryPointArn) {
    const point = await newestCompletedPoint(source);
    if (!point) return fail(d, { id: "restore", state: "fail", evidence: "The cluster has no completed recovery point to restore" });
    d.recoveryPointArn = point.arn;
    d.pointCreatedAt = Date.parse(point.createdAt);
    d.pointSizeBytes = point.sizeBytes;
  }
  const slot = slotVerdict(await restoresInUse(source), RESTORE_LIMIT);
  if (!slot.start) {
    d.message = slot.why;
    return;
  }
  d.restoreJobId = await startDrillRestore(source, d.recoveryPointArn, d.id);
  d.restoreStartedAt = nowMs;
  d.phase = "restoring";
  d.message = `Restore ${d.restoreJobId} started (${slot.why} before it)`;
};

const restoring: Step = async (d, nowMs) => {
  const job = await describeRestore(d, d.restoreJobId!);
  if (job.expectedMinutes !== undefined) d.expectedMinutes = job.expectedMinutes;
  if (job.status === "FAILED" || job.status === "ABORTED") {
    d.restoreCompletedAt = job.completedAt ? Date.parse(job.completedAt) : nowMs;
    if (job.createdResourceArn) d.restoredArn = job.createdResourceArn;
    return fail(d, { id: "restore", state: "fail", evidence: `The restore ${job.status.toLowerCase()}: ${job.statusMessage ?? "no reason given"}` });
  }
  if (job.status !== "COMPLETED" || !job.createdResourceArn) {
    d.message = `Restore ${job.status.toLowerCase()}${job.percentDone !== undefined ? ` (${Math.round(job.percentDone)} %)` : ""}`;
    return;
  }
  d.restoreCompletedAt ??= job.completedAt ? Date.parse(job.completedAt) : nowMs;
  if (!d.restoredArn) {
    d.restoredArn = job.createdResourceArn;
    await tagCluster(
      { ...clusterOf(d.restoredArn), arn: d.restoredArn },
      { [DRILL_TAG]: d.id, [DRILL_EXPIRES_TAG]: new Date(d.expiresAt).toISOString(), Name: `drill-${d.clusterName}`.slice(0, 256) },
    );
  }
  const copy = await getCluster(clusterOf(d.restoredArn));
  if (copy.status !== "ACTIVE") {
    d.message = `The copy ${copy.identifier} is ${copy.status}`;
    return;
  }
  d.activeAt = nowMs;
  d.checks = [{ id: "restore", state: "pass", evidence: `Restored into ${copy.identifier}, ACTIVE` }];
  d.phase = "validating";
  d.message = "Validating the copy against the source";
};

const validating: Step = async (d, nowMs) => {
  const { rowTolerance } = config().drills;
  const checks = await validateCopy({ source: clusterOf(d.clusterArn), copy: clusterOf(d.restoredArn!), pointAt: d.pointCreatedAt!, canary: d.canary, tolerance: rowTolerance });
  d.checks = [...d.checks.filter((c) => c.id === "restore"), ...checks];
  d.result = verdictOf(d.checks);
  d.validatedAt = nowMs;
  const message = verdictMessage(d.checks);
  d.message = message;
  try {
    await reportRestoreValidation(d, d.restoreJobId!, d.result === "passed", message);
    d.reported = "Reported to AWS Backup";
  } catch (err) {
    // The dashboard's record stands either way.
    d.reported = `AWS Backup did not take the verdict: ${toAppError(err).message}`;
  }
  d.phase = "deleting";
};

const deleting: Step = async (d, nowMs) => {
  if (!d.restoredArn) {
    d.phase = "done";
    return;
  }
  const key = clusterOf(d.restoredArn);
  if (d.deleteRequestedAt === undefined || (d.deleteError && nowMs - d.deleteRequestedAt >= DELETE_RETRY_MS)) {
    d.deleteRequestedAt = nowMs;
    try {
      await deleteCluster(key);
      d.deleteError = undefined;
      await recordAudit({ user: SYSTEM, action: "drill.delete-copy", target: d.restoredArn, params: { drill: d.id, source: d.clusterArn }, allowed: true, result: "ok", status: 200 });
    } catch (err) {
      const e = toAppError(err);
      if (e.status !== 404) {
        d.deleteError = e.message;
        d.message = `Could not delete the copy ${key.identifier}: ${e.message}; trying again every ${DELETE_RETRY_MS / 60_000} minutes`;
        return;
      }
    }
  }
  try {
    const c = await getCluster(key);
    d.message = `The copy ${key.identifier} is ${c.status}`;
    return;
  } catch (err) {
    if (toAppError(err).status !== 404) throw err;
  }
  d.goneAt = nowMs;
  d.phase = "done";
  d.message = `${d.result === "passed" ? "Passed" : "Failed"}; the copy is deleted`;
  d.costUsd = (await drillCost(d)) ?? undefined;
};

const STEPS: Record<Exclude<Drill["phase"], "done">, Step> = { waiting, restoring, validating, deleting };

/**
 * The copy's cost while it lived: its DPUs (CloudWatch, TotalDPU) and the point's size stored for
 * that time, at the Region's price. An estimate: storage is billed by the hour on the copy's real size.
 */
async function drillCost(d: Drill): Promise<number | null> {
  if (!d.restoredArn || d.activeAt === undefined || d.goneAt === undefined) return null;
  const key = clusterOf(d.restoredArn);
  const price = await regionPrice(d.region);
  const startMs = d.restoreCompletedAt ?? d.activeAt;
  const endMs = Math.max(d.goneAt, startMs + 60_000);
  let dpu = 0;
  try {
    const r = await metricsEngine().fetch({ account: key.account, region: key.region, window: { startMs, endMs }, series: [{ cluster: key.identifier, metric: "TotalDPU", period: 60 }] });
    dpu = (r.series[0]?.points ?? []).reduce((sum, [, v]) => sum + (v ?? 0), 0);
  } catch {
    // No DPU figure: storage alone.
  }
  const gbMonths = ((d.pointSizeBytes ?? 0) / GB) * ((endMs - startMs) / (730 * 3_600_000));
  const dollars = [dpuDollars(dpu, price), storageDollars(gbMonths, price)];
  return dollars.some((x) => x === null) ? null : (dollars[0] ?? 0) + (dollars[1] ?? 0);
}

/** A drill that outlived its expiry before its verdict fails, and its copy (if any) goes. */
function expire(d: Drill, nowMs: number) {
  if (nowMs <= d.expiresAt || d.result || d.phase === "deleting" || d.phase === "done") return;
  fail(d, { id: "restore", state: "fail", evidence: `The drill did not reach a verdict before its expiry (${new Date(d.expiresAt).toISOString()}); it stopped ${d.phase}: ${d.message ?? ""}` });
}

/** Moves one drill on as far as it goes now (a few steps at most), under its lease. */
export async function advanceDrill(id: string, nowMs = Date.now()): Promise<Drill | undefined> {
  const d = await claimDrill(id, nowMs);
  if (!d) return undefined;
  try {
    expire(d, nowMs);
    for (let i = 0; i < 4 && d.phase !== "done"; i++) {
      const before = d.phase;
      try {
        await STEPS[d.phase](d, nowMs);
      } catch (err) {
        // AWS or SQL said no for now: kept, and tried again at the next tick.
        d.message = `${d.phase}: ${toAppError(err).message}`;
        break;
      }
      if (d.phase === before) break;
    }
    await saveDrill(d);
    return d;
  } finally {
    await releaseDrill(id);
  }
}

export interface NewDrill {
  cluster: { arn: string; account: string; region: string; name: string };
  trigger: Drill["trigger"];
  requestedBy: string;
  canary: boolean;
}

export async function createDrill(input: NewDrill, nowMs = Date.now()): Promise<Drill> {
  const d: Drill = {
    id: randomUUID(),
    clusterArn: input.cluster.arn,
    account: input.cluster.account,
    region: input.cluster.region,
    clusterName: input.cluster.name,
    trigger: input.trigger,
    requestedBy: input.requestedBy,
    requestedAt: nowMs,
    phase: "waiting",
    expiresAt: nowMs + config().drills.expiryHours * 3_600_000,
    checks: [],
    canary: input.canary,
  };
  await insertDrill(d);
  return d;
}

/** Scheduled runs that are due become drills, each claimed by one instance. */
async function startDueSchedules(nowMs: number): Promise<void> {
  for (const s of await listSchedules()) {
    if (s.nextRunAt > nowMs) continue;
    if (!(await claimScheduledRun(s.clusterArn, s.nextRunAt, nextRunAfter(s.cadence, nowMs)))) continue;
    await createDrill({ cluster: { arn: s.clusterArn, account: s.account, region: s.region, name: s.clusterName }, trigger: "schedule", requestedBy: s.setBy, canary: s.canary });
  }
}

/** One canary row per interval in each cluster whose schedule keeps a canary. */
async function writeCanaries(nowMs: number): Promise<void> {
  const intervalMs = config().drills.canaryIntervalMin * 60_000;
  for (const s of await listSchedules()) {
    if (!s.canary || nowMs - s.canaryAt < intervalMs) continue;
    if (!(await claimCanaryWrite(s.clusterArn, nowMs - intervalMs + 1, nowMs))) continue;
    try {
      await writeCanaryRow(clusterOf(s.clusterArn), randomUUID(), nowMs);
    } catch (err) {
      console.error(`drills: canary row for ${s.clusterName} not written: ${toAppError(err).message}`);
    }
  }
}

/** One tick of every instance's runner: due schedules, canaries, then every open drill. */
export async function tickDrills(nowMs = Date.now()): Promise<Drill[]> {
  await startDueSchedules(nowMs);
  await writeCanaries(nowMs);
  const moved = await mapLimit(await openDrills(), 4, (d) => advanceDrill(d.id, nowMs));
  return moved.filter((d): d is Drill => !!d);
}
