import "server-only";
import { checkServerIdentity } from "node:tls";
import { Pool, type PoolClient, type PoolConfig } from "pg";
import { dsqlSigner } from "../aws/clients";
import { config } from "../aws/config";
import { type ClusterKey, type Scope, clusterKey } from "../aws/scope";
import { DSQL_HOSTNAME } from "../aws/ids";
import { AppError } from "../errors";
import { onShutdown } from "../shutdown";
import { OccRetriesExhausted, withRetry } from "./retry";

/**
 * SQL connections to DSQL clusters: one small `pg` pool per cluster. Each new connection gets a
 * freshly minted IAM token as its password (DSQL checks it only at connect time), connections are
 * retired well before DSQL's one-hour limit, and every statement has a timeout. Tokens live only
 * in the pool's password callback: they are never stored, logged or reported.
 */

/** A token only has to outlive the connect it is minted for. */
const TOKEN_TTL_S = 900;
/** DSQL closes a connection after 60 minutes; retire ours at 50, before it happens mid-query. */
export const MAX_CONNECTION_AGE_S = 50 * 60;
export const DSQL_CONNECTION_LIMIT_S = 60 * 60;
export const IDLE_TIMEOUT_MS = 60_000;
/** Generous: an idle or inactive cluster wakes up on the first connection, which takes a while. */
const CONNECT_TIMEOUT_MS = 20_000;
const POOL_MAX = 3;

export interface SqlTarget {
  /** The account whose credentials mint the token; absent: the dashboard's own (the store's cluster). */
  account?: string;
  region: string;
  identifier: string;
  /** The cluster's endpoint; the IAM token is minted for this name even when connecting elsewhere. */
  hostname: string;
  /** Database role: `admin` (dsql:DbConnectAdmin) or a custom role (dsql:DbConnect). */
  role: string;
}

export interface SqlOptions {
  /** Connect here instead of the cluster's hostname (DSQL_OPS_SQL_ENDPOINT: the emulator, a tunnel). */
  endpoint?: { host: string; port: number };
  tls: boolean;
  statementTimeoutMs: number;
}

const clusterHostname = (region: string, identifier: string) => `${identifier}.dsql.${region}.on.aws`;

/** The IAM action a role's token is signed for. */
const connectAction = (role: string) => (role === "admin" ? "dsql:DbConnectAdmin" : "dsql:DbConnect");

interface TokenSigner {
  getDbConnectAdminAuthToken(): Promise<string>;
  getDbConnectAuthToken(): Promise<string>;
}

export type TokenMinter = (target: SqlTarget) => Promise<string>;

/** Mints with the signer for the role's action. */
export function tokenMinter(signerFor: (scope: Scope, hostname: string) => TokenSigner): TokenMinter {
  return (t) => {
    const signer = signerFor({ account: t.account ?? "", region: t.region }, t.hostname);
    return t.role === "admin" ? signer.getDbConnectAdminAuthToken() : signer.getDbConnectAuthToken();
  };
}

const defaultMinter = tokenMinter((scope, hostname) => dsqlSigner(scope, hostname, TOKEN_TTL_S));

/** The `pg` pool settings for a cluster (pure, so the policy is testable). */
export function poolConfig(t: SqlTarget, o: SqlOptions, password: () => Promise<string>): PoolConfig {
  return {
    host: o.endpoint?.host ?? t.hostname,
    port: o.endpoint?.port ?? 5432,
    user: t.role,
    database: "postgres",
    password,
    // DSQL requires TLS; verify the certificate against the cluster's name even through an endpoint override.
    ssl: o.tls ? { rejectUnauthorized: true, servername: t.hostname, checkServerIdentity: (_host, cert) => checkServerIdentity(t.hostname, cert) } : false,
    max: POOL_MAX,
    idleTimeoutMillis: IDLE_TIMEOUT_MS,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    maxLifetimeSeconds: MAX_CONNECTION_AGE_S,
    statement_timeout: o.statementTimeoutMs,
    // A client-side guard too, for servers that ignore statement_timeout.
    query_timeout: o.statementTimeoutMs + 5_000,
    application_name: "dsql-ops",
    allowExitOnIdle: true,
  };
}

/** What the UI may know about a pool: ages and counts, never a token. */
export interface PoolHealth {
  cluster: string;
  endpoint: string;
  role: string;
  action: string;
  tls: boolean;
  tokensMinted: number;
  lastTokenAgeS: number | null;
  tokenLifetimeS: number;
  connections: { total: number; idle: number; waiting: number; max: number };
  oldestConnectionAgeS: number | null;
  retireAfterS: number;
  dsqlLimitS: number;
  statementTimeoutMs: number;
  lastError: { message: string; at: string } | null;
}

export class ClusterPool {
  readonly pool: Pool;
  private tokensMinted = 0;
  private lastTokenAt?: number;
  private readonly connectedAt = new Map<unknown, number>();
  private lastError?: { message: string; at: number };
  private readonly label: string;
  private readonly endpointText: string;

  constructor(
    readonly target: SqlTarget,
    private readonly options: SqlOptions,
    mint: TokenMinter = defaultMinter,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.label = `${target.region}/${target.identifier}`;
    const cfg = poolConfig(target, options, async () => {
      const token = await mint(target);
      this.tokensMinted++;
      this.lastTokenAt = this.now();
      return token;
    });
    this.endpointText = `${cfg.host}:${cfg.port}`;
    this.pool = new Pool(cfg);
    this.pool.on("connect", (c) => this.connectedAt.set(c, this.now()));
    this.pool.on("remove", (c) => this.connectedAt.delete(c));
    // An idle connection that dies (DSQL's one-hour limit, a network blip) must not crash the process.
    this.pool.on("error", (err) => this.noteError(err));
  }

  private noteError(err: unknown) {
    this.lastError = { message: (err as Error).message ?? String(err), at: this.now() };
  }

  /** The error as a person should read it, naming this cluster; also remembered for the health panel. */
  explain(err: unknown): AppError {
    const e = sqlError(err, { cluster: this.label, role: this.target.role, endpoint: this.endpointText, statementTimeoutMs: this.options.statementTimeoutMs });
    // The health panel is about the connection: refused tokens, unreachable or slow clusters, not bad input.
    if (!(err instanceof AppError) && (e.status >= 500 || e.status === 403)) this.noteError(e);
    return e;
  }

  private async attempt<T>(work: () => Promise<T>, idempotent = false): Promise<T> {
    try {
      return idempotent ? await withRetry(work) : await work();
    } catch (err) {
      throw this.explain(err);
    }
  }

  /** One statement. Idempotent work is retried on OCC conflicts; the rest runs once. */
  query<T = Record<string, unknown>>(text: string, params: unknown[] = [], opts: { idempotent?: boolean } = {}): Promise<T[]> {
    return this.attempt(async () => (await this.pool.query(text, params)).rows as T[], opts.idempotent);
  }

  /** Several statements on one connection (no transaction is opened for you); retried as a whole when idempotent. */
  withClient<T>(fn: (c: PoolClient) => Promise<T>, opts: { idempotent?: boolean } = {}): Promise<T> {
    return this.attempt(async () => {
      const client = await this.pool.connect();
      try {
        const result = await fn(client);
        client.release();
        return result;
      } catch (err) {
        // A connection that broke (no SQLSTATE) is discarded; after an SQL error it is still good.
        const code = (err as { code?: string }).code;
        client.release(!code || /^E[A-Z]/.test(code) ? (err as Error) : undefined);
        throw err;
      }
    }, opts.idempotent);
  }

  health(): PoolHealth {
    const now = this.now();
    const ages = [...this.connectedAt.values()].map((t) => Math.round((now - t) / 1000));
    return {
      cluster: this.label,
      endpoint: this.endpointText,
      role: this.target.role,
      action: connectAction(this.target.role),
      tls: this.options.tls,
      tokensMinted: this.tokensMinted,
      lastTokenAgeS: this.lastTokenAt === undefined ? null : Math.round((now - this.lastTokenAt) / 1000),
      tokenLifetimeS: TOKEN_TTL_S,
      connections: { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount, max: POOL_MAX },
      oldestConnectionAgeS: ages.length ? Math.max(...ages) : null,
      retireAfterS: MAX_CONNECTION_AGE_S,
      dsqlLimitS: DSQL_CONNECTION_LIMIT_S,
      statementTimeoutMs: this.options.statementTimeoutMs,
      lastError: this.lastError ? { message: this.lastError.message, at: new Date(this.lastError.at).toISOString() } : null,
    };
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}

interface PgLikeError {
  code?: string;
  message?: string;
}

const CONNECT_FAILURES = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ECONNRESET|Connection terminated unexpectedly|socket hang up/;
const CONNECT_TIMEOUTS = /timeout expired|Connection terminated due to connection timeout|timeout exceeded when trying to connect/i;
const TLS_FAILURES = /certificate|CERT_|self[- ]signed|does not support SSL/i;

/** Turns a `pg` or network error into a message a person can act on, naming the cluster. */
export function sqlError(err: unknown, ctx: { cluster: string; role: string; endpoint: string; statementTimeoutMs: number }): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof OccRetriesExhausted) return new AppError(409, `${err.message} (cluster ${ctx.cluster})`, "OccConflict");
  const e = (err ?? {}) as PgLikeError;
  const msg = e.message ?? String(err);
  const code = e.code ?? "";
  if (code === "28P01" || code === "28000") {
    const action = connectAction(ctx.role);
    const mapping = ctx.role === "admin" ? "" : ` and role "${ctx.role}" must be mapped to that IAM identity (AWS IAM GRANT)`;
    return new AppError(403, `Cluster ${ctx.cluster} refused the dashboard's IAM token for role "${ctx.role}": its IAM identity needs ${action} on this cluster${mapping} (${msg})`, "TokenRefused");
  }
  if (code === "57P03") return new AppError(503, `Cluster ${ctx.cluster} is not accepting connections yet (${msg})`, "ClusterUnavailable");
  if (code === "57014" || /Query read timeout/.test(msg)) {
    return new AppError(504, `A query on ${ctx.cluster} ran longer than the ${Math.round(ctx.statementTimeoutMs / 1000)} s statement timeout and was cancelled`, "StatementTimeout");
  }
  if (CONNECT_TIMEOUTS.test(msg)) return new AppError(504, `Could not connect to ${ctx.cluster} at ${ctx.endpoint} within ${CONNECT_TIMEOUT_MS / 1000} s`, "ConnectTimeout");
  if (code === "53300" || code === "53400") return new AppError(503, `Cluster ${ctx.cluster} refused a new connection: ${msg}`, "TooManyConnections");
  if (TLS_FAILURES.test(msg) || /^(ERR_TLS|DEPTH_ZERO|UNABLE_TO)/.test(code)) {
    return new AppError(502, `TLS to ${ctx.cluster} at ${ctx.endpoint} failed: ${msg} (DSQL_OPS_SQL_TLS turns TLS off for endpoints without it, such as the emulator)`, "TlsFailed");
  }
  if (CONNECT_FAILURES.test(msg) || /^E[A-Z]+$/.test(code)) return new AppError(503, `Cannot reach cluster ${ctx.cluster}'s SQL endpoint ${ctx.endpoint}: ${msg}`, "ClusterUnreachable");
  if (code === "40001") return new AppError(409, `A transaction on ${ctx.cluster} conflicted with a concurrent one (${msg}); try again`, "OccConflict");
  if (code === "23505") return new AppError(409, msg, "UniqueViolation");
  if (code.startsWith("42") || code.startsWith("22") || code === "0A000" || code.startsWith("54")) return new AppError(400, msg, `Sql${code}`);
  return new AppError(500, `SQL on ${ctx.cluster} failed: ${msg}`, code ? `Sql${code}` : "SqlError");
}

const POOLS_KEY = Symbol.for("dsql-ops.sql-pools");
// Kept on globalThis so a dev-server reload does not leak a second set of pools.
const pools: Map<string, ClusterPool> = ((globalThis as Record<symbol, unknown>)[POOLS_KEY] as Map<string, ClusterPool>) ?? new Map();
if (!(globalThis as Record<symbol, unknown>)[POOLS_KEY]) onShutdown(() => Promise.allSettled([...pools.values()].map((p) => p.end())).then(() => pools.clear()));
(globalThis as Record<symbol, unknown>)[POOLS_KEY] = pools;

export function sqlOptions(): SqlOptions {
  const c = config().sql;
  return { endpoint: c.endpoint, tls: c.tls, statementTimeoutMs: c.statementTimeoutMs };
}

/** The pool for a cluster, made on first use, as the configured role. */
export function clusterPool(cluster: ClusterKey, role: string = config().sql.role, hostname = clusterHostname(cluster.region, cluster.identifier)): ClusterPool {
  const key = `${clusterKey(cluster)}/${role}`;
  let p = pools.get(key);
  if (!p) {
    p = new ClusterPool({ account: cluster.account, region: cluster.region, identifier: cluster.identifier, hostname, role }, sqlOptions());
    pools.set(key, p);
  }
  return p;
}

/** Health of a cluster's pool, if the dashboard has connected to it. */
export function poolHealth(cluster: ClusterKey, role: string = config().sql.role): PoolHealth | null {
  return pools.get(`${clusterKey(cluster)}/${role}`)?.health() ?? null;
}

/** A DSQL cluster named by a URL (postgres://admin@<id>.dsql.<region>.on.aws/postgres), or undefined for any other host. */
export function dsqlUrlTarget(url: string): SqlTarget | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const m = DSQL_HOSTNAME.exec(u.hostname);
  if (!m) return undefined;
  return { identifier: m[1], region: m[2], hostname: u.hostname, role: decodeURIComponent(u.username) || config().sql.role };
}

/**
 * Work on a cluster the dashboard connects to once (a drill's restored copy): a pool of its own,
 * ended afterwards, so short-lived clusters leave no pools behind.
 */
export async function withOneOffPool<T>(cluster: ClusterKey, fn: (pool: ClusterPool) => Promise<T>, role: string = config().sql.role): Promise<T> {
  const pool = new ClusterPool({ account: cluster.account, region: cluster.region, identifier: cluster.identifier, hostname: clusterHostname(cluster.region, cluster.identifier), role }, sqlOptions());
  try {
    return await fn(pool);
  } finally {
    await pool.end().catch(() => undefined);
  }
}
