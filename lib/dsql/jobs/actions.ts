import { escapeIdentifier } from "pg";
import { AppError, badRequest, conflict, notFound } from "../../errors";
import { type ClusterKey } from "../../aws/scope";
import { clusterPool } from "../connection";
import { recordJobs } from "./history";
import { rowsOf } from "./model";

/** Actions on a cluster's indexes: the tables for the form, CREATE INDEX ASYNC, and dropping an invalid index. */

export interface TableInfo {
  schema: string;
  name: string;
  rows: number | null;
  columns: string[];
}

/** User tables and their columns, for the index form (validated again on submit). */
export async function listTables(cluster: ClusterKey): Promise<TableInfo[]> {
  const rows = await clusterPool(cluster).query<{ schema: string; name: string; reltuples: number; columns: string[] }>(
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
export async function submitIndex(cluster: ClusterKey, req: IndexRequest): Promise<SubmittedIndex> {
  const columns = [...new Set(req.columns)];
  if (columns.length !== req.columns.length) throw badRequest("Each column may appear only once in the index");
  if (!columns.length || columns.length > MAX_INDEX_COLUMNS) throw badRequest(`An index has 1 to ${MAX_INDEX_COLUMNS} key columns`);
  const name = req.name ?? defaultIndexName(req.table, columns);
  const pool = clusterPool(cluster);
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
    await recordJobs([
      {
        region: cluster.region,
        clusterId: cluster.identifier,
        jobId: submitted.jobId,
        jobType: "INDEX_BUILD",
        status: "submitted",
        objectName: `${req.schema}.${name}`,
        details: null,
        startTime: now,
        updateTime: now,
        tableName: `${req.schema}.${req.table}`,
        tableRows: submitted.rows,
      },
    ]);
  } catch {
    /* the next read of sys.jobs records it */
  }
  return { jobId: submitted.jobId, indexName: submitted.indexName, statement: submitted.statement };
}

/** Drops an invalid index: what a failed build leaves behind, or DSQL's way to cancel a running build. */
export async function dropInvalidIndex(cluster: ClusterKey, schema: string, name: string): Promise<{ statement: string }> {
  return clusterPool(cluster).withClient(async (c) => {
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
