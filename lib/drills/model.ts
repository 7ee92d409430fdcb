/**
 * Restore drills, pure: when a schedule runs next, whether a drill may take a restore slot, how a
 * restored copy compares with its source, and a drill's figures (RTO, RPO, duration, cost).
 * The runner (runner.ts) reads AWS and SQL and keeps the record; everything decided is here.
 */

export const CADENCES = ["daily", "weekly", "monthly"] as const;
export type Cadence = (typeof CADENCES)[number];

/** Scheduled drills run at this hour (UTC), after the nightly backups of most plans. */
export const DRILL_HOUR_UTC = 6;

/** A drill's life: waiting for a point or a slot, restoring, validating the copy, deleting it, done. */
export const PHASES = ["waiting", "restoring", "validating", "deleting", "done"] as const;
export type Phase = (typeof PHASES)[number];
export type DrillResult = "passed" | "failed";

export type CheckState = "pass" | "fail" | "skip";
export interface DrillCheck {
  id: "restore" | "tables" | "columns" | "indexes" | "rows" | "canary";
  state: CheckState;
  evidence: string;
}

export interface DrillSchedule {
  clusterArn: string;
  account: string;
  region: string;
  clusterName: string;
  cadence: Cadence;
  /** Keep a canary table in the cluster and expect its newest row in the copy. */
  canary: boolean;
  nextRunAt: number;
  setBy: string;
  setAt: number;
}

export interface Drill {
  id: string;
  clusterArn: string;
  account: string;
  region: string;
  clusterName: string;
  trigger: "schedule" | "manual";
  requestedBy: string;
  requestedAt: number;
  phase: Phase;
  result?: DrillResult;
  /** What the drill is doing or waiting for, or why it failed. */
  message?: string;
  recoveryPointArn?: string;
  pointCreatedAt?: number;
  pointSizeBytes?: number;
  restoreJobId?: string;
  restoreStartedAt?: number;
  restoreCompletedAt?: number;
  /** AWS Backup's estimate of the restore, when it gives one. */
  expectedMinutes?: number;
  restoredArn?: string;
  activeAt?: number;
  validatedAt?: number;
  deleteRequestedAt?: number;
  goneAt?: number;
  /** Past this, a copy still there is a leftover whatever its phase. */
  expiresAt: number;
  /** Whether the canary is checked (the cluster's schedule keeps one). */
  canary: boolean;
  checks: DrillCheck[];
  costUsd?: number;
  /** Whether AWS Backup took the verdict (PutRestoreValidationResult), or why not. */
  reported?: string;
  /** The last failed attempt to delete the copy. */
  deleteError?: string;
}

const DAY_MS = 86_400_000;

/**
 * The first run of a cadence strictly after `afterMs`: every day at the drill hour, Mondays for
 * weekly, the 1st of the month for monthly (UTC).
 */
export function nextRunAfter(cadence: Cadence, afterMs: number): number {
  const d = new Date(afterMs);
  let t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), DRILL_HOUR_UTC);
  if (cadence === "monthly") {
    t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1, DRILL_HOUR_UTC);
    if (t <= afterMs) t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1, DRILL_HOUR_UTC);
    return t;
  }
  while (t <= afterMs || (cadence === "weekly" && new Date(t).getUTCDay() !== 1)) t += DAY_MS;
  return t;
}

/** The longest a cadence may go without a successful drill before triage says so (one missed run of slack). */
export const cadenceMs = (c: Cadence) => (c === "daily" ? DAY_MS : c === "weekly" ? 7 * DAY_MS : 31 * DAY_MS);

/**
 * A drill takes a restore slot only while at least two are free, so the last of the account's
 * Region's slots stays for a person's restore.
 */
export function slotVerdict(inUse: number, limit: number): { start: boolean; why: string } {
  if (inUse + 1 < limit) return { start: true, why: `${inUse} of ${limit} restore slots in use` };
  return { start: false, why: `Waiting for a restore slot: ${inUse} of ${limit} in use, and drills leave the last one to people` };
}

/** A database's shape as the validation reads it from the catalog. */
export interface DbShape {
  /** schema.table → column name → data type */
  columns: Record<string, Record<string, string>>;
  /** schema.index → { table, valid } */
  indexes: Record<string, { table: string; valid: boolean }>;
  /** schema.table → the planner's row estimate (negative: never analysed) */
  rows: Record<string, number>;
}

const list = (names: string[], max = 5) => (names.length > max ? `${names.slice(0, max).join(", ")} and ${names.length - max} more` : names.join(", "));

/**
 * The copy against its source now: the same tables, columns and valid indexes, and row estimates
 * within `tolerance` (a fraction; writes since the recovery point move the source on, so a small
 * table is allowed 100 rows either way).
 */
export function compareShapes(source: DbShape, copy: DbShape, tolerance: number, builtAfterPoint: ReadonlySet<string> = new Set()): DrillCheck[] {
  const srcTables = Object.keys(source.columns).sort();
  const missingTables = srcTables.filter((t) => !copy.columns[t]);
  const tables: DrillCheck = missingTables.length
    ? { id: "tables", state: "fail", evidence: `Missing from the copy: ${list(missingTables)} (of ${srcTables.length} tables)` }
    : { id: "tables", state: "pass", evidence: `All ${srcTables.length} tables are there` };

  const columnProblems: string[] = [];
  let columnCount = 0;
  for (const t of srcTables) {
    if (!copy.columns[t]) continue;
    for (const [col, type] of Object.entries(source.columns[t])) {
      columnCount++;
      const got = copy.columns[t][col];
      if (got === undefined) columnProblems.push(`${t}.${col} missing`);
      else if (got !== type) columnProblems.push(`${t}.${col} is ${got}, not ${type}`);
    }
  }
  const columns: DrillCheck = columnProblems.length ? { id: "columns", state: "fail", evidence: list(columnProblems) } : { id: "columns", state: "pass", evidence: `${columnCount} columns match` };

  // An index whose build job ended after the recovery point was not valid in it: its absence is expected.
  // sys.jobs names the object schema-qualified or not: either matches.
  const late = (name: string) => builtAfterPoint.has(name) || builtAfterPoint.has(name.slice(name.indexOf(".") + 1));
  const indexProblems: string[] = [];
  const srcIndexes = Object.entries(source.indexes).filter(([name, i]) => i.valid && !(late(name) && !copy.indexes[name]?.valid));
  for (const [name] of srcIndexes) {
    const got = copy.indexes[name];
    if (!got) indexProblems.push(`${name} missing`);
    else if (!got.valid) indexProblems.push(`${name} not valid`);
  }
  const skipped = Object.keys(source.indexes).filter((name) => source.indexes[name].valid && late(name) && !copy.indexes[name]?.valid);
  const lateNote = skipped.length ? ` (${list(skipped)} built after the recovery point, not expected)` : "";
  const indexes: DrillCheck = indexProblems.length
    ? { id: "indexes", state: "fail", evidence: `${list(indexProblems)}${lateNote}` }
    : { id: "indexes", state: "pass", evidence: `${srcIndexes.length} valid indexes are there and valid${lateNote}` };

  const rowProblems: string[] = [];
  let compared = 0;
  for (const t of srcTables) {
    const want = source.rows[t];
    const got = copy.rows[t];
    if (want === undefined || got === undefined || want < 0 || got < 0) continue;
    compared++;
    if (Math.abs(got - want) > Math.max(100, tolerance * want)) rowProblems.push(`${t}: about ${Math.round(got)} rows, source about ${Math.round(want)}`);
  }
  const pct = Math.round(tolerance * 100);
  const rows: DrillCheck = rowProblems.length
    ? { id: "rows", state: "fail", evidence: `Beyond ${pct} %: ${list(rowProblems)}` }
    : compared
      ? { id: "rows", state: "pass", evidence: `${compared} tables' row estimates within ${pct} % of the source` }
      : { id: "rows", state: "skip", evidence: "No table has a row estimate yet (never analysed)" };
  return [tables, columns, indexes, rows];
}

/**
 * The canary: the source's newest canary row at or before the recovery point must be in the copy.
 * `newest` is that row (none: the canary started after the point, nothing to expect).
 */
export function canaryCheck(enabled: boolean, pointAt: number, newest: { id: string; writtenAt: number } | null | undefined, inCopy: boolean): DrillCheck {
  if (!enabled) return { id: "canary", state: "skip", evidence: "The canary is off for this cluster" };
  if (!newest) return { id: "canary", state: "skip", evidence: `No canary row was written at or before the recovery point (${new Date(pointAt).toISOString()})` };
  const at = new Date(newest.writtenAt).toISOString();
  return inCopy
    ? { id: "canary", state: "pass", evidence: `The copy holds the canary row written ${at}, the newest at or before the recovery point` }
    : {
        id: "canary",
        state: "fail",
        evidence: `The copy lacks the canary row written ${at}, before the recovery point (${new Date(pointAt).toISOString()}): the backup is missing data written before it`,
      };
}

export const verdictOf = (checks: DrillCheck[]): DrillResult => (checks.some((c) => c.state === "fail") ? "failed" : "passed");

/** One line for AWS Backup's ValidationStatusMessage and for notices. */
export function verdictMessage(checks: DrillCheck[]): string {
  const failed = checks.filter((c) => c.state === "fail");
  return failed.length
    ? `Failed: ${failed.map((c) => `${c.id}: ${c.evidence}`).join("; ")}`
    : `Passed: ${checks
        .filter((c) => c.state === "pass")
        .map((c) => c.id)
        .join(", ")}`;
}

export interface DrillFigures {
  /** Request to a validated ACTIVE copy (only for a drill whose copy was validated). */
  rtoMs?: number;
  /** The recovery point's age when the drill started. */
  rpoMs?: number;
  restoreMs?: number;
  expectedMs?: number;
}

export function figuresOf(d: Drill): DrillFigures {
  return {
    rtoMs: d.validatedAt !== undefined ? d.validatedAt - d.requestedAt : undefined,
    rpoMs: d.pointCreatedAt !== undefined && d.restoreStartedAt !== undefined ? d.restoreStartedAt - d.pointCreatedAt : undefined,
    restoreMs: d.restoreStartedAt !== undefined && d.restoreCompletedAt !== undefined ? d.restoreCompletedAt - d.restoreStartedAt : undefined,
    expectedMs: d.expectedMinutes !== undefined ? d.expectedMinutes * 60_000 : undefined,
  };
}

/** A drill whose copy should be gone and is not: its delete failed, or it outlived its expiry. */
export const isLeftover = (d: Drill, nowMs: number): boolean => !!d.restoredArn && d.goneAt === undefined && (!!d.deleteError || nowMs > d.expiresAt);

/** The drill the readiness check and triage judge by: the newest with a verdict (its copy may still be being deleted). */
export function lastVerdict(drills: Drill[]): Drill | undefined {
  return drills.filter((d) => d.result).sort((a, b) => b.requestedAt - a.requestedAt)[0];
}

/** What triage says about a cluster's drills (lib/triage/ops-signals.ts makes the signal). */
export interface DrillSignal {
  kind: "drill-failed" | "drill-overdue" | "drill-leftover";
  clusterArn: string;
  clusterName: string;
  account: string;
  region: string;
  detail: string;
}
