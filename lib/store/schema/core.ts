import type { Migration } from "../migrate";

/**
 * The dashboard's own tables, written the DSQL way: UUID or natural keys (no serials), one DDL
 * statement per migration (DSQL runs each DDL in its own transaction), indexes created ASYNC on DSQL.
 */
export const coreMigrations: Migration[] = [
  {
    id: "001_audit_log",
    sql: `CREATE TABLE IF NOT EXISTS audit_log (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      at timestamptz NOT NULL DEFAULT now(),
      user_name text NOT NULL,
      role text NOT NULL,
      action text NOT NULL,
      target text NOT NULL,
      params jsonb,
      allowed boolean NOT NULL,
      result text NOT NULL,
      status integer NOT NULL,
      message text
    )`,
  },
  { id: "002_audit_log_at", sql: "CREATE INDEX IF NOT EXISTS audit_log_at_idx ON audit_log (at)" },
  {
    id: "003_index_jobs",
    sql: `CREATE TABLE IF NOT EXISTS index_jobs (
      region text NOT NULL,
      cluster_id text NOT NULL,
      job_id text NOT NULL,
      job_type text NOT NULL,
      status text NOT NULL,
      object_name text,
      details text,
      start_time timestamptz,
      update_time timestamptz,
      first_seen timestamptz NOT NULL DEFAULT now(),
      last_seen timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (cluster_id, job_id)
    )`,
  },
  {
    id: "004_restore_requests",
    sql: `CREATE TABLE IF NOT EXISTS restore_requests (
      id uuid PRIMARY KEY,
      idempotency_token uuid NOT NULL,
      region text NOT NULL,
      source_cluster_arn text NOT NULL,
      recovery_point_arn text NOT NULL,
      options jsonb NOT NULL,
      requested_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      restore_job_id text,
      status text NOT NULL,
      message text
    )`,
  },
  // Restore requests (lib/backup/restores.ts): when StartRestoreJob was first sent (AWS Backup
  // forgets idempotency tokens after an hour), and when the new cluster got the requested tags.
  { id: "004b_restore_requests_submitted_at", sql: "ALTER TABLE restore_requests ADD COLUMN IF NOT EXISTS submitted_at timestamptz" },
  { id: "004c_restore_requests_tags_applied_at", sql: "ALTER TABLE restore_requests ADD COLUMN IF NOT EXISTS tags_applied_at timestamptz" },
  {
    // The cost of watching: each instance's running count per hour and API (lib/watch-cost.ts).
    id: "005_aws_usage",
    sql: `CREATE TABLE IF NOT EXISTS aws_usage (
      hour timestamptz NOT NULL,
      instance_id text NOT NULL,
      service text NOT NULL,
      api text NOT NULL,
      unit text NOT NULL,
      count bigint NOT NULL,
      PRIMARY KEY (hour, instance_id, service, api)
    )`,
  },
  {
    // The mutation rate limit's token buckets, shared by every instance (lib/http/shared-rate-limit.ts).
    id: "006_rate_limits",
    sql: `CREATE TABLE IF NOT EXISTS rate_limits (
      key text PRIMARY KEY,
      tokens double precision NOT NULL,
      at_ms bigint NOT NULL,
      last_taken boolean NOT NULL
    )`,
  },
  {
    // The metrics engine's answers shared by every instance (lib/metrics/shared-answers.ts).
    id: "007_metric_answers",
    sql: `CREATE TABLE IF NOT EXISTS metric_answers (
      key text PRIMARY KEY,
      expires_at bigint NOT NULL,
      lease_until bigint NOT NULL,
      lease_owner text,
      answer text
    )`,
  },
  {
    // Monthly budgets per cluster, tag value or account (lib/cost/budgets.ts); one per scope.
    id: "008_budgets",
    sql: `CREATE TABLE IF NOT EXISTS budgets (
      scope_kind text NOT NULL,
      scope_key text NOT NULL,
      scope_value text NOT NULL,
      monthly_usd double precision NOT NULL,
      set_by text NOT NULL,
      set_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (scope_kind, scope_key, scope_value)
    )`,
  },
  {
    // Cost Explorer's DSQL lines per day, as the dashboard's account sees them (lib/cost/bill.ts):
    // a closed day is read once (Cost Explorer charges per request), an open one again after a while.
    id: "009_billed_days",
    sql: `CREATE TABLE IF NOT EXISTS billed_days (
      payer text NOT NULL,
      day text NOT NULL,
      lines text NOT NULL,
      read_at bigint NOT NULL,
      closed boolean NOT NULL,
      PRIMARY KEY (payer, day)
    )`,
  },
  {
    // The triage signals sent out as alerts (lib/triage/alerts.ts): whichever instance moves a
    // signal's row sends its notice, so several instances send it once.
    id: "010_alert_state",
    sql: `CREATE TABLE IF NOT EXISTS alert_state (
      key text PRIMARY KEY,
      state text NOT NULL,
      title text NOT NULL,
      changed_at bigint NOT NULL,
      sent_at bigint NOT NULL
    )`,
  },
  {
    // Cost Explorer's per-resource DSQL lines per day (lib/cost/bill.ts, the "resources" view).
    id: "011_billed_resource_days",
    sql: `CREATE TABLE IF NOT EXISTS billed_resource_days (
      payer text NOT NULL,
      day text NOT NULL,
      lines text NOT NULL,
      read_at bigint NOT NULL,
      closed boolean NOT NULL,
      PRIMARY KEY (payer, day)
    )`,
  },
  {
    // A Region's Price List read, shared by every instance for a day (lib/cost/pricing.ts).
    id: "012_price_list",
    sql: `CREATE TABLE IF NOT EXISTS price_list (
      region text PRIMARY KEY,
      found text NOT NULL,
      read_at bigint NOT NULL
    )`,
  },
  {
    // Restore drills (lib/drills): one row per drill, moved on by whichever instance holds its lease.
    id: "013_restore_drills",
    sql: `CREATE TABLE IF NOT EXISTS restore_drills (
      id text PRIMARY KEY,
      cluster_arn text NOT NULL,
      phase text NOT NULL,
      requested_at bigint NOT NULL,
      doc text NOT NULL,
      lease_until bigint NOT NULL DEFAULT 0
    )`,
  },
  {
    // Drill schedules: an instance claims a due run by moving next_run_at on (compare and set).
    id: "014_drill_schedules",
    sql: `CREATE TABLE IF NOT EXISTS drill_schedules (
      cluster_arn text PRIMARY KEY,
      next_run_at bigint NOT NULL,
      canary_at bigint NOT NULL DEFAULT 0,
      doc text NOT NULL
    )`,
  },
  { id: "015_restore_drills_cluster", sql: "CREATE INDEX IF NOT EXISTS restore_drills_cluster_idx ON restore_drills (cluster_arn, requested_at)" },
  {
    // Periodic work one instance at a time does for all (lib/store/lease.ts): who holds it, until when.
    id: "016_leases",
    sql: `CREATE TABLE IF NOT EXISTS leases (
      name text PRIMARY KEY,
      holder text NOT NULL,
      until_ms bigint NOT NULL
    )`,
  },
];
