import "server-only";
import path from "node:path";
import { mkdir } from "node:fs/promises";
import { config } from "../aws/config";
import { isOccConflict, withRetry } from "../dsql/retry";
import { migrate } from "./migrate";
import { coreMigrations } from "./schema/core";
import { jobsMigrations } from "./schema/jobs";
import type { Sql } from "./sql";
import { onShutdown } from "../shutdown";

/**
 * The dashboard's own state (job history, audit log, restore requests), in SQL: an embedded
 * PGlite in the data folder by default, or any PostgreSQL/DSQL database named by DSQL_OPS_STORE_URL
 * so several dashboard instances can share it.
 */

export type { Sql } from "./sql";

async function openPglite(dir: string): Promise<Sql> {
  const { PGlite } = await import("@electric-sql/pglite");
  await mkdir(dir, { recursive: true });
  const db = await PGlite.create(dir);
  return {
    async query<T>(text: string, params: unknown[] = []) {
      return (await db.query<T>(text, params)).rows;
    },
    close: () => db.close(),
  };
}

async function openPostgres(url: string): Promise<Sql> {
  const { ClusterPool, dsqlUrlTarget, sqlOptions } = await import("../dsql/connection");
  const target = dsqlUrlTarget(url);
  if (target) {
    // A DSQL cluster: IAM token passwords, TLS and connection retirement from the layer used for clusters.
    const pool = new ClusterPool(target, sqlOptions());
    return {
      async query<T>(text: string, params: unknown[] = []) {
        try {
          return (await pool.pool.query(text, params)).rows as T[];
        } catch (err) {
          // OCC conflicts stay as they are, for inStore's retry; the rest reads as a person needs it.
          throw isOccConflict(err) ? err : pool.explain(err);
        }
      },
      close: () => pool.end(),
    };
  }
  const { Pool } = await import("pg");
  const pool = new Pool({ connectionString: url, max: 4 });
  return {
    async query<T>(text: string, params: unknown[] = []) {
      return (await pool.query(text, params)).rows as T[];
    },
    close: () => pool.end(),
  };
}

export async function openStore(opts: { url?: string; dataDir: string }): Promise<Sql> {
  const db = opts.url ? await openPostgres(opts.url) : await openPglite(path.join(opts.dataDir, "store"));
  const dialect = opts.url && (await import("../dsql/connection")).dsqlUrlTarget(opts.url) ? "dsql" : "postgres";
  await withRetry(() => migrate(db, MIGRATIONS, dialect));
  return db;
}

const MIGRATIONS = [...coreMigrations, ...jobsMigrations];

export interface StoreStatus {
  reachable: boolean;
  /** Every migration this version knows is applied. */
  migrated: boolean;
  /** Why not, in words safe to show anyone (no URL, no credentials). */
  problem?: string;
}

/** Whether the store answers and has this version's schema (GET /api/ready). */
export async function storeStatus(): Promise<StoreStatus> {
  try {
    const db = await store();
    const applied = new Set((await db.query<{ id: string }>("SELECT id FROM dsql_ops_migrations")).map((r) => r.id));
    const pending = MIGRATIONS.filter((m) => !applied.has(m.id)).length;
    return pending ? { reachable: true, migrated: false, problem: `${pending} migration(s) not applied` } : { reachable: true, migrated: true };
  } catch (err) {
    return { reachable: false, migrated: false, problem: `the store did not answer (${(err as Error)?.name ?? "Error"})` };
  }
}

// Next.js bundles every route with its own copy of this module: the open store is kept on
// globalThis so that the process has one (two PGlites on one data folder would corrupt it).
const OPENED = Symbol.for("dsql-ops.store");
const opened: Map<string, Promise<Sql>> = ((globalThis as Record<symbol, unknown>)[OPENED] ??= new Map()) as Map<string, Promise<Sql>>;

/** The process's store, opened and migrated on first use. */
export function store(): Promise<Sql> {
  const c = config();
  const key = `${c.storeUrl ?? ""}|${c.dataDir}`;
  let db = opened.get(key);
  if (!db) {
    db = openStore({ url: c.storeUrl, dataDir: c.dataDir }).catch((err) => {
      opened.delete(key);
      throw err;
    });
    opened.set(key, db);
    onShutdown(() => db!.then((d) => d.close()).catch(() => undefined));
  }
  return db;
}

/** Runs idempotent store work, retried on OCC conflicts (a shared DSQL store may see them). */
export async function inStore<T>(work: (db: Sql) => Promise<T>): Promise<T> {
  const db = await store();
  return withRetry(() => work(db));
}
