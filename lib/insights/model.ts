/**
 * Database Insights for one cluster, as the Insights tab shows it: average active sessions (AAS,
 * CloudWatch's `db.active_sessions.avg` from DSQL's DASH sampler) over time by wait event; the
 * statements, applications and roles that carry the load over the range, each beside the same
 * window a day and a week earlier; and the sessions left idle inside open transactions (the
 * ClientRead wait), with what they are estimated to cost. Pure: lib/insights/index.ts feeds it.
 */

export const AAS_METRIC = "db.active_sessions.avg";
export const LABEL = {
  cluster: "@resource.aws.auroradsql.cluster_id",
  wait: "db.wait.event",
  statement: "db.query.normalized_text",
  app: "application.name",
  role: "aws.auroradsql.session.role.arn",
} as const;
/** DASH's wait event for a session idle in an open transaction, waiting on its client. */
export const CLIENT_READ = "ClientRead";

export interface InsightSeries {
  labels: Record<string, string>;
  points: [number, number][];
}

export interface InsightWindow {
  startMs: number;
  endMs: number;
  stepMs: number;
}

export type Dimension = "statement" | "app" | "role";

export interface LoadRow {
  /** The label's value ("" where DASH had none: no application name set). */
  key: string;
  /** Mean AAS over the window. */
  aas: number;
  /** The same window a day and a week earlier (undefined: no data then). */
  dayBefore?: number;
  weekBefore?: number;
  /** Its AAS by wait event. */
  waits: Record<string, number>;
  /** Where it runs, when a list spans clusters (the fleet page). */
  where?: string;
}

export interface LeakRow {
  app: string;
  role: string;
  /** Mean sessions idle in transaction over the window. */
  aas: number;
  /** Session-seconds spent idle in transaction over the window. */
  sessionSeconds: number;
  /** Compute DPUs ascribed to them (see LEAK_MODEL); undefined without the cluster's ComputeDPU. */
  estimatedDpu?: number;
}

export interface Insights {
  window: InsightWindow;
  /** Wait events by load, largest first (the chart's stacking order). */
  waits: string[];
  timeline: { t: number; byWait: Record<string, number> }[];
  totalAas: number;
  top: Record<Dimension, LoadRow[]>;
  leaks: LeakRow[];
}

/**
 * The labelled cost model of leaked transactions. DSQL meters compute for the work of a
 * transaction while it is open; DASH counts a session idle in transaction like an active one. So
 * the cluster's ComputeDPU over the window is shared out by session time, and the idle sessions'
 * share is their estimated cost. An estimate, not an AWS figure.
 */
export const LEAK_MODEL =
  "Estimate: the cluster's ComputeDPU over the range shared out by session time (DASH's average active sessions), idle-in-transaction sessions included. Source: CloudWatch ComputeDPU and db.active_sessions.avg; the model is ours, not an AWS rate.";

export const DIM_LABEL: Record<Dimension, string> = { statement: LABEL.statement, app: LABEL.app, role: LABEL.role };
const steps = (w: InsightWindow) => Math.max(1, Math.floor((w.endMs - w.startMs) / w.stepMs) + 1);
/** Mean over the window's steps, a step without a sample counting as zero (no active session then). */
export const meanOf = (s: InsightSeries, w: InsightWindow) => s.points.reduce((sum, [, v]) => sum + v, 0) / steps(w);
const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

/** A series' key in a top list: one label's value ("" where DASH had none). */
export type KeyOf = (labels: Record<string, string>) => string;
export const labelKey =
  (label: string): KeyOf =>
  (labels) =>
    labels[label] ?? "";

/** AAS per key, from series that carry its labels (a comparison window's instant answer, already a mean). */
export function byKey(series: InsightSeries[], key: KeyOf): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of series) add(out, key(s.labels), s.points.at(-1)?.[1] ?? 0);
  return out;
}

/** The heaviest keys by load with their waits, beside the same keys' load in the earlier windows. */
export function topRows(input: { series: InsightSeries[]; key: KeyOf; value: (s: InsightSeries) => number; dayBefore?: InsightSeries[]; weekBefore?: InsightSeries[]; limit: number }): LoadRow[] {
  const rows = new Map<string, LoadRow>();
  for (const s of input.series) {
    const key = input.key(s.labels);
    const row = rows.get(key) ?? { key, aas: 0, waits: {} };
    const m = input.value(s);
    row.aas += m;
    const wait = s.labels[LABEL.wait] ?? "";
    row.waits[wait] = (row.waits[wait] ?? 0) + m;
    rows.set(key, row);
  }
  const day = input.dayBefore && byKey(input.dayBefore, input.key);
  const week = input.weekBefore && byKey(input.weekBefore, input.key);
  return [...rows.values()]
    .sort((a, b) => b.aas - a.aas)
    .slice(0, input.limit)
    .map((r) => ({ ...r, dayBefore: day?.get(r.key), weekBefore: week?.get(r.key) }));
}

/** A range answer's load stacked by wait event per step, the waits largest first, and the mean total. */
export function waitTimeline(series: InsightSeries[], w: InsightWindow): Pick<Insights, "waits" | "timeline" | "totalAas"> {
  const byWait = new Map<string, number>();
  const timeline = new Map<number, Record<string, number>>();
  for (const s of series) {
    const wait = s.labels[LABEL.wait] ?? "";
    add(byWait, wait, meanOf(s, w));
    for (const [t, v] of s.points) {
      const row = timeline.get(t) ?? {};
      row[wait] = (row[wait] ?? 0) + v;
      timeline.set(t, row);
    }
  }
  return {
    waits: [...byWait].sort((a, b) => b[1] - a[1]).map(([k]) => k),
    timeline: [...timeline].sort((a, b) => a[0] - b[0]).map(([t, byWait]) => ({ t, byWait })),
    totalAas: [...byWait.values()].reduce((a, b) => a + b, 0),
  };
}

export function buildInsights(input: {
  window: InsightWindow;
  /** The range answer: mean AAS per step by wait event, statement, application and role. */
  series: InsightSeries[];
  /** Instant answers over the same-length window a day and a week before, by statement, application and role. */
  dayBefore?: InsightSeries[];
  weekBefore?: InsightSeries[];
  /** The cluster's ComputeDPU summed over the window, for the leak estimate. */
  computeDpu?: number;
  /** How many rows each top list keeps. */
  limit?: number;
}): Insights {
  const { window: w, series } = input;
  const limit = input.limit ?? 10;
  const { waits, timeline, totalAas } = waitTimeline(series, w);

  const top = {} as Record<Dimension, LoadRow[]>;
  for (const dim of Object.keys(DIM_LABEL) as Dimension[]) {
    top[dim] = topRows({ series, key: labelKey(DIM_LABEL[dim]), value: (s) => meanOf(s, w), dayBefore: input.dayBefore, weekBefore: input.weekBefore, limit });
  }

  const seconds = (w.endMs - w.startMs) / 1000;
  const leaks = new Map<string, LeakRow>();
  for (const s of series.filter((x) => x.labels[LABEL.wait] === CLIENT_READ)) {
    const app = s.labels[LABEL.app] ?? "";
    const role = s.labels[LABEL.role] ?? "";
    const key = JSON.stringify([app, role]);
    const row = leaks.get(key) ?? { app, role, aas: 0, sessionSeconds: 0 };
    row.aas += meanOf(s, w);
    row.sessionSeconds = row.aas * seconds;
    leaks.set(key, row);
  }
  const totalSessionSeconds = totalAas * seconds;
  const leakRows = [...leaks.values()]
    .map((r) => ({ ...r, ...(input.computeDpu !== undefined && totalSessionSeconds > 0 && { estimatedDpu: (input.computeDpu * r.sessionSeconds) / totalSessionSeconds }) }))
    .sort((a, b) => b.aas - a.aas);

  return { window: w, waits, timeline, totalAas, top, leaks: leakRows };
}

/** A change against an earlier window, as a share (0.5 = +50 %); undefined when there is nothing to compare with. */
export function change(now: number, before: number | undefined): number | undefined {
  if (before === undefined || before <= 0) return undefined;
  return now / before - 1;
}

/** DSQL reports commit-time waits, OCC validation included, against a statement named COMMIT. */
export const COMMIT_STATEMENT = "COMMIT";

/**
 * The labelled model of retried work: a transaction aborted by an OCC conflict is taken to have
 * spent the range's mean DPUs per transaction before it failed, and its retry spends them again;
 * the total is shared out by each application's Commit waits (where the conflicts are paid).
 */
export const RETRY_MODEL =
  "Estimate: OCC conflicts × the range's DPUs per transaction (TotalDPU / TotalTransactions), shared out by Commit waits. Source: CloudWatch OccConflicts, TotalTransactions, TotalDPU and db.active_sessions.avg; the model is ours, not an AWS figure.";

export interface ContentionRow {
  app: string;
  role: string;
  /** Mean sessions waiting in COMMIT over the window. */
  commitAas: number;
  /** Its share of the cluster's Commit waits (0..1). */
  share: number;
  /** Its share of the retried work's DPUs (RETRY_MODEL); undefined without the CloudWatch figures. */
  estimatedRetryDpu?: number;
}

export interface Contention {
  /** Measured over the window (CloudWatch, Sum); undefined when unread. */
  conflicts?: number;
  transactions?: number;
  /** OccConflicts / TotalTransactions in per cent; undefined with no transactions. */
  ratePct?: number;
  /** Total Commit waits (AAS), and by application and role, largest first. */
  commitAas: number;
  byApp: ContentionRow[];
  /** DPUs spent on work that conflicted and was retried (RETRY_MODEL). */
  retryDpu?: number;
}

/** OCC contention as far as AWS's data tells it: the measured rate, who waits in COMMIT, and the estimated cost of retries. */
export function contentionOf(input: { window: InsightWindow; series: InsightSeries[]; conflicts?: number; transactions?: number; totalDpu?: number }): Contention {
  const { window: w, conflicts, transactions, totalDpu } = input;
  const rows = new Map<string, ContentionRow>();
  for (const s of input.series.filter((x) => x.labels[LABEL.statement] === COMMIT_STATEMENT)) {
    const app = s.labels[LABEL.app] ?? "";
    const role = s.labels[LABEL.role] ?? "";
    const key = JSON.stringify([app, role]);
    const row = rows.get(key) ?? { app, role, commitAas: 0, share: 0 };
    row.commitAas += meanOf(s, w);
    rows.set(key, row);
  }
  const commitAas = [...rows.values()].reduce((a, r) => a + r.commitAas, 0);
  const ratePct = conflicts !== undefined && transactions ? (100 * conflicts) / transactions : undefined;
  const retryDpu = conflicts !== undefined && transactions && totalDpu !== undefined ? (conflicts * totalDpu) / transactions : undefined;
  const byApp = [...rows.values()]
    .map((r) => {
      const share = commitAas > 0 ? r.commitAas / commitAas : 0;
      return { ...r, share, ...(retryDpu !== undefined && { estimatedRetryDpu: retryDpu * share }) };
    })
    .sort((a, b) => b.commitAas - a.commitAas);
  return { conflicts, transactions, ratePct, commitAas, byApp, retryDpu };
}
