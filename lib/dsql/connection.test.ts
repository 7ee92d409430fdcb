import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../aws/config";
import { AppError } from "../errors";
import { ClusterPool, IDLE_TIMEOUT_MS, MAX_CONNECTION_AGE_S, DSQL_CONNECTION_LIMIT_S, dsqlUrlTarget, poolConfig, sqlError, tokenMinter, type SqlTarget, type TokenMinter } from "./connection";
import { OccRetriesExhausted } from "./retry";

const target: SqlTarget = { region: "eu-west-1", identifier: "a".repeat(26), hostname: `${"a".repeat(26)}.dsql.eu-west-1.on.aws`, role: "admin" };

/** A PostgreSQL server that asks for a cleartext password, records it, and answers every query with no rows. */
async function fakePostgres(): Promise<{ port: number; passwords: string[]; close: () => Promise<void> }> {
  const passwords: string[] = [];
  const sockets = new Set<Socket>();
  const msg = (type: string, body: Buffer) => {
    const head = Buffer.alloc(5);
    head.write(type, 0, "latin1");
    head.writeInt32BE(body.length + 4, 1);
    return Buffer.concat([head, body]);
  };
  const int32 = (n: number) => Buffer.from([0, 0, 0, n]);
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    let buf = Buffer.alloc(0);
    let started = false;
    s.on("data", (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        if (!started) {
          if (buf.length < 8 || buf.length < buf.readInt32BE(0)) return;
          buf = buf.subarray(buf.readInt32BE(0));
          started = true;
          s.write(msg("R", int32(3)));
          continue;
        }
        if (buf.length < 5 || buf.length < buf.readInt32BE(1) + 1) return;
        const len = buf.readInt32BE(1);
        const type = String.fromCharCode(buf[0]);
        const body = buf.subarray(5, len + 1);
        buf = buf.subarray(len + 1);
        if (type === "p") {
          passwords.push(body.toString("utf8", 0, body.length - 1));
          s.write(Buffer.concat([msg("R", int32(0)), msg("Z", Buffer.from("I"))]));
        } else if (type === "Q") s.write(Buffer.concat([msg("C", Buffer.from("SELECT 0\0")), msg("Z", Buffer.from("I"))]));
        else if (type === "X") s.end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    passwords,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** Waits for real I/O (socket closes) while timers are fake. */
async function until(cond: () => boolean) {
  for (let i = 0; i < 1000 && !cond(); i++) await new Promise((r) => setImmediate(r));
  expect(cond()).toBe(true);
}

describe("pool settings", () => {
  const password = async () => "t";
  it("connects to the cluster's endpoint with TLS verified against its name in aws mode", () => {
    const c = poolConfig(target, { tls: true, statementTimeoutMs: 15_000 }, password);
    expect(c).toMatchObject({ host: target.hostname, port: 5432, user: "admin", database: "postgres", statement_timeout: 15_000 });
    expect(c.ssl).toMatchObject({ rejectUnauthorized: true, servername: target.hostname });
    expect(c.password).toBe(password);
  });

  it("goes to an endpoint override without TLS in local mode, the token still naming the cluster", () => {
    const c = poolConfig(target, { endpoint: { host: "127.0.0.1", port: 6543 }, tls: false, statementTimeoutMs: 5_000 }, password);
    expect(c).toMatchObject({ host: "127.0.0.1", port: 6543, ssl: false });
  });

  it("retires connections before DSQL's one-hour limit, closes idle ones, and keeps the pool small", () => {
    const c = poolConfig(target, { tls: true, statementTimeoutMs: 5_000 }, password);
    expect(c.maxLifetimeSeconds).toBe(MAX_CONNECTION_AGE_S);
    expect(MAX_CONNECTION_AGE_S).toBeLessThan(DSQL_CONNECTION_LIMIT_S);
    expect(c.idleTimeoutMillis).toBe(IDLE_TIMEOUT_MS);
    expect(c.max).toBeLessThanOrEqual(5);
    expect(c.query_timeout).toBeGreaterThan(5_000);
  });

  it("reads DSQL_OPS_SQL_ENDPOINT as host:port", () => {
    expect(loadConfig({ DSQL_OPS_SQL_ENDPOINT: "127.0.0.1:7001" }).sql.endpoint).toEqual({ host: "127.0.0.1", port: 7001 });
    expect(loadConfig({ DSQL_OPS_SQL_ENDPOINT: "[::1]:7001" }).sql.endpoint).toEqual({ host: "::1", port: 7001 });
    expect(loadConfig({}).sql.endpoint).toBeUndefined();
    expect(() => loadConfig({ DSQL_OPS_SQL_ENDPOINT: "localhost" })).toThrow(/host:port/);
  });
});

describe("tokens", () => {
  it("signs admin connections for DbConnectAdmin and other roles for DbConnect, always with the region and the cluster's account", async () => {
    const calls: string[] = [];
    const mint = tokenMinter((scope, hostname) => ({
      getDbConnectAdminAuthToken: async () => (calls.push(`admin ${scope.account} ${scope.region} ${hostname}`), "a"),
      getDbConnectAuthToken: async () => (calls.push(`role ${scope.account} ${scope.region} ${hostname}`), "r"),
    }));
    expect(await mint({ ...target, account: "210987654321" })).toBe("a");
    expect(await mint({ ...target, role: "reporting" })).toBe("r");
    // No account: the dashboard's own (its store).
    expect(calls).toEqual([`admin 210987654321 eu-west-1 ${target.hostname}`, `role  eu-west-1 ${target.hostname}`]);
  });

  it("finds the cluster, region and role in a DSQL store URL", () => {
    expect(dsqlUrlTarget(`postgres://reporting@${target.hostname}:5432/postgres`)).toEqual({ ...target, role: "reporting" });
    expect(dsqlUrlTarget("postgres://u:p@db.internal:5432/app")).toBeUndefined();
  });
});

describe("connection and token lifetimes (fake timers)", () => {
  let pg: Awaited<ReturnType<typeof fakePostgres>>;
  let minted = 0;
  const mint: TokenMinter = async () => `token-${++minted}`;

  beforeEach(async () => {
    pg = await fakePostgres();
    minted = 0;
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: new Date("2026-11-25T12:00:00Z") });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await pg.close();
  });

  it("mints a fresh token for every new connection and reports ages, never the token", async () => {
    const pool = new ClusterPool(target, { endpoint: { host: "127.0.0.1", port: pg.port }, tls: false, statementTimeoutMs: 5_000 }, mint);
    const [a, b] = await Promise.all([pool.pool.connect(), pool.pool.connect()]);
    expect(pg.passwords).toEqual(["token-1", "token-2"]);
    a.release();
    b.release();
    expect(pool.health()).toMatchObject({ tokensMinted: 2, lastTokenAgeS: 0, connections: { total: 2, idle: 2, waiting: 0 }, oldestConnectionAgeS: 0, action: "dsql:DbConnectAdmin" });

    vi.advanceTimersByTime(30_000);
    expect(pool.health()).toMatchObject({ lastTokenAgeS: 30, oldestConnectionAgeS: 30 });
    expect(JSON.stringify(pool.health())).not.toMatch(/token-\d/);

    // Idle connections close after the idle timeout.
    vi.advanceTimersByTime(IDLE_TIMEOUT_MS);
    await until(() => pool.pool.totalCount === 0 && pool.health().oldestConnectionAgeS === null);
    await pool.end();
  });

  it("retires a connection at its maximum age, even one kept busy, and reconnects with a new token", async () => {
    const pool = new ClusterPool(target, { endpoint: { host: "127.0.0.1", port: pg.port }, tls: false, statementTimeoutMs: 5_000 }, mint);
    const busy = await pool.pool.connect();
    vi.advanceTimersByTime(MAX_CONNECTION_AGE_S * 1000 - 1_000);
    expect(pool.health().oldestConnectionAgeS).toBe(MAX_CONNECTION_AGE_S - 1);
    expect(pool.pool.totalCount).toBe(1);
    vi.advanceTimersByTime(1_000);
    // Past its lifetime: on release it is closed instead of going back to the pool.
    busy.release();
    await until(() => pool.pool.totalCount === 0);
    await pool.query("SELECT 1");
    expect(pg.passwords).toEqual(["token-1", "token-2"]);
    expect(pool.health()).toMatchObject({ tokensMinted: 2, lastTokenAgeS: 0, oldestConnectionAgeS: 0 });
    await pool.end();
  });
});

describe("errors a person can act on", () => {
  const ctx = { cluster: "eu-west-1/abc", role: "admin", endpoint: "abc.dsql.eu-west-1.on.aws:5432", statementTimeoutMs: 15_000 };
  const as = (e: unknown, c = ctx) => sqlError(e, c);

  it("names the missing IAM permission when the token is refused", () => {
    const admin = as({ code: "28P01", message: "unable to accept connection, access denied" });
    expect(admin).toBeInstanceOf(AppError);
    expect(admin.status).toBe(403);
    expect(admin.message).toMatch(/dsql:DbConnectAdmin/);
    const role = as({ code: "28000", message: "access denied" }, { ...ctx, role: "reporting" });
    expect(role.message).toMatch(/dsql:DbConnect\b/);
    expect(role.message).toMatch(/AWS IAM GRANT/);
  });

  it("tells unreachable, timed out and not-yet-available clusters apart", () => {
    expect(as(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toMatchObject({ status: 503, code: "ClusterUnreachable" });
    expect(as(new Error("getaddrinfo ENOTFOUND abc.dsql.eu-west-1.on.aws"))).toMatchObject({ status: 503 });
    expect(as(new Error("timeout expired"))).toMatchObject({ status: 504, code: "ConnectTimeout" });
    expect(as({ code: "57014", message: "canceling statement due to statement timeout" })).toMatchObject({ status: 504, code: "StatementTimeout", message: expect.stringMatching(/15 s/) });
    expect(as({ code: "57P03", message: "cluster is CREATING" })).toMatchObject({ status: 503 });
    expect(as(new Error("self-signed certificate in certificate chain"))).toMatchObject({ status: 502, code: "TlsFailed" });
  });

  it("says an OCC conflict outlived the retries, and passes user errors through as 4xx", () => {
    const e = as(new OccRetriesExhausted(5, new Error("(OC000)")));
    expect(e).toMatchObject({ status: 409, code: "OccConflict" });
    expect(e.message).toMatch(/5 attempts/);
    expect(as({ code: "42P01", message: 'relation "x" does not exist' })).toMatchObject({ status: 400, message: 'relation "x" does not exist' });
    expect(as({ code: "23505", message: "duplicate key" })).toMatchObject({ status: 409 });
  });
});
