import { escapeIdentifier } from "pg";
import { TtlCache } from "../cache";
import { AppError, badRequest, conflict, notFound, toAppError } from "../errors";
import { listFleet, mapLimit } from "./clusters";
import { clusterPool, poolHealth, type PoolHealth } from "./connection";
import { estimateBuild, type BuildSample, type Estimate } from "./jobs-estimate";
import { jobHistory, recordJobs, type HistoryRecord } from "./jobs-history";

/**
 * DSQL's asynchronous jobs (sys.jobs: index builds, ANALYZE, DROP) as the dashboard shows them:
 * the stage and elapsed time (sys.jobs has no percentage), the table and index involved, an
 * estimate only where earlier builds ground it, and the history the store keeps after DSQL forgets.
 */

export type JobSource = "live" | "history";

export interface JobView {
  region: string;
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

export interface ClusterJobs {
  region: string;
  clusterId: string;
  jobs: JobView[];
  fetchedAt: string;
  /** Why sys.jobs could not be read (the history is still shown). */
  liveError: string | null;
  historyError: string | null;
  health: PoolHealth | null;
}

const isRunning = (status: string) => status === "submitted" || status === "processing";

interface SysJobRow {
  job_id: string;
  status: string;
  details: string | null;
  job_type: string;
  object_id: number | null;
  object_name: string | null;
  start_time: Date;
  update_time: Date;
}

interface ObjectRow {
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

const SYS_JOBS_SQL = "SELECT job_id, status, details, job_type, object_id, object_name, start_time, update_time FROM sys.jobs";

// The objects behind jobs, by OID (live rows) or by schema-qualified name (remembered rows whose
// index may still be there, invalid). reltuples is DSQL's cheap row-count estimate; -1 = never analysed.
const OBJECTS_SQL = `
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

function stage(type: string, status: string): string {
  if (status === "submitted") return "queued";
  if (status !== "processing") return status;
  switch (type) {
    case "INDEX_BUILD":
      return "building the index";
    case "ANALYZE":
      return "analyzing the table";
    case "DROP":
      return "removing the dropped object's data";
    default:
      return "processing";
  }
}

function advice(job: { type: string; status: string; details: string | null }, index: JobView["index"]): string | null {
  if (job.type !== "INDEX_BUILD" || job.status !== "failed") return null;
  if (!index) return "The index this build left behind has since been dropped.";
  if (index.valid) return null;
  if (index.unique && /duplicate key/i.test(job.details ?? "")) {
    return `The table holds duplicate values, so the unique index ${index.schema}.${index.name} could not be built. It stays invalid: queries do not use it, yet it still enforces uniqueness on writes. Drop it, remove the duplicates, and create it again.`;
  }
  return `The build failed and left ${index.schema}.${index.name} invalid: queries do not use it. Drop it, fix the cause, and create it again.`;
}

const qualified = (schema: string | null, name: string | null) => (schema && name ? `${schema}.${name}` : null);
const rowsOf = (reltuples: number | null | undefined) => (reltuples === null || reltuples === undefined || reltuples < 0 ? null : Math.round(reltuples));

interface Merged {
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

function toView(region: string, clusterId: string, m: Merged, samples: BuildSample[], now: number): JobView {
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
    region,
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
function buildSamples(merged: Merged[]): BuildSample[] {
  return merged
    .filter((m) => m.type === "INDEX_BUILD" && m.status === "completed")
    .map((m) => ({ rows: m.remembered?.tableRows ?? rowsOf(m.obj?.table_rows) ?? -1, durationS: (m.update.getTime() - m.start.getTime()) / 1000 }))
    .filter((s) => s.rows >= 0);
}

/** Running first, then the most recently changed. */
const order = (a: JobView, b: JobView) => Number(b.running) - Number(a.running) || b.updateTime.localeCompare(a.updateTime);

// Every open tab polls: concurrent reads of a cluster share one query, and the fleet view is
// answered from a copy at most FLEET_TTL_MS old.
const clusterReads = new TtlCache<ClusterJobs>(500);
const fleetReads = new TtlCache<FleetJobs>(4);
const FLEET_TTL_MS = 2_000;

/** sys.jobs of one cluster, merged with the remembered history; records what it saw. */
export function clusterJobs(region: string, clusterId: string, opts: { now?: number } = {}): Promise<ClusterJobs> {
  if (opts.now !== undefined) return readClusterJobs(region, clusterId, opts);
  return clusterReads.get(`${region}/${clusterId}`, 0, () => readClusterJobs(region, clusterId, opts));
}

async function readClusterJobs(region: string, clusterId: string, opts: { now?: number }): Promise<ClusterJobs> {
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
    ({ live, objects } = await clusterPool(region, clusterId).withClient(
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
    merged.push({ jobId: h.jobId, type: h.jobType, status: h.status, details: h.details, objectName: h.objectName, start: h.startTime, update: h.updateTime, source: "history", obj: h.objectName ? byName.get(h.objectName) : undefined, remembered: h });
  }

  const now = opts.now ?? Date.now();
  const samples = buildSamples(merged);
  const jobs = merged.map((m) => toView(region, clusterId, m, samples, now)).sort(order);

  if (live.length) {
    try {
      await recordJobs(
        jobs
          .filter((j) => j.source === "live")
          .map((j) => {
            const r = remembered.get(j.jobId);
            return { region, clusterId, jobId: j.jobId, jobType: j.type, status: j.status, objectName: j.objectName, details: j.details, startTime: new Date(j.startTime), updateTime: new Date(j.updateTime), tableName: j.table?.name ?? null, tableRows: r?.tableRows ?? j.table?.rows ?? null };
          }),
      );
    } catch (err) {
      historyError = `Jobs could not be saved to the history: ${toAppError(err).message}`;
    }
  }
  return { region, clusterId, jobs, fetchedAt: new Date(now).toISOString(), liveError, historyError, health: poolHealth(region, clusterId) };
}

export interface FleetClusterJobs {
  region: string;
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
  regionErrors: { region: string; error: string }[];
  historyError: string | null;
  fetchedAt: string;
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

/** Jobs across the fleet: live from active clusters, remembered ones for the rest. */
export function fleetJobs(opts: { now?: number; budgetMs?: number } = {}): Promise<FleetJobs> {
  if (opts.now !== undefined || opts.budgetMs !== undefined) return readFleetJobs(opts);
  return fleetReads.get("fleet", FLEET_TTL_MS, () => readFleetJobs(opts));
}

async function readFleetJobs(opts: { now?: number; budgetMs?: number }): Promise<FleetJobs> {
  const fleet = await listFleet();
  const clusters = fleet.flatMap((r) => r.clusters);
  const names = new Map(clusters.map((c) => [`${c.region}/${c.identifier}`, c.name]));
  const budget = opts.budgetMs ?? FLEET_BUDGET_MS;
  const results = await mapLimit(clusters, FLEET_CONCURRENCY, async (c) => (CONTACTABLE.has(c.status) ? within(clusterJobs(c.region, c.identifier, opts), budget) : undefined));
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
      jobs.push(toView(h.region, h.clusterId, m, [], now));
    }
  } catch (err) {
    historyError ??= `The job history could not be read: ${toAppError(err).message}`;
  }
  for (const j of jobs) j.clusterName = names.get(`${j.region}/${j.clusterId}`);
  return {
    clusters: summaries,
    jobs: mergePeers(jobs).sort(order),
    regionErrors: fleet.filter((r) => r.error).map((r) => ({ region: r.region, error: r.error as string })),
    historyError,
    fetchedAt: new Date(opts.now ?? Date.now()).toISOString(),
  };
}

export interface TableInfo {
  schema: string;
  name: string;
  rows: number | null;
  columns: string[];
}

/** User tables and their columns, for the index form (validated again on submit). */
export async function listTables(region: string, clusterId: string): Promise<TableInfo[]> {
  const rows = await clusterPool(region, clusterId).query<{ schema: string; name: string; reltuples: number; columns: string[] }>(
    `SELECT n.nspname AS schema, c.relname AS name, c.reltuples, array_agg(a.attname::text ORDER BY a.attnum) AS columns
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('sys', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
     GROUP BY n.nspname, c.relname, c.reltuples
     ORDER BY n.nspname, c.relname`,
    [],
    { idempotent: true },
  );
  return rows.map((r) => ({ schema: r.schema, name: r.name, rows: rowsOf(r.reltuples), columns: r.columns }));
}

/** DSQL's limit on key columns per index. */
export const MAX_INDEX_COLUMNS = 8;
/** PostgreSQL's identifier length, in bytes. */
const MAX_IDENTIFIER_BYTES = 63;

export interface IndexRequest {
  schema: string;
  table: string;
  columns: string[];
  unique: boolean;
  /** Defaults to DSQL's own default, <table>_<col1>_<col2>_idx. */
  name?: string;
}

function truncateBytes(s: string, max: number): string {
  let out = s;
  while (Buffer.byteLength(out) > max) out = out.slice(0, -1);
  return out;
}

const defaultIndexName = (table: string, columns: string[]) => truncateBytes(`${table}_${columns.join("_")}_idx`, MAX_IDENTIFIER_BYTES);

/** The statement, every identifier quoted by pg's own quoting (never pasted from input). */
function createIndexStatement(r: { schema: string; table: string; columns: string[]; unique: boolean; name: string }): string {
  const cols = r.columns.map(escapeIdentifier).join(", ");
  return `CREATE ${r.unique ? "UNIQUE " : ""}INDEX ASYNC ${escapeIdentifier(r.name)} ON ${escapeIdentifier(r.schema)}.${escapeIdentifier(r.table)} (${cols})`;
}

export interface SubmittedIndex {
  jobId: string;
  indexName: string;
  statement: string;
}

/** Checks the table, columns and name against the catalog, then runs CREATE INDEX ASYNC (once: it is not idempotent). */
export async function submitIndex(region: string, clusterId: string, req: IndexRequest): Promise<SubmittedIndex> {
  const columns = [...new Set(req.columns)];
  if (columns.length !== req.columns.length) throw badRequest("Each column may appear only once in the index");
  if (!columns.length || columns.length > MAX_INDEX_COLUMNS) throw badRequest(`An index has 1 to ${MAX_INDEX_COLUMNS} key columns`);
  const name = req.name ?? defaultIndexName(req.table, columns);
  const pool = clusterPool(region, clusterId);
  const submitted = await pool.withClient(async (c) => {
    const [table] = (
      await c.query<{ oid: number; reltuples: number }>(
        "SELECT c.oid, c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')",
        [req.schema, req.table],
      )
    ).rows;
    if (!table) throw badRequest(`There is no table ${req.schema}.${req.table} on this cluster`);
    const existing = new Set((await c.query<{ attname: string }>("SELECT attname FROM pg_attribute WHERE attrelid = $1 AND attnum > 0 AND NOT attisdropped", [table.oid])).rows.map((r) => r.attname));
    const missing = columns.filter((col) => !existing.has(col));
    if (missing.length) throw badRequest(`${req.schema}.${req.table} has no column ${missing.join(", ")}`);
    const taken = (await c.query("SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2", [req.schema, name])).rows.length > 0;
    if (taken) throw conflict(`${req.schema}.${name} already exists; choose another index name`);
    const statement = createIndexStatement({ schema: req.schema, table: req.table, columns, unique: req.unique, name });
    const jobId = (await c.query<{ job_id: string | null }>(statement)).rows[0]?.job_id;
    if (!jobId) throw new AppError(502, "The cluster accepted CREATE INDEX ASYNC but returned no job id", "NoJobId");
    return { jobId, indexName: name, statement, rows: rowsOf(table.reltuples) };
  });
  // Remembered at once, so the history has the table's size from before the build.
  try {
    const now = new Date();
    await recordJobs([{ region, clusterId, jobId: submitted.jobId, jobType: "INDEX_BUILD", status: "submitted", objectName: `${req.schema}.${name}`, details: null, startTime: now, updateTime: now, tableName: `${req.schema}.${req.table}`, tableRows: submitted.rows }]);
  } catch {
    /* the next read of sys.jobs records it */
  }
  return { jobId: submitted.jobId, indexName: submitted.indexName, statement: submitted.statement };
}

/** Drops an invalid index: what a failed build leaves behind, or DSQL's way to cancel a running build. */
export async function dropInvalidIndex(region: string, clusterId: string, schema: string, name: string): Promise<{ statement: string }> {
  return clusterPool(region, clusterId).withClient(async (c) => {
    const [row] = (
      await c.query<{ valid: boolean }>(
        "SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2",
        [schema, name],
      )
    ).rows;
    if (!row) throw notFound(`Index ${schema}.${name}`);
    if (row.valid) throw conflict(`${schema}.${name} is a valid index; the dashboard only drops invalid ones (left by a failed build, or still building)`);
    const statement = `DROP INDEX ${escapeIdentifier(schema)}.${escapeIdentifier(name)}`;
    await c.query(statement);
    return { statement };
  });
}
