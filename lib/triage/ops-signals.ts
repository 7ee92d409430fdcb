import type { BackupHealth } from "../backup/age";
import { formatAgeHours } from "../backup/age";
import { ACTIVE_RESTORE_STATUSES, type RestoreJob } from "../backup/model";
import type { JobView } from "../dsql/jobs";
import type { DrillSignal } from "../drills/model";
import { num } from "../format";
import { HINTS, type Signal } from "./signals";

/** Signals from alarms, backups and restores. Pure: the caller fetched the facts. */

const H = 3_600_000;
const MIN = 60_000;

/** A failed restore needs attention for a day; after that it is history on the backups page. */
export const RESTORE_FAILED_RECENT_MS = 24 * H;
/** Without AWS Backup's estimate, a restore running this long is stuck. */
export const RESTORE_STUCK_DEFAULT_MIN = 6 * 60;

export interface AlarmFact {
  name: string;
  reason: string;
  updatedAt: number | null;
  condition: string;
  /** Which runbook applies: the watched metric decides. */
  metric: "occ" | "dpu" | "other";
}

export function alarmSignal(a: AlarmFact): Signal {
  const hint = a.metric === "occ" ? HINTS.occ : a.metric === "dpu" ? HINTS.dpuSpike : HINTS.alarm;
  return {
    kind: "alarm",
    severity: "critical",
    title: `Alarm ${a.name} in ALARM${a.updatedAt ? ` since ${new Date(a.updatedAt).toISOString().slice(0, 16).replace("T", " ")} UTC` : ""}`,
    evidence: { value: 1, unit: "count", text: `${a.condition}. ${a.reason}`.trim() },
    hint,
    sinceMs: a.updatedAt ?? undefined,
  };
}

/**
 * A stale last good backup. A cluster younger than the threshold with no backup yet is not
 * flagged: its first scheduled backup may simply not have come round.
 */
export function backupSignal(h: BackupHealth, cluster: { createdMs: number; status: string }, nowMs: number): Signal | null {
  if (!h.stale) return null;
  if (h.lastGoodAt === undefined && (cluster.status === "CREATING" || nowMs - cluster.createdMs < h.thresholdHours * H)) return null;
  const age = h.ageHours;
  return {
    kind: "backupStale",
    severity: "critical",
    title: age === undefined ? "No completed backup found" : `Last good backup ${formatAgeHours(age)} ago`,
    evidence: {
      value: age ?? Infinity,
      unit: "hours",
      baseline: h.thresholdHours,
      baselineLabel: "stale after (DSQL_OPS_BACKUP_STALE_HOURS)",
      text:
        age === undefined
          ? `No completed backup job in the look-back window; backups count as stale after ${num(h.thresholdHours)} h.`
          : `The newest completed backup was taken ${new Date(h.lastGoodAt!).toISOString().slice(0, 16).replace("T", " ")} UTC, ${num(age, 1)} h ago; stale after ${num(h.thresholdHours)} h.`,
    },
    hint: HINTS.backupStale,
    sinceMs: h.lastGoodAt ? Date.parse(h.lastGoodAt) : undefined,
  };
}

export function isStuck(job: Pick<RestoreJob, "status" | "createdAt" | "expectedMinutes">, nowMs: number): { stuck: boolean; elapsedMin: number; limitMin: number } {
  const elapsedMin = (nowMs - Date.parse(job.createdAt)) / MIN;
  const e = job.expectedMinutes;
  const limitMin = e && e > 0 ? Math.max(2 * e, e + 30) : RESTORE_STUCK_DEFAULT_MIN;
  return { stuck: (ACTIVE_RESTORE_STATUSES as readonly string[]).includes(job.status) && elapsedMin > limitMin, elapsedMin, limitMin };
}

/** A failed restore of the last day, or one running far past its estimate; null otherwise. */
export function restoreSignal(job: RestoreJob, nowMs: number): Signal | null {
  if (job.status === "FAILED" || job.status === "ABORTED") {
    const at = Date.parse(job.completedAt ?? job.createdAt);
    if (nowMs - at > RESTORE_FAILED_RECENT_MS) return null;
    return {
      kind: "restoreFailed",
      severity: "warning",
      title: `Restore ${job.status.toLowerCase()}`,
      evidence: { value: (nowMs - at) / H, unit: "hours", text: `Restore job ${job.id} ${job.status} ${formatAgeHours((nowMs - at) / H)} ago${job.statusMessage ? `: ${job.statusMessage}` : ""}.` },
      hint: HINTS.restoreFailed,
      sinceMs: at,
    };
  }
  const s = isStuck(job, nowMs);
  if (!s.stuck) return null;
  return {
    kind: "restoreStuck",
    severity: "warning",
    title: `Restore running for ${formatAgeHours(s.elapsedMin / 60)}`,
    evidence: {
      value: s.elapsedMin,
      unit: "minutes",
      baseline: s.limitMin,
      baselineLabel: job.expectedMinutes ? `twice AWS Backup's estimate of ${job.expectedMinutes} min` : "no estimate: 6 h",
      text: `Restore job ${job.id} is ${job.status}${job.percentDone === undefined ? "" : ` at ${num(job.percentDone)} %`} after ${num(s.elapsedMin)} min${job.expectedMinutes ? `; AWS Backup expected ${job.expectedMinutes} min` : ""}.`,
    },
    hint: HINTS.restoreStuck,
    sinceMs: Date.parse(job.createdAt),
  };
}

/** A remembered failed build whose index could not be checked (the cluster was not contacted) counts for a day. */
const JOB_FAILED_RECENT_MS = 24 * H;

/**
 * A failed index build that still matters: its index is there and INVALID (queries skip it; a
 * unique one still enforces uniqueness), or, when the index could not be looked at, it failed
 * in the last day. A build whose index was dropped or rebuilt since is history, not a signal.
 */
export function indexJobSignal(j: JobView, nowMs: number, opts: { contacted: boolean; sharedWith?: string[] }): Signal | null {
  if (j.type !== "INDEX_BUILD" || j.status !== "failed") return null;
  const failedAt = Date.parse(j.updateTime);
  const unknown = !j.index && !opts.contacted;
  if (j.index ? j.index.valid : !unknown || nowMs - failedAt > JOB_FAILED_RECENT_MS) return null;
  const name = j.index ? `${j.index.schema}.${j.index.name}` : (j.objectName ?? "an index");
  const ageH = (nowMs - failedAt) / H;
  const shared = opts.sharedWith?.length
    ? ` The multi-Region peer${opts.sharedWith.length > 1 ? "s" : ""} in ${opts.sharedWith.join(", ")} share${opts.sharedWith.length > 1 ? "" : "s"} this index.`
    : "";
  return {
    kind: "indexJob",
    severity: "warning",
    title: j.index ? `Index build failed: ${name} is INVALID` : `Index build of ${name} failed`,
    evidence: {
      value: ageH,
      unit: "hours",
      text: `Job ${j.jobId}${j.table ? ` on ${j.table.name}` : ""} failed ${formatAgeHours(ageH)} ago${j.details ? `: ${j.details}` : ""}.${unknown ? " The cluster was not contacted, so whether the index is still there is not known." : ""}${shared}`,
    },
    hint: j.advice ?? HINTS.indexJob,
    sinceMs: failedAt,
  };
}

const DRILL_SIGNALS = {
  "drill-failed": { kind: "drillFailed", severity: "warning", title: "Last restore drill failed" },
  "drill-overdue": { kind: "drillOverdue", severity: "warning", title: "No passed restore drill within its schedule" },
  "drill-leftover": { kind: "drillLeftover", severity: "warning", title: "A restore drill's copy was left behind" },
} as const;

export function drillSignal(d: DrillSignal): Signal {
  const s = DRILL_SIGNALS[d.kind];
  return { kind: s.kind, severity: s.severity, title: s.title, evidence: { value: 1, unit: "count", text: d.detail }, hint: HINTS[s.kind] };
}
