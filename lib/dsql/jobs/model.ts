import { type Scope } from "../../aws/scope";
import { type PoolHealth } from "../connection";
import { estimateBuild, type BuildSample, type Estimate } from "./estimate";
import { type HistoryRecord } from "./history";

/**
 * DSQL's asynchronous jobs (sys.jobs: index builds, ANALYZE, DROP) as the dashboard shows them:
 * the stage and elapsed time (sys.jobs has no percentage), the table and index involved, an
 * estimate only where earlier builds ground it, and the history the store keeps after DSQL forgets.
 */

export type JobSource = "live" | "history";

export interface JobView extends Scope {
  clusterId: string;
  clusterName?: string;
  /** The same job seen through the other Regions of a multi-Region cluster (one logical database). */
  alsoOn?: { region: string; clusterId: string }[];
  jobId: string;
  type: string;
  status: string;
  /** What the job is doing, in words. */
  stage: string;
  running: boolean;
  details: string | null;
  objectName: string | null;
  table: { name: string; rows: number | null } | null;
  index: { name: string; schema: string; valid: boolean; unique: boolean; definition: string | null } | null;
  startTime: string;
  updateTime: string;
  /** Seconds since submission (running) or from submission to the last change (finished). */
  elapsedS: number;
  estimate: Estimate | null;
  /** live: listed by sys.jobs now; history: remembered by the dashboard after DSQL dropped it. */
  source: JobSource;
  /** What to do about a failed job, when there is something to do. */
  advice: string | null;
  /** The job's index is invalid and may be dropped (a failed build, or cancelling a running one). */
  canDropIndex: boolean;
}

export interface ClusterJobs extends Scope {
  clusterId: string;
  jobs: JobView[];
  fetchedAt: string;
  /** Why sys.jobs could not be read (the history is still shown). */
  liveError: string | null;
  historyError: string | null;
  health: PoolHealth | null;
}

export const isRunning = (status: string) => status === "submitted" || status === "processing";

export interface SysJobRow {
  job_id: string;
  status: string;
  details: string | null;
  job_type: string;
  object_id: number | null;
  object_name: string | null;
  start_time: Date;
  update_time: Date;
}

export interface ObjectRow {
  oid: number;
  kind: string;
  schema: string;
  name: string;
  valid: boolean | null;
  unique: boolean | null;
  definition: string | null;
  table_schema: string | null;
  table_name: string | null;
  table_rows: number | null;
}

export const SYS_JOBS_SQL = "SELECT job_id, status, details, job_type, object_id, object_name, start_time, update_time FROM sys.jobs";

// The objects behind jobs, by OID (live rows) or by schema-qualified name (remembered rows whose
// index may still be there, invalid). reltuples is DSQL's cheap row-count estimate; -1 = never analysed.
export const OBJECTS_SQL = `
SELECT c.oid AS oid, c.relkind AS kind, n.nspname AS schema, c.relname AS name,
       i.indisvalid AS valid, i.indisunique AS unique,
       CASE WHEN c.relkind = 'i' THEN pg_get_indexdef(c.oid) END AS definition,
       tn.nspname AS table_schema, t.relname AS table_name, t.reltuples AS table_rows
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_index i ON i.indexrelid = c.oid
LEFT JOIN pg_class t ON t.oid = CASE WHEN c.relkind = 'i' THEN i.indrelid ELSE c.oid END
LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
WHERE c.oid = ANY($1::oid[]) OR (n.nspname || '.' || c.relname) = ANY($2::text[])`;

export function stage(type: string, status: string): string {
  if (status === "submitted") return "queued";
  if (status !== "processing") return status;
  switch (type) {
    case "INDEX_BUILD":
      return "building the index";
    case "ANALYZE":
      return "analyzing the table";
    case "DROP":
      return "removing the dropped object's data";
    case "VALIDATE_CONSTRAINT":
      return "checking the constraint against every row";
    default:
      return "processing";
  }
}

export function advice(job: { type: string; status: string; details: string | null }, index: JobView["index"]): string | null {
  if (job.type === "VALIDATE_CONSTRAINT" && job.status === "failed") {
    return "Existing rows break the constraint, so it stays NOT VALID: new writes are checked, the rows already there are not. Find the rows the error names, fix or delete them, then run ALTER TABLE ASYNC … VALIDATE CONSTRAINT again.";
  }
  if (job.type !== "INDEX_BUILD" || job.status !== "failed") return null;
  if (!index) return "The index this build left behind has since been dropped.";
  if (index.valid) return null;
  if (index.unique && /duplicate key/i.test(job.details ?? "")) {
    return `The table holds duplicate values, so the unique index ${index.schema}.${index.name} could not be built. It stays invalid: queries do not use it, yet it still enforces uniqueness on writes. Drop it, remove the duplicates, and create it again.`;
  }
  return `The build failed and left ${index.schema}.${index.name} invalid: queries do not use it. Drop it, fix the cause, and create it again.`;
}

export const qualified = (schema: string | null, name: string | null) => (schema && name ? `${schema}.${name}` : null);
export const rowsOf = (reltuples: number | null | undefined) => (reltuples === null || reltuples === undefined || reltuples < 0 ? null : Math.round(reltuples));

export interface Merged {
  jobId: string;
  type: string;
  status: string;
  details: string | null;
  objectName: string | null;
  start: Date;
  update: Date;
  source: JobSource;
  obj?: ObjectRow;
  /** From the store: the table and its rows when the job was first seen. */
  remembered?: HistoryRecord;
}

export function toView(scope: Scope, clusterId: string, m: Merged, samples: BuildSample[], now: number): JobView {
  // DSQL lists a job until 30 minutes after it ends: one remembered as running has ended unseen.
  const endedUnseen = m.source === "history" && isRunning(m.status);
  const running = isRunning(m.status) && !endedUnseen;
  const elapsedS = Math.max(0, Math.round(((running ? now : m.update.getTime()) - m.start.getTime()) / 1000));
  const o = m.obj;
  const index = o?.kind === "i" ? { name: o.name, schema: o.schema, valid: !!o.valid, unique: !!o.unique, definition: o.definition } : null;
  const tableName = qualified(o?.table_schema ?? null, o?.table_name ?? null) ?? m.remembered?.tableName ?? null;
  const table = tableName ? { name: tableName, rows: rowsOf(o?.table_rows) ?? m.remembered?.tableRows ?? null } : null;
  const estimate = running && m.type === "INDEX_BUILD" ? estimateBuild(samples, table?.rows ?? null, elapsedS) : null;
  return {
    account: scope.account,
    region: scope.region,
    clusterId,
    jobId: m.jobId,
    type: m.type,
    status: m.status,
    stage: endedUnseen ? "ended; DSQL stopped listing it before the dashboard saw the outcome" : stage(m.type, m.status),
    running,
    details: m.details,
    objectName: m.objectName,
    table,
    index,
    startTime: m.start.toISOString(),
    updateTime: m.update.toISOString(),
    elapsedS,
    estimate,
    source: m.source,
    advice: advice(m, index),
    canDropIndex: m.type === "INDEX_BUILD" && !!index && !index.valid && (running || m.status === "failed"),
  };
}

/** Completed builds on this cluster with a known table size: what estimates stand on. */
export function buildSamples(merged: Merged[]): BuildSample[] {
  return merged
    .filter((m) => m.type === "INDEX_BUILD" && m.status === "completed")
    .map((m) => ({ rows: m.remembered?.tableRows ?? rowsOf(m.obj?.table_rows) ?? -1, durationS: (m.update.getTime() - m.start.getTime()) / 1000 }))
    .filter((s) => s.rows >= 0);
}

/** Running first, then the most recently changed. */
export const order = (a: JobView, b: JobView) => Number(b.running) - Number(a.running) || b.updateTime.localeCompare(a.updateTime);

export interface FleetClusterJobs extends Scope {
  identifier: string;
  name: string;
  status: string;
  /** Whether sys.jobs was read; idle clusters are left asleep. */
  contacted: boolean;
  /** Still connecting when the answer was due (a first connection, a waking cluster): shown on a later refresh. */
  pending: boolean;
  note: string | null;
  error: string | null;
  running: number;
}

export interface FleetJobs {
  clusters: FleetClusterJobs[];
  jobs: JobView[];
  regionErrors: (Scope & { accountName: string; error: string })[];
  historyError: string | null;
  fetchedAt: string;
}
