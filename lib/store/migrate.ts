import type { Sql } from "./sql";

export interface Migration {
  id: string;
  /** Exactly one DDL statement. */
  sql: string;
}

/** DSQL builds indexes only asynchronously; PostgreSQL (and PGlite) have no ASYNC keyword. */
export function forDialect(sql: string, dialect: "postgres" | "dsql"): string {
  return dialect === "dsql" ? sql.replace(/^\s*CREATE\s+(UNIQUE\s+)?INDEX\s+(?!ASYNC)/i, (m) => `${m}ASYNC `) : sql;
}

/** Applies what has not been applied yet, one statement per transaction, and records each. */
export async function migrate(db: Sql, migrations: Migration[], dialect: "postgres" | "dsql"): Promise<string[]> {
  await db.query("CREATE TABLE IF NOT EXISTS dsql_ops_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
  const done = new Set((await db.query<{ id: string }>("SELECT id FROM dsql_ops_migrations")).map((r) => r.id));
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.id)) continue;
    await db.query(forDialect(m.sql, dialect));
    // Another dashboard instance may have applied it at the same time: the insert is idempotent.
    await db.query("INSERT INTO dsql_ops_migrations (id) VALUES ($1) ON CONFLICT (id) DO NOTHING", [m.id]);
    applied.push(m.id);
  }
  return applied;
}
