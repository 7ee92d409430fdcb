import "server-only";
import type { ClusterKey } from "../aws/scope";
import { clusterPool, withOneOffPool, type ClusterPool } from "../dsql/connection";
import { canaryCheck, compareShapes, type DbShape, type DrillCheck } from "./model";

/**
 * Validation of a drill's restored copy against its source, over SQL with IAM tokens: the catalog
 * of both (reads only on the source), and the canary. The canary table is the dashboard's own,
 * opt-in per cluster: one row a quarter of an hour (canary.ts).
 */

export const CANARY_TABLE = "dsql_ops_canary";
/**
 * The canary row expected in the copy is the newest written this long before the point: the
 * dashboard's clock and AWS Backup's may differ, and a row written in the last moments before the
 * snapshot may or may not be in it. Without the margin such a row fails a good backup.
 */
export const CANARY_MARGIN_MS = 60_000;
const SYSTEM_SCHEMAS = ["pg_catalog", "information_schema", "sys", "pg_toast"];

async function shapeOf(pool: ClusterPool): Promise<DbShape> {
  const [cols, idx, rows] = await Promise.all([
    pool.query<{ t: string; col: string; type: string }>(
      `SELECT c.table_schema || '.' || c.table_name AS t, c.column_name AS col, c.data_type AS type
       FROM information_schema.columns c
       JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name AND tb.table_type = 'BASE TABLE'
       WHERE c.table_schema <> ALL($1::text[])`,
      [SYSTEM_SCHEMAS],
      { idempotent: true },
    ),
    pool.query<{ name: string; t: string; valid: boolean }>(
      `SELECT n.nspname || '.' || ci.relname AS name, n.nspname || '.' || ct.relname AS t, i.indisvalid AS valid
       FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_class ct ON ct.oid = i.indrelid JOIN pg_namespace n ON n.oid = ct.relnamespace
       WHERE n.nspname <> ALL($1::text[])`,
      [SYSTEM_SCHEMAS],
      { idempotent: true },
    ),
    pool.query<{ t: string; n: number }>(
      `SELECT n.nspname || '.' || c.relname AS t, c.reltuples::float8 AS n
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind = 'r' AND n.nspname <> ALL($1::text[])`,
      [SYSTEM_SCHEMAS],
      { idempotent: true },
    ),
  ]);
  // The canary table is the dashboard's, checked on its own: a point taken before the canary started lacks it.
  const user = (table: string) => !table.endsWith(`.${CANARY_TABLE}`);
  const shape: DbShape = { columns: {}, indexes: {}, rows: {} };
  for (const r of cols.filter((c) => user(c.t))) (shape.columns[r.t] ??= {})[r.col] = r.type;
  for (const r of idx.filter((i) => user(i.t))) shape.indexes[r.name] = { table: r.t, valid: r.valid };
  for (const r of rows.filter((t) => user(t.t))) shape.rows[r.t] = Number(r.n);
  return shape;
}

const isMissingTable = (err: unknown) => /does not exist/.test((err as Error).message ?? "");

/** The source's newest canary row at or before `atMs`; null when there is none or no canary table. */
async function newestCanary(pool: ClusterPool, atMs: number): Promise<{ id: string; writtenAt: number } | null> {
  try {
    const rows = await pool.query<{ id: string; written_at: Date }>(`SELECT id, written_at FROM ${CANARY_TABLE} WHERE written_at <= $1 ORDER BY written_at DESC LIMIT 1`, [new Date(atMs)], {
      idempotent: true,
    });
    return rows[0] ? { id: rows[0].id, writtenAt: new Date(rows[0].written_at).getTime() } : null;
  } catch (err) {
    if (isMissingTable(err)) return null;
    throw err;
  }
}

async function holdsCanary(pool: ClusterPool, id: string): Promise<boolean> {
  try {
    return (await pool.query(`SELECT 1 FROM ${CANARY_TABLE} WHERE id = $1`, [id], { idempotent: true })).length > 0;
  } catch (err) {
    if (isMissingTable(err)) return false;
    throw err;
  }
}

/** Indexes whose build job (sys.jobs) ended after `atMs`: the recovery point could not hold them valid. */
async function indexesBuiltAfter(pool: ClusterPool, atMs: number): Promise<Set<string>> {
  try {
    const rows = await pool.query<{ name: string }>("SELECT object_name AS name FROM sys.jobs WHERE object_name IS NOT NULL AND update_time > $1", [new Date(atMs)], { idempotent: true });
    return new Set(rows.map((r) => r.name));
  } catch {
    // sys.jobs keeps recent jobs only; without it every index is expected.
    return new Set();
  }
}

export async function validateCopy(input: { source: ClusterKey; copy: ClusterKey; pointAt: number; canary: boolean; tolerance: number }): Promise<DrillCheck[]> {
  const source = clusterPool(input.source);
  return withOneOffPool(input.copy, async (copy) => {
    const [srcShape, copyShape, late, newest] = await Promise.all([
      shapeOf(source),
      shapeOf(copy),
      indexesBuiltAfter(source, input.pointAt),
      input.canary ? newestCanary(source, input.pointAt - CANARY_MARGIN_MS) : Promise.resolve(null),
    ]);
    const inCopy = newest ? await holdsCanary(copy, newest.id) : false;
    return [...compareShapes(srcShape, copyShape, input.tolerance, late), canaryCheck(input.canary, input.pointAt, newest, inCopy)];
  });
}

/** Writes one canary row into the source (the table is made on first use). */
export async function writeCanaryRow(cluster: ClusterKey, id: string, atMs: number): Promise<void> {
  const pool = clusterPool(cluster);
  await pool.query(`CREATE TABLE IF NOT EXISTS ${CANARY_TABLE} (id text PRIMARY KEY, written_at timestamptz NOT NULL)`, [], { idempotent: true });
  await pool.query(`INSERT INTO ${CANARY_TABLE} (id, written_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, [id, new Date(atMs)], { idempotent: true });
}
