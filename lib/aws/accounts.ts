import "server-only";
import { paginateListAccounts } from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { doesIdentityRequireRefresh, isIdentityExpired, memoizeIdentityProvider } from "@smithy/core";
import { TtlCache } from "../cache";
import { toAppError } from "../errors";
import { organizationsClient, stsClient } from "./clients";
import { config } from "./config";

type AwsCredentialIdentityProvider = ReturnType<typeof fromTemporaryCredentials>;

/**
 * The AWS accounts the dashboard watches: its own (unless DSQL_OPS_WATCH_OWN_ACCOUNT=false), the
 * ones listed in DSQL_OPS_ACCOUNTS, and, with DSQL_OPS_ORG_ROLE_NAME, every active account of the
 * organisation (Organizations ListAccounts from the management or a delegated account). Another
 * account is read with the credentials of a role assumed in it: the SDK's own provider
 * (fromTemporaryCredentials) assumes it, caches the session and renews it before it expires.
 * An account that cannot be read is reported with the reason, never dropped.
 */

export type AccountSource = "own" | "configured" | "organization";

export interface WatchedAccount {
  id: string;
  name: string;
  source: AccountSource;
  /** The role assumed to read it; none for the dashboard's own account. */
  roleArn?: string;
  externalId?: string;
  regions: string[];
}

export interface AccountProblem {
  /** The account, or "organization" when the listing itself failed. */
  id: string;
  name: string;
  message: string;
}

export interface Accounts {
  accounts: WatchedAccount[];
  problems: AccountProblem[];
}

/** The session name AWS records for every call made with an assumed role (CloudTrail, the role's last use). */
export const ROLE_SESSION_NAME = "dsql-ops";
const ACCOUNTS_TTL_MS = 10 * 60_000;
const cache = new TtlCache<Accounts>(4);
const providers = new Map<string, AwsCredentialIdentityProvider>();

const stsRegion = () => config().regions[0] ?? "us-east-1";

/** The credentials to read an account with: undefined means the dashboard's own (the default chain). */
export function credentialsFor(account: Pick<WatchedAccount, "id" | "roleArn" | "externalId">): AwsCredentialIdentityProvider | undefined {
  if (!account.roleArn) return undefined;
  const key = `${account.roleArn}|${account.externalId ?? ""}`;
  let p = providers.get(key);
  if (!p) {
    // One session per role for every client of the account, renewed five minutes before it expires
    // (the SDK's own memoizer, as its clients use for any credentials).
    p = memoizeIdentityProvider(
      fromTemporaryCredentials({
        params: { RoleArn: account.roleArn, ExternalId: account.externalId, RoleSessionName: ROLE_SESSION_NAME, DurationSeconds: 3600 },
        clientConfig: { region: stsRegion() },
      }),
      isIdentityExpired,
      doesIdentityRequireRefresh,
    )!;
    providers.set(key, p);
  }
  return p;
}

/** Who the given credentials belong to (no permission needed: every principal may ask). */
export async function callerAccount(credentials?: AwsCredentialIdentityProvider): Promise<string> {
  const me = await stsClient(stsRegion(), credentials).send(new GetCallerIdentityCommand({}));
  return me.Account ?? "";
}

/** Reads the list of accounts (cached ten minutes: accounts join an organisation rarely). */
export function watchedAccounts(): Promise<Accounts> {
  return cache.get("accounts", ACCOUNTS_TTL_MS, discover);
}

async function discover(): Promise<Accounts> {
  const cfg = config();
  const problems: AccountProblem[] = [];
  const byId = new Map<string, WatchedAccount>();
  const add = (a: WatchedAccount) => byId.has(a.id) || byId.set(a.id, a);
  const named = new Map(cfg.accounts.list.map((a) => [a.id, a]));

  if (cfg.accounts.watchOwn) {
    try {
      const id = await callerAccount();
      add({ id, name: named.get(id)?.name ?? "this account", source: "own", regions: named.get(id)?.regions ?? cfg.regions });
    } catch (err) {
      problems.push({ id: "own", name: "this account", message: `Could not tell which account the dashboard runs in (sts:GetCallerIdentity): ${toAppError(err).message}` });
    }
  }
  for (const a of cfg.accounts.list) {
    add({ id: a.id, name: a.name ?? a.id, source: "configured", roleArn: a.roleArn, externalId: a.externalId, regions: a.regions ?? cfg.regions });
  }
  if (cfg.accounts.orgRoleName) {
    try {
      for await (const page of paginateListAccounts({ client: organizationsClient() }, {})) {
        for (const a of page.Accounts ?? []) {
          if (!a.Id || (a.State ?? a.Status) !== "ACTIVE") continue;
          add({ id: a.Id, name: a.Name ?? a.Id, source: "organization", roleArn: `arn:aws:iam::${a.Id}:role/${cfg.accounts.orgRoleName}`, externalId: cfg.accounts.orgExternalId, regions: cfg.regions });
        }
      }
    } catch (err) {
      problems.push({ id: "organization", name: "organization", message: `Could not list the organisation's accounts (organizations:ListAccounts): ${toAppError(err).message}` });
    }
  }
  return { accounts: [...byId.values()], problems };
}

/**
 * Whether an account can be read: its role can be assumed (the call goes through the same provider
 * the clients use). The message names the permission a refusal is about.
 */
export async function checkAccount(account: WatchedAccount): Promise<AccountProblem | undefined> {
  try {
    const id = await callerAccount(credentialsFor(account));
    if (id !== account.id) return { id: account.id, name: account.name, message: `The role ${account.roleArn} answered as account ${id}, not ${account.id}` };
    return undefined;
  } catch (err) {
    const what = account.roleArn ? `sts:AssumeRole on ${account.roleArn}${account.externalId ? " with its external id" : ""}` : "the dashboard's own credentials";
    return { id: account.id, name: account.name, message: `Could not read account ${account.name} (${account.id}) through ${what}: ${toAppError(err).message}` };
  }
}
