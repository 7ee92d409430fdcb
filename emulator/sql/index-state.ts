import type { ClusterDb } from "./cluster-db";

const WHO = Symbol("index-state");
/** A session idle in a transaction holds the database: give up rather than stall a metrics read behind it. */
// Generous: on a busy machine (tests running side by side) PGlite alone can take seconds.
const LOCK_WAIT_MS = 10_000;

/**
 * When `table` got a valid index whose leading column is `column` (epoch ms), or undefined while it
 * has none: the completion time of its INDEX_BUILD job in sys.jobs. An index valid without a job
 * row (sys.jobs forgets finished jobs after 30 minutes, or the index was never built asynchronously)
 * counts from `nowMs`, the earliest moment known for it.
 */
export async function indexValidSince(db: ClusterDb, table: string, column: string, nowMs: number): Promise<number | undefined> {
  await db.runner.advance();
  const read = db.lock.run(WHO, () =>
    db.query<{ valid: number; built_at: Date | null }>(
      `SELECT count(*)::int AS valid, max(j.update_time) AS built_at
         FROM pg_index i
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
         LEFT JOIN sys.emulator_jobs j ON j.object_id = i.indexrelid AND j.job_type = 'INDEX_BUILD' AND j.status = 'completed'
        WHERE i.indrelid = to_regclass($1) AND a.attname = $2 AND i.indisvalid`,
      [table, column],
    ),
  );
  const rows = await Promise.race([read, new Promise<undefined>((r) => void setTimeout(r, LOCK_WAIT_MS))]);
  if (!rows?.[0]?.valid) return undefined;
  return rows[0].built_at ? rows[0].built_at.getTime() : nowMs;
}
