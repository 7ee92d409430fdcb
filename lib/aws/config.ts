import { isIP } from "node:net";
import { z } from "zod";
import { ACCOUNT_ID, REGION } from "./ids";

/**
 * The dashboard's configuration, read from the environment once and validated.
 * Everything else asks `config()`; nothing else reads process.env for settings.
 */

export const regionSchema = z.string().regex(REGION, "must be an AWS region such as us-east-1");

const priceSchema = z.object({
  /** Dollars per million DPUs. */
  dpuPerMillion: z.number().nonnegative(),
  /** Dollars per GB-month of storage. */
  storageGbMonth: z.number().nonnegative(),
});
export type RegionPrice = z.infer<typeof priceSchema>;

const csv = (v: string | undefined) =>
  (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

const jsonValue = (name: string, v: string | undefined): unknown => {
  if (!v) return undefined;
  try {
    return JSON.parse(v);
  } catch {
    throw new ConfigError(`${name} is not valid JSON`);
  }
};

export class ConfigError extends Error {}

/** An IPv4/IPv6 address or CIDR block. */
const addressOrCidr = z.string().refine((v) => {
  const [ip, bits, extra] = v.split("/");
  const family = isIP(ip);
  if (!family || extra !== undefined) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n >= 0 && n <= (family === 4 ? 32 : 128);
}, "must be an IP address or a CIDR block such as 10.0.0.0/16");

const proxyAuthSchema = z
  .object({
    mode: z.literal("proxy"),
    /** ALB with OIDC: the load balancer ARN whose signature we accept (x-amzn-oidc-data `signer`). */
    albArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/app\/[^/]+\/[^/]+$/, "must be an Application Load Balancer ARN")
      .optional(),
    /** oauth2-proxy-style headers are trusted only from these peer addresses (IPs or CIDR blocks). */
    trustedProxies: z.array(addressOrCidr).default([]),
    /** A shared secret the proxy sends in X-Dsql-Ops-Proxy-Secret; required with the headers when set. */
    proxySecret: z.string().min(16, "must be at least 16 characters").optional(),
    /** Group name → role. Users in no mapped group are viewers. */
    groupRoles: z.record(z.string(), z.enum(["viewer", "operator"])).default({}),
    /** Where the ALB's public keys live: a URL with {region} and {kid}; overridable for tests. */
    albKeyUrl: z.string().optional(),
    /** The ALB user claim holding the groups (Cognito: cognito:groups). */
    groupsClaim: z.string().min(1).default("groups"),
    /** The ALB user claim naming the user; email, then preferred_username, then sub when unset. */
    userClaim: z.string().min(1).optional(),
  })
  .refine((a) => a.albArn || a.trustedProxies.length || a.proxySecret, {
    message: "proxy auth needs DSQL_OPS_ALB_ARN (ALB with OIDC) or DSQL_OPS_TRUSTED_PROXIES / DSQL_OPS_PROXY_SECRET (oauth2-proxy headers)",
  });

const accountIdSchema = z.string().regex(ACCOUNT_ID, "must be a 12-digit AWS account id");
const roleNameSchema = z.string().regex(/^[\w+=,.@-]{1,64}$/, "must be an IAM role name such as DsqlOpsReadOnly");
const externalIdSchema = z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, "must be 2 to 1224 letters, digits or +=,.@:/-");

/** One account to watch (DSQL_OPS_ACCOUNTS). Without a role, the dashboard's own credentials are used (its own account). */
const watchedAccountSchema = z
  .object({
    id: accountIdSchema,
    name: z.string().min(1).max(64).optional(),
    roleArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, "must be an IAM role ARN such as arn:aws:iam::111122223333:role/DsqlOpsReadOnly")
      .optional(),
    externalId: externalIdSchema.optional(),
    regions: z.array(regionSchema).min(1, "lists no region").optional(),
  })
  .strict()
  .refine((a) => !a.roleArn || a.roleArn.split(":")[4] === a.id, { message: "roleArn must name a role in the account itself", path: ["roleArn"] });
export type WatchedAccountConfig = z.infer<typeof watchedAccountSchema>;

const accountsSchema = z
  .object({
    list: z.array(watchedAccountSchema).default([]),
    /** Discover accounts with Organizations ListAccounts and assume this role in each (DSQL_OPS_ORG_ROLE_NAME). */
    orgRoleName: roleNameSchema.optional(),
    orgExternalId: externalIdSchema.optional(),
    /** The account the dashboard's own credentials belong to is watched too (DSQL_OPS_WATCH_OWN_ACCOUNT). */
    watchOwn: z.boolean(),
    /** Read other accounts' metrics through CloudWatch cross-account observability (DSQL_OPS_MONITORING_ACCOUNT). */
    monitoringAccount: z.boolean(),
  })
  .refine((a) => new Set(a.list.map((x) => x.id)).size === a.list.length, { message: "names an account twice", path: ["list"] });

const authSchema = z.discriminatedUnion("mode", [z.object({ mode: z.literal("local") }), proxyAuthSchema, z.object({ mode: z.literal("none-readonly") })]);
export type AuthConfig = z.infer<typeof authSchema>;

const configSchema = z.object({
  mode: z.enum(["local", "aws"]),
  regions: z.array(regionSchema).min(1, "at least one region must be watched"),
  /** Endpoint overrides from AWS_ENDPOINT_URL[_SERVICE]; the SDK reads them too, this is for display and the SQL side. */
  endpoints: z.object({
    cloudwatch: z.string().url().optional(),
    dsql: z.string().url().optional(),
    backup: z.string().url().optional(),
    pricing: z.string().url().optional(),
    sns: z.string().url().optional(),
    costExplorer: z.string().url().optional(),
    ec2: z.string().url().optional(),
    configService: z.string().url().optional(),
    serviceQuotas: z.string().url().optional(),
  }),
  prices: z.record(regionSchema, priceSchema).default({}),
  auth: authSchema,
  accounts: accountsSchema,
  occThresholdPct: z.number().positive().max(100),
  backupStaleHours: z.number().positive(),
  /**
   * The longest a CloudWatch answer whose window reaches now is kept (seconds): an answer is kept
   * a tenth of its finest period, at least a minute and at most this. Cost against freshness.
   */
  metricsMaxAgeS: z.number().int().min(60, "must be at least 60 seconds").max(3600, "must be at most 3600 seconds"),
  /** The dashboard's own store: a PostgreSQL/DSQL URL, or empty for the embedded PGlite in dataDir. */
  storeUrl: z.string().optional(),
  dataDir: z.string(),
  sql: z.object({
    /** TLS with certificate verification towards clusters; the emulator's SQL side has no TLS. */
    tls: z.boolean(),
    /** Database role to connect as; `admin` uses dsql:DbConnectAdmin, anything else dsql:DbConnect. */
    role: z.string().min(1),
    statementTimeoutMs: z.number().int().positive(),
    /**
     * Where SQL connections go instead of each cluster's own endpoint (DSQL_OPS_SQL_ENDPOINT=host:port;
     * the launcher sets it to the emulator's SQL port). The IAM token still names the cluster.
     */
    endpoint: z.object({ host: z.string().min(1), port: z.number().int().min(1).max(65_535) }).optional(),
  }),
  /** Readiness: whether clusters must use customer-managed KMS keys, and the tag (key=value) that marks a critical cluster. */
  readiness: z.object({
    requireCmk: z.boolean(),
    criticalTag: z
      .string()
      .regex(/^[^=]{1,128}=.{1,256}$/, "must be key=value")
      .transform((s) => ({ key: s.slice(0, s.indexOf("=")), value: s.slice(s.indexOf("=") + 1) }))
      .optional(),
  }),
  /** Triage signals no CloudWatch alarm can express, sent when they appear and clear (lib/triage/alerts.ts); off without a destination. */
  alerts: z.object({
    webhookUrl: z.string().url("must be an http(s) URL").optional(),
    topicArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, "must be an SNS topic ARN")
      .optional(),
    /** A signal is announced at most once per this many seconds. */
    intervalS: z.number().int().min(60, "must be at least 60 seconds"),
  }),
  /** Restore drills (lib/drills): how often the runner moves them on, how long a copy may live, the tolerances. */
  drills: z.object({
    tickS: z.number().int().min(1).max(3600),
    expiryHours: z.number().positive(),
    /** Row estimates of the copy within this fraction of the source's. */
    rowTolerance: z.number().min(0).max(1),
    canaryIntervalMin: z.number().int().min(1),
  }),
  /** Per-user token bucket for mutations (start backup, create alarm, ...), per dashboard instance. */
  mutationRateLimit: z.object({ perMinute: z.number().positive(), burst: z.number().int().positive() }),
  backup: z.object({
    vaultName: z.string().min(1),
    /** Role AWS Backup assumes for on-demand backups and restores; required only to start them. */
    iamRoleArn: z.string().min(1).optional(),
  }),
});
export type Config = z.infer<typeof configSchema>;

type Env = Record<string, string | undefined>;

/** Local mode unless the environment shows an AWS account, or says so outright. */
export function detectMode(env: Env): "local" | "aws" {
  const explicit = env.DSQL_OPS_MODE?.trim().toLowerCase();
  if (explicit === "local" || explicit === "aws") return explicit;
  if (explicit) throw new ConfigError(`DSQL_OPS_MODE must be "local" or "aws", not "${explicit}"`);
  const awsSignals = ["AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"];
  return awsSignals.some((k) => env[k]) ? "aws" : "local";
}

export const LOCAL_REGIONS = ["us-east-1", "us-east-2", "eu-west-1", "ap-northeast-1"];

function num(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new ConfigError(`${name} must be a number, got "${v}"`);
  return n;
}

function flag(name: string, v: string | undefined, fallback: boolean): boolean {
  const s = v?.trim().toLowerCase();
  if (!s) return fallback;
  if (s === "true" || s === "1") return true;
  if (s === "false" || s === "0") return false;
  throw new ConfigError(`${name} must be true or false, got "${v}"`);
}

/** `host:port` or `[ipv6]:port`. */
function hostPort(name: string, v: string | undefined): { host: string; port: number } | undefined {
  if (!v?.trim()) return undefined;
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(v.trim());
  if (!m) throw new ConfigError(`${name} must look like host:port, got "${v}"`);
  return { host: m[1], port: Number(m[2]) };
}

/** `dba=operator,dev=viewer`, or a JSON object for group names with commas or "=" (LDAP DNs). */
function readGroupRoles(v: string | undefined): unknown {
  if (v?.trim().startsWith("{")) return jsonValue("DSQL_OPS_GROUP_ROLES", v);
  const groupRoles: Record<string, string> = {};
  for (const pair of csv(v)) {
    const at = pair.lastIndexOf("=");
    const [group, role] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
    if (at < 0 || !group || !role) throw new ConfigError(`DSQL_OPS_GROUP_ROLES entry "${pair}" must look like group=role`);
    groupRoles[group] = role;
  }
  return groupRoles;
}

function readAuth(env: Env, mode: "local" | "aws"): unknown {
  const authMode = env.DSQL_OPS_AUTH?.trim() || (mode === "local" ? "local" : undefined);
  if (!authMode) {
    throw new ConfigError('DSQL_OPS_AUTH is required in aws mode: set it to "proxy" (behind an ALB or oauth2-proxy) or to "none-readonly" for a read-only dashboard without sign-in');
  }
  if (authMode === "local" && mode === "aws") {
    throw new ConfigError('DSQL_OPS_AUTH=local is only allowed in local mode; use "proxy" or "none-readonly"');
  }
  if (authMode !== "proxy") return { mode: authMode };
  const groupRoles = readGroupRoles(env.DSQL_OPS_GROUP_ROLES);
  return {
    mode: "proxy",
    albArn: env.DSQL_OPS_ALB_ARN || undefined,
    trustedProxies: csv(env.DSQL_OPS_TRUSTED_PROXIES),
    groupRoles,
    albKeyUrl: env.DSQL_OPS_ALB_KEY_URL || undefined,
    proxySecret: env.DSQL_OPS_PROXY_SECRET || undefined,
    groupsClaim: env.DSQL_OPS_GROUPS_CLAIM || undefined,
    userClaim: env.DSQL_OPS_USER_CLAIM || undefined,
  };
}

/** Pure: builds and validates the configuration from an environment. */
export function loadConfig(env: Env): Config {
  const mode = detectMode(env);
  const regions = csv(env.DSQL_OPS_REGIONS);
  const raw = {
    mode,
    regions: regions.length ? regions : mode === "local" ? LOCAL_REGIONS : [env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? ""].filter(Boolean),
    endpoints: {
      cloudwatch: env.AWS_ENDPOINT_URL_CLOUDWATCH || env.AWS_ENDPOINT_URL || undefined,
      dsql: env.AWS_ENDPOINT_URL_DSQL || env.AWS_ENDPOINT_URL || undefined,
      backup: env.AWS_ENDPOINT_URL_BACKUP || env.AWS_ENDPOINT_URL || undefined,
      pricing: env.AWS_ENDPOINT_URL_PRICING || env.AWS_ENDPOINT_URL || undefined,
      sns: env.AWS_ENDPOINT_URL_SNS || env.AWS_ENDPOINT_URL || undefined,
      costExplorer: env.AWS_ENDPOINT_URL_COST_EXPLORER || env.AWS_ENDPOINT_URL || undefined,
      ec2: env.AWS_ENDPOINT_URL_EC2 || env.AWS_ENDPOINT_URL || undefined,
      configService: env.AWS_ENDPOINT_URL_CONFIG_SERVICE || env.AWS_ENDPOINT_URL || undefined,
      serviceQuotas: env.AWS_ENDPOINT_URL_SERVICE_QUOTAS || env.AWS_ENDPOINT_URL || undefined,
    },
    prices: jsonValue("DSQL_OPS_PRICES", env.DSQL_OPS_PRICES) ?? {},
    auth: readAuth(env, mode),
    accounts: {
      list: jsonValue("DSQL_OPS_ACCOUNTS", env.DSQL_OPS_ACCOUNTS) ?? [],
      orgRoleName: env.DSQL_OPS_ORG_ROLE_NAME || undefined,
      orgExternalId: env.DSQL_OPS_ORG_EXTERNAL_ID || undefined,
      watchOwn: flag("DSQL_OPS_WATCH_OWN_ACCOUNT", env.DSQL_OPS_WATCH_OWN_ACCOUNT, true),
      monitoringAccount: flag("DSQL_OPS_MONITORING_ACCOUNT", env.DSQL_OPS_MONITORING_ACCOUNT, false),
    },
    occThresholdPct: num("DSQL_OPS_OCC_THRESHOLD_PCT", env.DSQL_OPS_OCC_THRESHOLD_PCT, 5),
    backupStaleHours: num("DSQL_OPS_BACKUP_STALE_HOURS", env.DSQL_OPS_BACKUP_STALE_HOURS, 26),
    metricsMaxAgeS: num("DSQL_OPS_METRICS_MAX_AGE_S", env.DSQL_OPS_METRICS_MAX_AGE_S, 600),
    storeUrl: env.DSQL_OPS_STORE_URL || undefined,
    dataDir: env.DSQL_OPS_DATA_DIR || ".dsql-ops-data",
    sql: {
      tls: env.DSQL_OPS_SQL_TLS ? env.DSQL_OPS_SQL_TLS !== "false" : mode === "aws",
      role: env.DSQL_OPS_DB_ROLE || "admin",
      statementTimeoutMs: num("DSQL_OPS_STATEMENT_TIMEOUT_MS", env.DSQL_OPS_STATEMENT_TIMEOUT_MS, 15_000),
      endpoint: hostPort("DSQL_OPS_SQL_ENDPOINT", env.DSQL_OPS_SQL_ENDPOINT),
    },
    readiness: {
      requireCmk: flag("DSQL_OPS_REQUIRE_CMK", env.DSQL_OPS_REQUIRE_CMK, false),
      criticalTag: env.DSQL_OPS_CRITICAL_TAG || (mode === "local" ? "environment=prod" : undefined),
    },
    alerts: {
      webhookUrl: env.DSQL_OPS_ALERT_WEBHOOK_URL || undefined,
      topicArn: env.DSQL_OPS_ALERT_TOPIC_ARN || undefined,
      intervalS: num("DSQL_OPS_ALERT_INTERVAL_S", env.DSQL_OPS_ALERT_INTERVAL_S, 3600),
    },
    drills: {
      tickS: num("DSQL_OPS_DRILL_TICK_S", env.DSQL_OPS_DRILL_TICK_S, 30),
      expiryHours: num("DSQL_OPS_DRILL_EXPIRY_HOURS", env.DSQL_OPS_DRILL_EXPIRY_HOURS, 24),
      rowTolerance: num("DSQL_OPS_DRILL_ROW_TOLERANCE", env.DSQL_OPS_DRILL_ROW_TOLERANCE, 0.1),
      canaryIntervalMin: num("DSQL_OPS_CANARY_INTERVAL_MIN", env.DSQL_OPS_CANARY_INTERVAL_MIN, 15),
    },
    mutationRateLimit: {
      perMinute: num("DSQL_OPS_MUTATIONS_PER_MINUTE", env.DSQL_OPS_MUTATIONS_PER_MINUTE, 30),
      burst: num("DSQL_OPS_MUTATION_BURST", env.DSQL_OPS_MUTATION_BURST, 20),
    },
    backup: {
      vaultName: env.DSQL_OPS_BACKUP_VAULT || "Default",
      iamRoleArn: env.DSQL_OPS_BACKUP_ROLE_ARN || (mode === "local" ? "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole" : undefined),
    },
  };
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid configuration at ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  if (parsed.data.mode === "aws" && parsed.data.regions.length === 0) {
    throw new ConfigError("Set DSQL_OPS_REGIONS (comma-separated) or AWS_REGION to choose the regions to watch");
  }
  return parsed.data;
}

let cached: Config | undefined;

/** The process's configuration, read once. */
export function config(): Config {
  cached ??= loadConfig(process.env);
  return cached;
}
