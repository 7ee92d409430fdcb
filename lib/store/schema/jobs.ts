import type { Migration } from "../migrate";

/**
 * Job history (index_jobs, created in core): what the history needs beyond sys.jobs' columns, so
 * estimates can be grounded on earlier builds after DSQL has forgotten them: the table an index
 * belongs to, and its row count when the job was seen.
 */
export const jobsMigrations: Migration[] = [
  { id: "jobs_001_index_jobs_table_name", sql: "ALTER TABLE index_jobs ADD COLUMN IF NOT EXISTS table_name text" },
  { id: "jobs_002_index_jobs_table_rows", sql: "ALTER TABLE index_jobs ADD COLUMN IF NOT EXISTS table_rows double precision" },
  { id: "jobs_003_index_jobs_start_time", sql: "CREATE INDEX IF NOT EXISTS index_jobs_start_time_idx ON index_jobs (start_time)" },
];
