import { inStore } from "../../store";

/**
 * The dashboard's memory of sys.jobs: DSQL deletes finished jobs about 30 minutes after they end,
 * an ops team needs them for longer. Every row seen is upserted into the store's index_jobs
 * (idempotent, so retried on OCC conflicts); rows that did not change since the last write are skipped.
 */

export interface HistoryRecord {
  region: string;
  clusterId: string;
  jobId: string;
  jobType: string;
  status: string;
  objectName: string | null;
  details: string | null;
  startTime: Date;
  updateTime: Date;
  /** schema.table of the index or analysed table, when known. */
  tableName: string | null;
  /** The table's row count when the job was first seen (grounds later estimates). */
  tableRows: number | null;
}

interface Row {
  region: string;
  cluster_id: string;
  job_id: string;
  job_type: string;
  status: string;
  object_name: string | null;
  details: string | null;
  start_time: Date | string;
  update_time: Date | string;
  table_name: string | null;
  table_rows: number | string | null;
}

const written = new Map<string, string>();
const key = (r: HistoryRecord) => `${r.clusterId}/${r.jobId}`;
const signature = (r: HistoryRecord) => `${r.status}|${r.updateTime.getTime()}|${r.details ?? ""}|${r.tableName ?? ""}`;
const COLUMNS = ["region", "cluster_id", "job_id", "job_type", "status", "object_name", "details", "start_time", "update_time", "table_name", "table_rows"];
/** Well under DSQL's 3,000 rows per transaction. */
const CHUNK = 200;

export async function recordJobs(records: HistoryRecord[]): Promise<void> {
  const changed = records.filter((r) => written.get(key(r)) !== signature(r));
  for (let i = 0; i < changed.length; i += CHUNK) {
    const chunk = changed.slice(i, i + CHUNK);
    const params: unknown[] = [];
    const tuples = chunk.map((r) => {
      const at = params.length;
      params.push(r.region, r.clusterId, r.jobId, r.jobType, r.status, r.objectName, r.details, r.startTime, r.updateTime, r.tableName, r.tableRows);
      return `(${COLUMNS.map((_, j) => `$${at + j + 1}`).join(", ")})`;
    });
    await inStore((db) =>
      db.query(
        `INSERT INTO index_jobs (${COLUMNS.join(", ")}) VALUES ${tuples.join(", ")}
         ON CONFLICT (cluster_id, job_id) DO UPDATE SET
           status = EXCLUDED.status, details = EXCLUDED.details, update_time = EXCLUDED.update_time,
           object_name = COALESCE(EXCLUDED.object_name, index_jobs.object_name),
           table_name = COALESCE(index_jobs.table_name, EXCLUDED.table_name),
           table_rows = COALESCE(index_jobs.table_rows, EXCLUDED.table_rows),
           last_seen = now()`,
        params,
      ),
    );
    for (const r of chunk) written.set(key(r), signature(r));
  }
}

const toRecord = (r: Row): HistoryRecord => ({
  region: r.region,
  clusterId: r.cluster_id,
  jobId: r.job_id,
  jobType: r.job_type,
  status: r.status,
  objectName: r.object_name,
  details: r.details,
  startTime: new Date(r.start_time),
  updateTime: new Date(r.update_time),
  tableName: r.table_name,
  tableRows: r.table_rows === null ? null : Number(r.table_rows),
});

/** Jobs remembered for a cluster, or the whole fleet, newest first. */
export async function jobHistory(filter: { region?: string; clusterId?: string; limit?: number } = {}): Promise<HistoryRecord[]> {
  const rows = await inStore((db) =>
    db.query<Row>(
      `SELECT ${COLUMNS.join(", ")} FROM index_jobs
       WHERE ($1::text IS NULL OR region = $1) AND ($2::text IS NULL OR cluster_id = $2)
       ORDER BY start_time DESC LIMIT $3`,
      [filter.region ?? null, filter.clusterId ?? null, filter.limit ?? 200],
    ),
  );
  return rows.map(toRecord);
}
