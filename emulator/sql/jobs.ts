import { randomBytes } from "node:crypto";
import type { Clock } from "../clock";
import { hash32, rng } from "../scenario/random";
import type { SessionLock } from "./lock";
import { quoteQualified, type SqlFailure } from "./statements";

/**
 * DSQL's asynchronous jobs (sys.jobs) on one emulated cluster: INDEX_BUILD from CREATE INDEX ASYNC,
 * VALIDATE_CONSTRAINT from ALTER TABLE ASYNC ... VALIDATE CONSTRAINT, ANALYZE and DROP. The job's row lives in PGlite (so clients query it with SQL); its schedule lives
 * here. Jobs go submitted → processing → completed/failed on the emulator clock, and the work is
 * real: PostgreSQL builds the index (at submission, or when the job ends for a unique index that
 * met duplicates), and it stays invalid until its job completes.
 */

export type JobType = "INDEX_BUILD" | "ANALYZE" | "DROP" | "VALIDATE_CONSTRAINT";
export type JobStatus = "submitted" | "processing" | "completed" | "failed";

// Durations at time scale 1. A build's length grows with its table, so earlier builds on a cluster
// predict later ones (the dashboard grounds its estimates on that).
export const QUEUE_MS = 5_000;
export const indexBuildMs = (rows: number) => 20_000 + rows * 2;
export const analyzeMs = (rows: number) => 8_000 + rows * 0.5;
export const DROP_MS = 15_000;
/** Finished rows older than this are deleted when a new job starts (DSQL's documented retention). */
export const RETENTION_MS = 30 * 60_000;
export const DUPLICATE_KEY_DETAILS = "Found duplicate key while validating index for UCVs";
/** pg_class: the catalog that holds tables and indexes. */
export const PG_CLASS_OID = 1259;

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** A 26-character base-32 job id, as DSQL returns them (e.g. wqhu6ewifze5xitg3umt24h5ua). */
export function newJobId(bytes: Uint8Array = randomBytes(17)): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < 26) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** The same id for the same seed on every start, so the job history does not fill with copies. */
export function seededJobId(seed: string): string {
  const r = rng(hash32(seed));
  return newJobId(Uint8Array.from({ length: 17 }, () => Math.floor(r() * 256)));
}

export interface JobDb {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  exec(sql: string): Promise<unknown>;
}

export interface IndexRequest {
  /** CREATE [UNIQUE] INDEX CONCURRENTLY ..., as PostgreSQL understands it. */
  sql: string;
  indexName?: string;
  schema?: string;
  table: string;
  ifNotExists: boolean;
}

interface ActiveJob {
  id: string;
  type: JobType;
  objectId: number;
  status: "submitted" | "processing";
  processingAt: number;
  doneAt: number;
  /** A VALIDATE_CONSTRAINT job's constraint (its object is the table). */
  constraint?: string;
}

const nextDue = (j: ActiveJob) => (j.status === "submitted" ? j.processingAt : j.doneAt);

const pgCode = (err: unknown) => (err as { code?: string }).code ?? "XX000";

export class JobRunner {
  private readonly active = new Map<string, ActiveJob>();
  private timer?: NodeJS.Timeout;
  private closed = false;
  private readonly who = Symbol("job-runner");

  constructor(
    private readonly db: JobDb,
    private readonly lock: SessionLock,
    private readonly clock: Clock,
  ) {}

  /** Emulated durations run timeScale times faster on the wall clock. */
  private wall(ms: number): number {
    return ms / this.clock.timeScale;
  }

  /**
   * CREATE INDEX ASYNC: creates the index, invalid, and records its job. The caller holds the lock.
   * Returns `jobId: null` when IF NOT EXISTS found the index already there (no job starts).
   */
  async submitIndex(req: IndexRequest, opts: { at?: number; id?: string; seeding?: boolean } = {}): Promise<{ jobId: string | null } | { error: SqlFailure }> {
    const at = opts.at ?? this.clock.now();
    const tableName = quoteQualified([...(req.schema ? [req.schema] : []), req.table]);
    const [table] = await this.db.query<{ oid: number; schema: string }>(
      "SELECT c.oid::int AS oid, n.nspname AS schema FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass($1)",
      [tableName],
    );
    if (!table) return { error: { code: "42P01", message: `relation "${[req.schema, req.table].filter(Boolean).join(".")}" does not exist` } };
    if (req.ifNotExists && req.indexName) {
      const [existing] = await this.db.query("SELECT to_regclass($1) AS oid", [quoteQualified([table.schema, req.indexName])]);
      if (existing?.oid) return { jobId: null };
    }
    const before = await this.indexesOf(table.oid);
    let builtNow = true;
    try {
      await this.db.exec(req.sql);
    } catch (err) {
      // CONCURRENTLY leaves the index behind, invalid, when a unique build meets duplicates: the job
      // reports that later, as DSQL does. Anything else (no such column, name taken) fails now.
      if (pgCode(err) !== "23505") return { error: { code: pgCode(err), message: (err as Error).message } };
      builtNow = false;
    }
    const created = (await this.indexesOf(table.oid)).filter((oid) => !before.includes(oid));
    if (created.length !== 1) return { error: { code: "XX000", message: "the emulator could not find the index it created" } };
    const indexOid = created[0];
    // Invalid until the job completes; still maintained by writes (indisready), as in DSQL.
    if (builtNow) await this.db.query("UPDATE pg_index SET indisvalid = false WHERE indexrelid = $1", [indexOid]);
    const rows = await this.rowCount(table.oid);
    return { jobId: await this.record("INDEX_BUILD", indexOid, at, indexBuildMs(rows), opts) };
  }

  /**
   * ALTER TABLE ASYNC ... VALIDATE CONSTRAINT: the constraint (added NOT VALID) is checked against
   * every row by a job on the table, and is valid once it completes. The caller holds the lock.
   * (That DSQL answers with the job id, like CREATE INDEX ASYNC, is an assumption.)
   */
  async submitValidate(table: string, constraint: string, opts: { at?: number; id?: string; seeding?: boolean } = {}): Promise<{ jobId: string } | { error: SqlFailure }> {
    const [t] = await this.db.query<{ oid: number }>("SELECT c.oid::int AS oid FROM pg_class c WHERE c.oid = to_regclass($1)", [table]);
    if (!t) return { error: { code: "42P01", message: `relation ${table} does not exist` } };
    const [c] = await this.db.query("SELECT 1 FROM pg_constraint WHERE conrelid = $1 AND conname = $2", [t.oid, constraint]);
    if (!c) return { error: { code: "42704", message: `constraint "${constraint}" of relation ${table} does not exist` } };
    return { jobId: await this.record("VALIDATE_CONSTRAINT", t.oid, opts.at ?? this.clock.now(), analyzeMs(await this.rowCount(t.oid)), { ...opts, constraint }) };
  }

  /** An ANALYZE job on a table (DSQL runs them on its own; the scenario seeds some). Caller holds the lock. */
  async submitAnalyze(tableOid: number, opts: { at?: number; id?: string; seeding?: boolean } = {}): Promise<string> {
    return this.record("ANALYZE", tableOid, opts.at ?? this.clock.now(), analyzeMs(await this.rowCount(tableOid)), opts);
  }

  /** The DROP job that removes a dropped table's or index's data. Caller holds the lock. */
  async submitDrop(objectOid: number, opts: { at?: number; id?: string; seeding?: boolean } = {}): Promise<string> {
    return this.record("DROP", objectOid, opts.at ?? this.clock.now(), DROP_MS, opts);
  }

  private async indexesOf(tableOid: number): Promise<number[]> {
    return (await this.db.query<{ oid: number }>("SELECT indexrelid::int AS oid FROM pg_index WHERE indrelid = $1", [tableOid])).map((r) => r.oid);
  }

  private async rowCount(tableOid: number): Promise<number> {
    const [name] = await this.db.query<{ name: string }>("SELECT $1::oid::regclass::text AS name", [tableOid]);
    const [r] = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${name.name}`);
    return r.n;
  }

  private async record(type: JobType, objectId: number, at: number, workMs: number, opts: { id?: string; seeding?: boolean; constraint?: string }): Promise<string> {
    const id = opts.id ?? newJobId();
    if (!opts.seeding) {
      await this.db.query("DELETE FROM sys.emulator_jobs WHERE status IN ('completed', 'failed') AND update_time < $1", [new Date(at - this.wall(RETENTION_MS))]);
    }
    // DROP jobs run after the object is gone: DSQL may leave their object_name NULL.
    const [named] =
      type === "DROP"
        ? [{ name: null }]
        : await this.db.query<{ name: string | null }>("SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1", [objectId]);
    await this.db.query(
      `INSERT INTO sys.emulator_jobs (job_id, status, details, job_type, class_id, object_id, object_name, start_time, update_time)
       VALUES ($1, 'submitted', NULL, $2, ${PG_CLASS_OID}, $3, $4, $5, $5)`,
      [id, type, objectId, named?.name ?? null, new Date(at)],
    );
    const processingAt = at + this.wall(QUEUE_MS);
    this.active.set(id, { id, type, objectId, status: "submitted", processingAt, doneAt: processingAt + this.wall(workMs), constraint: opts.constraint });
    this.schedule();
    return id;
  }

  /** Applies every transition that is due on the emulator clock. Takes the lock itself. */
  async advance(): Promise<void> {
    if (this.closed || !this.hasDue()) return;
    await this.lock.run(this.who, () => this.step());
    this.schedule();
  }

  /** Whether a job is still running (unknown and finished jobs are not). */
  isActive(id: string): boolean {
    return this.active.has(id);
  }

  /** Waits, without holding the lock, until the job has finished; false if `limitMs` ran out first. */
  async waitFor(id: string, limitMs: number): Promise<boolean> {
    const deadline = Date.now() + limitMs;
    for (;;) {
      await this.advance();
      const job = this.active.get(id);
      if (!job || this.closed) return true;
      const pause = Math.min(200, Math.max(5, nextDue(job) - this.clock.now()));
      if (Date.now() + pause > deadline) return false;
      await new Promise((r) => setTimeout(r, pause));
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private hasDue(): boolean {
    const now = this.clock.now();
    for (const j of this.active.values()) if (now >= nextDue(j)) return true;
    return false;
  }

  private async step(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const due = [...this.active.values()].filter((j) => now >= nextDue(j)).sort((a, b) => nextDue(a) - nextDue(b))[0];
      if (!due || this.closed) return;
      if (due.status === "submitted") {
        due.status = "processing";
        await this.update(due.id, "processing", null, due.processingAt);
        continue;
      }
      const outcome = await this.finish(due);
      this.active.delete(due.id);
      await this.update(due.id, outcome.status, outcome.details, due.doneAt);
    }
  }

  private async finish(job: ActiveJob): Promise<{ status: "completed" | "failed"; details: string | null }> {
    const [obj] = await this.db.query<{ name: string }>("SELECT $1::oid::regclass::text AS name FROM pg_class WHERE oid = $1", [job.objectId]);
    try {
      if (job.type === "INDEX_BUILD") {
        // Dropping the index while it builds is DSQL's documented way to cancel a build.
        if (!obj) return { status: "failed", details: "The index was dropped before its build finished" };
        const [ix] = await this.db.query<{ ready: boolean }>("SELECT indisready AS ready FROM pg_index WHERE indexrelid = $1", [job.objectId]);
        // Built at submission and kept up to date by every write since (indisready): valid now. A
        // unique build that met duplicates was never ready: build it now, and fail if they remain.
        if (ix?.ready) await this.db.query("UPDATE pg_index SET indisvalid = true WHERE indexrelid = $1", [job.objectId]);
        else await this.db.exec(`REINDEX INDEX ${obj.name}`);
      } else if (job.type === "VALIDATE_CONSTRAINT") {
        if (!obj) return { status: "failed", details: "The table was dropped before its constraint was validated" };
        await this.db.exec(`ALTER TABLE ${obj.name} VALIDATE CONSTRAINT "${(job.constraint ?? "").replace(/"/g, '""')}"`);
      } else if (job.type === "ANALYZE" && obj) {
        await this.db.exec(`ANALYZE ${obj.name}`);
      }
      return { status: "completed", details: null };
    } catch (err) {
      return { status: "failed", details: pgCode(err) === "23505" ? DUPLICATE_KEY_DETAILS : (err as Error).message };
    }
  }

  private async update(id: string, status: JobStatus, details: string | null, atMs: number): Promise<void> {
    await this.db.query("UPDATE sys.emulator_jobs SET status = $2, details = $3, update_time = $4 WHERE job_id = $1", [id, status, details, new Date(atMs)]);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.closed || this.active.size === 0) return;
    const next = Math.min(...[...this.active.values()].map(nextDue));
    this.timer = setTimeout(
      () => {
        this.advance().catch((err) => console.error("[emulator] job runner:", (err as Error).message));
      },
      Math.max(0, next - this.clock.now()),
    );
    this.timer.unref();
  }
}
