import { randomInt } from "node:crypto";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import type { Clock } from "../clock";
import type { ClusterRecord, DsqlService } from "../services/dsql";
import { ClusterDb } from "./cluster-db";
import { indexValidSince } from "./index-state";
import { applySeedJobs, seedPlan } from "./seed";
import { classify, literal, loadParser, raiseSql, type Special } from "./statements";
import { admit, readToken, TokenError } from "./token";
import * as wire from "./wire";

/**
 * The emulator's SQL endpoint: one TCP port for every emulated cluster, like DSQL's endpoints are
 * one per cluster. The front asks for a cleartext password, reads the IAM token the client sends
 * (`<id>.dsql.<region>.on.aws/?Action=DbConnectAdmin&...`), routes the session to that cluster's
 * PGlite, and passes the protocol through, except for DSQL's own statements (CREATE INDEX ASYNC,
 * sys.wait_for_job, DROP jobs). No TLS: real DSQL requires it, the emulator speaks plain TCP.
 *
 * Simplifications: the token's signature is not verified; a custom role needs only a DbConnect
 * token (no IAM role mapping); startup options such as statement_timeout are ignored, and session
 * settings are shared by every session of a cluster (PGlite has one backend).
 */

export interface SqlEndpoint {
  host: string;
  port: number;
}

// DSQL's limits: a transaction lasts at most 5 minutes (so does a blocking wait), a connection 1 hour.
const WAIT_LIMIT_MS = 300_000;
const MAX_CONNECTION_MS = 60 * 60_000;
const NOT_CONNECTABLE = new Set(["CREATING", "DELETING", "FAILED"]);
/** Message types that end a unit of work the front can look at as a whole. */
const BOUNDARY = new Set(["S", "Q", "H", "c", "f"]);

export class SqlFront {
  private server?: Server;
  private readonly sessions = new Set<Session>();
  private readonly dbs = new Map<string, Promise<ClusterDb>>();
  endpoint?: SqlEndpoint;
  /** Injected OCC conflicts (the server connects its fault injector). */
  conflicts: { sqlConflict(region: string): "OC000" | "OC001" | undefined } = { sqlConflict: () => undefined };

  constructor(
    readonly clock: Clock,
    readonly dsql: DsqlService,
    private readonly startMs: number, // the emulator's start on the wall clock: seeded job times are relative to it
    private readonly seeded: Set<string>, // the scenario's clusters: only these get seed data; created and restored ones start empty
    /** The account behind a token's access key (STS's identities); throws TokenError for an unknown or expired temporary key. */
    readonly accountOf: (accessKeyId: string) => string,
  ) {}

  async start(port = 0, host = "127.0.0.1"): Promise<SqlEndpoint> {
    await loadParser();
    const server = createServer((socket) => {
      const s = new Session(socket, this);
      this.sessions.add(s);
      socket.once("close", () => this.sessions.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, resolve);
    });
    this.server = server;
    this.endpoint = { host, port: (server.address() as AddressInfo).port };
    return this.endpoint;
  }

  /** The name of the seeded cluster a recovery point was taken of, if it was one (set by the server from AWS Backup's points). */
  restoredFrom?: (recoveryPointArn: string) => string | undefined;
  /** The key under which a recovery point's data was captured (its source and start: a copy shares its original's). */
  captureKeyOf?: (recoveryPointArn: string) => string | undefined;
  private readonly captures = new Map<string, Promise<Blob>>();

  /**
   * Keeps a cluster's database as it is now, for clusters later restored from the recovery point
   * under `key`. Taken between transactions (under the cluster's lock), so it holds committed data
   * only. A database nobody opened still holds its seed, which a restore falls back to anyway.
   */
  capture(key: string, clusterArn: string): void {
    const c = this.dsql.all().find((r) => r.arn === clusterArn);
    const db = c && this.dbs.get(this.dbKey(c));
    if (!db) return;
    const taken = db.then((d) => d.lock.run(this, () => d.dump()));
    taken.catch(() => this.captures.delete(key));
    this.captures.set(key, taken);
  }

  private dbKey(c: ClusterRecord): string {
    const peers = c.multiRegion?.clusters ?? [];
    return peers.length > 1 ? [...peers].sort().join(",") : c.arn;
  }

  /** A cluster's database, started on its first connection. Peers of a multi-region cluster share one, as in DSQL. */
  database(c: ClusterRecord): Promise<ClusterDb> {
    const key = this.dbKey(c);
    let db = this.dbs.get(key);
    if (!db) {
      db = (async () => {
        // A restored cluster holds its source's tables and rows as of the recovery point, not its jobs.
        const captureKey = c.restoredFrom ? this.captureKeyOf?.(c.restoredFrom) : undefined;
        const captured = captureKey ? this.captures.get(captureKey) : undefined;
        if (captured) {
          const d = await ClusterDb.load(this.clock, await captured);
          await d.exec("DELETE FROM sys.emulator_jobs");
          return d;
        }
        // Points of the seeded history (and of a source nobody connected to) hold the seed.
        const seeded = this.seeded.has(c.identifier);
        const source = seeded ? c.name : c.restoredFrom ? this.restoredFrom?.(c.restoredFrom) : undefined;
        const plan = source ? seedPlan(source) : undefined;
        const d = await ClusterDb.open(this.clock, plan?.sql);
        if (plan && seeded) await applySeedJobs(d, plan, this.clock, this.startMs, key);
        return d;
      })();
      db.catch(() => this.dbs.delete(key));
      this.dbs.set(key, db);
    }
    return db;
  }

  /** When a cluster's `table` got a valid index on `column` (see index-state.ts); opens its database if need be. */
  async indexValidSince(c: ClusterRecord, table: string, column: string): Promise<number | undefined> {
    return indexValidSince(await this.database(c), table, column, this.clock.now());
  }

  async close(): Promise<void> {
    for (const s of this.sessions) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    const dbs = await Promise.allSettled(this.dbs.values());
    await Promise.all(dbs.map((d) => (d.status === "fulfilled" ? d.value.close() : undefined)));
    this.dbs.clear();
  }
}

class FatalError extends Error {
  constructor(readonly fields: wire.PgErrorFields) {
    super(fields.message);
  }
}

class Session {
  private readonly reader = new wire.MessageReader();
  private phase: "startup" | "password" | "ready" | "closed" = "startup";
  private user = "";
  private db?: ClusterDb;
  private region = "";
  private batch: wire.FrontendMessage[] = [];
  private txStatus: "I" | "T" | "E" = "I";
  private chain: Promise<void> = Promise.resolve();
  private readonly lifetime: NodeJS.Timeout;

  constructor(
    private readonly socket: Socket,
    private readonly front: SqlFront,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => {
      this.reader.push(chunk);
      this.chain = this.chain.then(() => this.pump()).catch((err) => this.fail(err));
    });
    socket.on("error", () => undefined);
    socket.on("close", () => {
      this.chain = this.chain.then(() => this.cleanup());
    });
    this.lifetime = setTimeout(
      () => this.terminate({ severity: "FATAL", code: "57P01", message: "terminating connection: it reached the maximum connection duration of 60 minutes" }),
      MAX_CONNECTION_MS,
    );
    this.lifetime.unref();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private write(b: Uint8Array): void {
    if (!this.socket.destroyed) this.socket.write(b);
  }

  private terminate(fields: wire.PgErrorFields): void {
    this.write(wire.errorResponse(fields));
    this.socket.end();
    this.phase = "closed";
  }

  private fail(err: unknown): void {
    if (err instanceof FatalError) return this.terminate(err.fields);
    if (!(err instanceof wire.ProtocolError)) console.error("[emulator] sql session:", err);
    this.terminate({ severity: "FATAL", code: err instanceof wire.ProtocolError ? "08P01" : "XX000", message: (err as Error).message });
  }

  private async pump(): Promise<void> {
    while (this.phase !== "closed") {
      if (this.phase === "startup") {
        const p = this.reader.nextStartup();
        if (!p) return;
        this.startup(p.code, p.body);
        continue;
      }
      const m = this.reader.next();
      if (!m) return;
      if (this.phase === "password") {
        if (m.type !== "p") throw new FatalError({ severity: "FATAL", code: "08P01", message: "expected a password message" });
        await this.authenticate(wire.cstring(m.body).value);
        continue;
      }
      if (m.type === "X") {
        this.socket.end();
        this.phase = "closed";
        return;
      }
      this.batch.push(m);
      if (BOUNDARY.has(m.type)) await this.runBatch();
    }
  }

  private startup(code: number, body: Buffer): void {
    if (code === wire.SSL_REQUEST || code === wire.GSSENC_REQUEST) return void this.write(Buffer.from("N"));
    if (code === wire.CANCEL_REQUEST) {
      this.socket.end();
      this.phase = "closed";
      return;
    }
    if (code !== wire.PROTOCOL_3) throw new FatalError({ severity: "FATAL", code: "0A000", message: "unsupported frontend protocol" });
    const params = wire.startupParams(body);
    this.user = params.user ?? "";
    const database = params.database || this.user;
    if (database !== "postgres") throw new FatalError({ severity: "FATAL", code: "3D000", message: `database "${database}" does not exist (a DSQL cluster has one database, postgres)` });
    this.write(wire.authCleartext());
    this.phase = "password";
  }

  private async authenticate(password: string): Promise<void> {
    let cluster: ClusterRecord | undefined;
    try {
      // Tokens are signed with the wall clock, so they are checked against it (not the emulator clock).
      const claims = readToken(password, Date.now());
      cluster = this.front.dsql.find(claims.region, claims.clusterId);
      if (!cluster) throw new FatalError({ severity: "FATAL", code: "08004", message: `unable to accept connection: no cluster ${claims.clusterId} in ${claims.region}` });
      admit(claims, this.user, this.front.accountOf(claims.accessKeyId), cluster);
    } catch (err) {
      if (err instanceof TokenError) throw new FatalError({ severity: "FATAL", code: err.code, message: err.message });
      throw err;
    }
    const status = this.front.dsql.status(cluster);
    if (NOT_CONNECTABLE.has(status)) {
      throw new FatalError({ severity: "FATAL", code: "57P03", message: `unable to accept connection: cluster ${cluster.identifier} is ${status}` });
    }
    this.db = await this.front.database(cluster);
    this.region = cluster.region;
    this.write(
      Buffer.concat([
        wire.authOk(),
        ...Object.entries({
          server_version: "16.13",
          server_encoding: "UTF8",
          client_encoding: "UTF8",
          DateStyle: "ISO, MDY",
          TimeZone: "UTC",
          integer_datetimes: "on",
          standard_conforming_strings: "on",
          application_name: "",
        }).map(([k, v]) => wire.parameterStatus(k, v)),
        wire.backendKeyData(randomInt(1, 2 ** 31 - 1), randomInt(1, 2 ** 31 - 1)),
        wire.readyForQuery("I"),
      ]),
    );
    this.phase = "ready";
  }

  /** The SQL text of a Query or Parse message. */
  private static sqlOf(m: wire.FrontendMessage): string | undefined {
    if (m.type === "Q") return wire.cstring(m.body).value;
    if (m.type === "P") return wire.readParse(m.body).sql;
    return undefined;
  }

  private static withSql(m: wire.FrontendMessage, sql: string, keepParamTypes = false): Buffer {
    if (m.type === "Q") return wire.queryMessage(sql);
    const p = wire.readParse(m.body);
    return wire.parseMessage(p.name, sql, keepParamTypes ? p.paramTypes : []);
  }

  /** The job id a wait_for_job statement names: a literal, or a parameter of its Bind in this batch. */
  private jobIdOf(plan: Extract<Special, { kind: "waitForJob" }>, at: number, batch: wire.FrontendMessage[]): string | undefined {
    if (plan.jobId) return plan.jobId;
    const name = wire.readParse(batch[at].body).name;
    const bind = batch.slice(at + 1).find((m) => m.type === "B" && wire.readBind(m.body).statement === name);
    return bind ? (wire.readBind(bind.body).params[(plan.paramNumber ?? 1) - 1] ?? undefined) : undefined;
  }

  private async runBatch(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    const db = this.db!;
    const plans = batch.map((m) => {
      const sql = Session.sqlOf(m);
      return sql === undefined ? undefined : classify(sql);
    });
    const messages: Uint8Array[] = batch.map((m) => m.raw);

    // sys.wait_for_job blocks here, outside the lock, so the job runner (and other sessions) go on.
    for (const [i, plan] of plans.entries()) {
      if (plan?.kind !== "waitForJob") continue;
      const id = this.jobIdOf(plan, i, batch);
      const finished = id && !db.lock.holds(this) ? await db.runner.waitFor(id, WAIT_LIMIT_MS) : true;
      messages[i] = finished ? Session.withSql(batch[i], plan.sql, true) : Session.withSql(batch[i], raiseSql({ code: "54000", message: "transaction age limit of 300s exceeded" }));
    }

    // An injected OCC conflict fails a write that commits on its own, before it changes anything.
    const texts = batch.map((m) => Session.sqlOf(m));
    if (this.txStatus === "I" && !texts.some((t) => t !== undefined && /^\s*(BEGIN|START)\b/i.test(t))) {
      for (const [i, text] of texts.entries()) {
        if (plans[i] || text === undefined || !/^\s*(INSERT|UPDATE|DELETE)\b/i.test(text)) continue;
        const code = this.front.conflicts.sqlConflict(this.region);
        if (code) messages[i] = Session.withSql(batch[i], conflictSql(code, text));
      }
    }

    if (!db.lock.holds(this)) {
      await db.runner.advance();
      await db.lock.acquire(this);
    }
    let released = false;
    try {
      const drops: number[] = [];
      const outputs: Uint8Array[] = [];
      for (const [i, plan] of plans.entries()) {
        if (plan?.kind === "createIndexAsync" || plan?.kind === "validateConstraintAsync") messages[i] = Session.withSql(batch[i], await this.submitJob(db, plan));
        else if (plan?.kind === "error") messages[i] = Session.withSql(batch[i], raiseSql(plan.error));
        else if (plan?.kind === "drop") drops.push(...(await this.oidsOf(db, plan.names)));
        const out = await db.execProtocol(messages[i]);
        if (out.length) this.write(out);
        outputs.push(out);
      }
      const summary = wire.scanBackend(Buffer.concat(outputs));
      if (summary.status) this.txStatus = summary.status;
      // DSQL removes a dropped object's data in a DROP job (only tracked for statements outside a transaction block).
      if (drops.length && !summary.errors.length && this.txStatus === "I" && summary.tags.some((t) => t.startsWith("DROP"))) {
        for (const oid of drops) await db.runner.submitDrop(oid);
      }
      // The lock is kept while the session is inside a transaction or an unfinished extended-protocol unit.
      if (summary.status === "I") {
        db.lock.release(this);
        released = true;
      }
    } catch (err) {
      if (!released) db.lock.release(this);
      throw err;
    }
  }

  /** CREATE INDEX ASYNC and ALTER TABLE ASYNC start a job, outside a transaction block; DSQL answers with its id as a one-row result. */
  private async submitJob(db: ClusterDb, plan: Extract<Special, { kind: "createIndexAsync" | "validateConstraintAsync" }>): Promise<string> {
    const what = plan.kind === "createIndexAsync" ? "CREATE INDEX ASYNC" : "ALTER TABLE ASYNC";
    if (this.txStatus !== "I") return raiseSql({ code: "25001", message: `${what} cannot run inside a transaction block` });
    const r = plan.kind === "createIndexAsync" ? await db.runner.submitIndex(plan) : await db.runner.submitValidate(plan.table, plan.constraint);
    if ("error" in r) return raiseSql(r.error);
    return `SELECT ${r.jobId ? literal(r.jobId) : "NULL"}::text AS job_id`;
  }

  private async oidsOf(db: ClusterDb, names: string[]): Promise<number[]> {
    const oids: number[] = [];
    for (const name of names) {
      try {
        const [r] = await db.query<{ oid: number | null }>("SELECT to_regclass($1)::oid::int AS oid", [name]);
        if (r?.oid) oids.push(r.oid);
      } catch {
        /* a failed transaction: the DROP fails too */
      }
    }
    return oids;
  }

  private async cleanup(): Promise<void> {
    clearTimeout(this.lifetime);
    this.phase = "closed";
    const db = this.db;
    if (!db) return;
    if (db.lock.holds(this)) {
      // The client went away inside a transaction or a protocol unit: end both so the other sessions can go on.
      await db.execProtocol(wire.syncMessage()).catch(() => undefined);
      if (this.txStatus !== "I") await db.exec("ROLLBACK").catch(() => undefined);
    }
    db.lock.drop(this);
  }
}

/**
 * DSQL's OCC error as a statement that raises it, binding (and ignoring) the parameters the
 * replaced statement had, so an extended-protocol Bind still matches.
 */
function conflictSql(code: "OC000" | "OC001", replaced: string): string {
  const params = Math.max(0, ...[...replaced.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  const message = code === "OC000" ? "change conflicts with another transaction, please retry: (OC000)" : "schema has been updated by another transaction, please retry: (OC001)";
  const raise = raiseSql({ code: "40001", message });
  return params ? `${raise} FROM (SELECT ${Array.from({ length: params }, (_, i) => `$${i + 1}::text`).join(", ")}) AS replaced` : raise;
}
