import "server-only";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { DSQLClient } from "@aws-sdk/client-dsql";
import { BackupClient } from "@aws-sdk/client-backup";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { CostExplorerClient } from "@aws-sdk/client-cost-explorer";
import { ConfigServiceClient } from "@aws-sdk/client-config-service";
import { EC2Client } from "@aws-sdk/client-ec2";
import { PricingClient } from "@aws-sdk/client-pricing";
import { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { SNSClient } from "@aws-sdk/client-sns";
import { STSClient, type STSClientConfig } from "@aws-sdk/client-sts";
import { DsqlSigner } from "@aws-sdk/dsql-signer";
import { recordAnswer } from "./answers";
import { recordUsage } from "./usage";
import { config } from "./config";
import { accountCredentials } from "./credentials";
import { type Scope } from "./scope";

/**
 * The only place that constructs AWS SDK clients: one per (service, account, Region), reused for
 * the life of the process. The dashboard's own account is read with the SDK's default chain,
 * another account with the role assumed in it (lib/aws/credentials.ts); endpoints come from
 * AWS_ENDPOINT_URL[_SERVICE] (the local-mode launcher points them at the emulator).
 */

const clients = new Map<string, unknown>();

function memo<T>(key: string, make: () => T): T {
  let c = clients.get(key) as T | undefined;
  if (!c) {
    c = make();
    clients.set(key, c);
  }
  return c;
}

const common = (region: string) => ({ region, retryMode: "adaptive", maxAttempts: 3 }) as const;

/** Region, retries and the credentials of the scope's account. */
const scoped = (s: Scope) => ({ ...common(s.region), credentials: accountCredentials(s.account, config().regions[0] ?? s.region) });
const scopeId = (s: Scope) => `${s.account}:${s.region}`;

/** The part of a client's middleware stack used here (each client types it for its own commands). */
interface Stack {
  add(mw: (next: (args: unknown) => Promise<unknown>, context: unknown) => (args: unknown) => Promise<unknown>, opts: { step: "initialize" | "deserialize"; name: string }): void;
}

/**
 * Reports each call: its billed units (lib/aws/usage.ts, the cost of watching) and each HTTP
 * exchange's outcome (lib/aws/answers.ts, for GET /api/ready); the call itself is unchanged.
 */
function reported<C extends { middlewareStack: object }>(service: string, region: string, client: C): C {
  (client.middlewareStack as Stack).add(
    (next, context) => async (args) => {
      recordUsage(service, (context as { commandName?: string }).commandName?.replace(/Command$/, "") ?? "unknown", (args as { input?: unknown }).input);
      return next(args);
    },
    { step: "initialize", name: "dsqlOpsUsage" },
  );
  (client.middlewareStack as Stack).add(
    (next) => async (args) => {
      try {
        const out = (await next(args)) as { response?: { statusCode?: number } };
        recordAnswer(service, region, { status: out.response?.statusCode ?? 200 });
        return out;
      } catch (err) {
        const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
        recordAnswer(service, region, { status: e.$metadata?.httpStatusCode, error: e.name });
        throw err;
      }
    },
    { step: "deserialize", name: "dsqlOpsAnswers" },
  );
  return client;
}

export function cloudWatchClient(s: Scope): CloudWatchClient {
  return memo(`cloudwatch:${scopeId(s)}`, () => reported("cloudwatch", s.region, new CloudWatchClient({ ...scoped(s), endpoint: config().endpoints.cloudwatch })));
}

export function dsqlClient(s: Scope): DSQLClient {
  return memo(`dsql:${scopeId(s)}`, () => reported("dsql", s.region, new DSQLClient({ ...scoped(s), endpoint: config().endpoints.dsql })));
}

export function backupClient(s: Scope): BackupClient {
  return memo(`backup:${scopeId(s)}`, () => reported("backup", s.region, new BackupClient({ ...scoped(s), endpoint: config().endpoints.backup })));
}

export function ec2Client(s: Scope): EC2Client {
  return memo(`ec2:${scopeId(s)}`, () => reported("ec2", s.region, new EC2Client({ ...scoped(s), endpoint: config().endpoints.ec2 })));
}

/** AWS Config: the DSQL managed rules' verdicts, a second opinion for the readiness checks. */
export function configServiceClient(s: Scope): ConfigServiceClient {
  return memo(`config:${scopeId(s)}`, () => reported("config", s.region, new ConfigServiceClient({ ...scoped(s), endpoint: config().endpoints.configService })));
}

/** Service Quotas: the applied DSQL quotas of an account in a Region. */
export function serviceQuotasClient(s: Scope): ServiceQuotasClient {
  return memo(`servicequotas:${scopeId(s)}`, () => reported("servicequotas", s.region, new ServiceQuotasClient({ ...scoped(s), endpoint: config().endpoints.serviceQuotas })));
}

export function snsClient(s: Scope): SNSClient {
  return memo(`sns:${scopeId(s)}`, () => reported("sns", s.region, new SNSClient({ ...scoped(s), endpoint: config().endpoints.sns })));
}

/**
 * Mints DSQL IAM auth tokens for one cluster endpoint (no network call: SigV4 presigning with the
 * credentials of the cluster's account). The region is always passed: the signer does not infer it from the host.
 */
export function dsqlSigner(s: Scope, hostname: string, expiresInS: number): DsqlSigner {
  return memo(`dsql-signer:${scopeId(s)}:${hostname}:${expiresInS}`, () => {
    // The signer spreads its config over its defaults: an explicit `credentials: undefined` would replace the default chain.
    const credentials = scoped(s).credentials;
    return new DsqlSigner({ hostname, region: s.region, expiresIn: expiresInS, ...(credentials && { credentials }) });
  });
}

/** The Price List Query API: its endpoints are in a few Regions only, and us-east-1 answers for every Region. */
export function pricingClient(): PricingClient {
  return memo("pricing", () => reported("pricing", "us-east-1", new PricingClient({ ...common("us-east-1"), endpoint: config().endpoints.pricing })));
}

/** Cost Explorer, in the dashboard's own account (a management account sees its member accounts' costs); its endpoint is in us-east-1. */
export function costExplorerClient(): CostExplorerClient {
  return memo("costexplorer", () => reported("costexplorer", "us-east-1", new CostExplorerClient({ ...common("us-east-1"), endpoint: config().endpoints.costExplorer })));
}

/** STS, with the given credentials (an account's assumed role) or the dashboard's own. Not memoised: it is called rarely. */
export function stsClient(region: string, credentials?: STSClientConfig["credentials"]): STSClient {
  return new STSClient({ region, credentials });
}

/** Organizations is a global service, reached through us-east-1. */
export function organizationsClient(): OrganizationsClient {
  return memo("organizations", () => new OrganizationsClient({ region: "us-east-1" }));
}
