import { compact, num, pct } from "../format";
import { detectDpuSpike, DAY_MS, latencyAboveBaseline, ratePct, BASELINE_DAYS, type HourWindow, type Points } from "./baselines";

/**
 * What needs attention on a cluster, each with its evidence (the number, the baseline it was
 * held against, the window) and a one-line runbook hint. Pure builders; lib/triage/index.ts
 * gathers the inputs.
 */

export type Severity = "critical" | "warning";

export type SignalKind =
  | "occ"
  | "timeouts"
  | "latency"
  | "dpuSpike"
  | "alarm"
  | "indexJob"
  | "backupStale"
  | "restoreFailed"
  | "restoreStuck"
  | "drillFailed"
  | "drillOverdue"
  | "drillLeftover"
  | "leakedTx";

export interface Evidence {
  /** The figure that tripped the signal, in `unit`. */
  value: number;
  unit: "percent" | "count" | "ms" | "dpu" | "hours" | "minutes" | "sessions";
  /** What it was held against (threshold or baseline), same unit. */
  baseline?: number;
  baselineLabel?: string;
  /** The window the figure covers; absent for point-in-time facts (an alarm's state). */
  window?: HourWindow;
  /** The evidence as a sentence. */
  text: string;
}

export interface Signal {
  kind: SignalKind;
  severity: Severity;
  title: string;
  evidence: Evidence;
  hint: string;
  /** When the problem started, if known (alarms, jobs). */
  sinceMs?: number;
}

export const HINTS: Record<SignalKind, string> = {
  occ: "Retry aborted transactions (SQLSTATE 40001) with backoff and jitter, make writes idempotent, and spread hot keys (no single counter or status row everyone updates).",
  timeouts: "Queries hit the transaction time limit: add the missing index (CREATE INDEX ASYNC), split large writes into smaller transactions, and page through big reads.",
  latency: "Commit latency grows with contention and write size: check the OCC rate and the largest transactions; multi-Region writes also wait for the peer.",
  dpuSpike: "Find the workload: compare Read, Write and Compute DPU on the cluster page; a batch job or a full scan for want of an index is the usual cause.",
  alarm: "Open the cluster page: the alarm's metric is charted there, and its reason names the datapoints that breached.",
  indexJob: "A failed build leaves the index INVALID: DROP INDEX it, fix the cause (for a UNIQUE index, the duplicate keys) and run CREATE INDEX ASYNC again.",
  backupStale: "Check that the backup plan still selects this cluster and that the cluster is ACTIVE, then start an on-demand backup.",
  restoreFailed: "Read the job's status message; a restore creates a new cluster and overwrites nothing, so fix the cause and start it again.",
  drillFailed: "Open the drill on the Drills page: each check names what the restored copy lacked; a missing canary row means a backup without data written before it.",
  drillOverdue: "The schedule has not produced a passed drill in time: look for drills waiting for a restore slot or a recovery point, or start one now.",
  drillLeftover: "A drill's restored copy is still there and billed: delete it (the Drills page names why the dashboard could not), or give the dashboard dsql:DeleteCluster.",
  leakedTx:
    "Sessions sit idle inside open transactions: find where the application opens a transaction and leaves it open (a missing COMMIT or ROLLBACK, a pooled connection handed back mid-transaction); the cluster's Insights tab names the statement and role.",
  restoreStuck: "Running well past AWS Backup's own estimate: check the job in the AWS Backup console; the new cluster stays CREATING until the job ends.",
};

const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 100, warning: 10 };

const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);
export const windowLabel = (w: HourWindow) => `${hhmm(w.startMs)}–${hhmm(w.endMs)} UTC`;

/** The CloudWatch series triage reads per cluster. */
export const TRIAGE_METRICS = ["TotalDPU", "CommitLatency", "OccConflicts", "TotalTransactions", "QueryTimeouts"] as const;
export type TriageMetric = (typeof TRIAGE_METRICS)[number];

export interface MetricEvidenceInput {
  series: Record<TriageMetric, Points>;
  window: HourWindow;
  thresholdPct: number;
  /** When the cluster was created: days before it have no baseline. */
  createdMs: number;
}

/** Fewer transactions than this in the hour and a rate says nothing (1 conflict of 3 is not 33 % of anything). */
export const MIN_TRANSACTIONS = 100;

export function metricSignals({ series, window, thresholdPct, createdMs }: MetricEvidenceInput): Signal[] {
  const out: Signal[] = [];
  const when = `in the last hour (${windowLabel(window)})`;

  const occ = ratePct(series.OccConflicts, series.TotalTransactions, window, MIN_TRANSACTIONS);
  if (occ.ratePct !== null && occ.ratePct >= thresholdPct) {
    const usual = ratePct(series.OccConflicts, series.TotalTransactions, { startMs: window.startMs - BASELINE_DAYS * DAY_MS, endMs: window.startMs }, MIN_TRANSACTIONS).ratePct;
    out.push({
      kind: "occ",
      severity: "critical",
      title: `OCC conflict rate ${pct(occ.ratePct)} (threshold ${pct(thresholdPct, 0)})`,
      evidence: {
        value: occ.ratePct,
        unit: "percent",
        baseline: thresholdPct,
        baselineLabel: "threshold",
        window,
        text: `${num(occ.conflicts)} of ${num(occ.transactions)} transactions aborted by OCC conflicts ${when}${usual === null ? "" : `; ${pct(usual)} over the previous 7 days`}.`,
      },
      hint: HINTS.occ,
    });
  }

  const timeouts = series.QueryTimeouts.filter(([t]) => t >= window.startMs && t < window.endMs).reduce((s, [, v]) => s + v, 0);
  if (timeouts > 0) {
    out.push({
      kind: "timeouts",
      severity: "critical",
      title: `${num(timeouts)} query timeout${timeouts === 1 ? "" : "s"} in the last hour`,
      evidence: { value: timeouts, unit: "count", baseline: 0, baselineLabel: "expected", window, text: `${num(timeouts)} queries hit the maximum transaction time ${when}.` },
      hint: HINTS.timeouts,
    });
  }

  const lat = latencyAboveBaseline(series.CommitLatency, window);
  if (lat.above) {
    out.push({
      kind: "latency",
      severity: "warning",
      title: `Commit latency ${num(lat.current!, 1)} ms, ${num(lat.ratio!, 1)}× its 7-day median`,
      evidence: {
        value: lat.current!,
        unit: "ms",
        baseline: lat.baseline!,
        baselineLabel: "7-day median",
        window,
        text: `Mean P50 commit latency ${num(lat.current!, 1)} ms ${when} against a median of ${num(lat.baseline!, 1)} ms over the previous 7 days.`,
      },
      hint: HINTS.latency,
    });
  }

  const dpu = detectDpuSpike(series.TotalDPU, window, createdMs);
  if (dpu.spike) {
    const times = dpu.ratio === Infinity ? "up from none" : `${num(dpu.ratio!, 1)}× the usual`;
    out.push({
      kind: "dpuSpike",
      severity: "warning",
      title: `DPU spike: ${compact(dpu.current)} DPU in the last hour, ${times}`,
      evidence: {
        value: dpu.current,
        unit: "dpu",
        baseline: dpu.baseline!,
        baselineLabel: `median of the same hour on ${dpu.days} previous days`,
        window,
        text: `${num(dpu.current)} DPU ${when} against a median of ${num(dpu.baseline!)} DPU in the same hour on the previous ${dpu.days} days.`,
      },
      hint: HINTS.dpuSpike,
    });
  }
  return out;
}

export const scoreOf = (signals: readonly Signal[]) => signals.reduce((s, x) => s + SEVERITY_WEIGHT[x.severity], 0);

export function worstSeverity(signals: readonly Signal[]): Severity | null {
  if (signals.some((s) => s.severity === "critical")) return "critical";
  return signals.length ? "warning" : null;
}

/** Critical first, then by kind in the order a responder reads them. */
const KIND_ORDER: SignalKind[] = ["alarm", "occ", "timeouts", "backupStale", "restoreFailed", "restoreStuck", "indexJob", "leakedTx", "latency", "dpuSpike"];
export function sortSignals(signals: Signal[]): Signal[] {
  return [...signals].sort((a, b) => SEVERITY_WEIGHT[b.severity] - SEVERITY_WEIGHT[a.severity] || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}
