import "server-only";
import { paginateListAccounts } from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { TtlCache } from "../cache";
import { toAppError } from "../errors";
import { organizationsClient, stsClient } from "./clients";
import { config } from "./config";
import type { Scope } from "./scope";
import { type AccountAccess, type CredentialsProvider, credentialsFor as providerFor, registerAccounts, setDiscovery } from "./credentials";

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

const ACCOUNTS_TTL_MS = 10 * 60_000;
const cache = new TtlCache<Accounts>(4);

const stsRegion = () => config().regions[0] ?? "us-east-1";
setDiscovery(() => watchedAccounts());

/** The credentials to read an account with: undefined means the dashboard's own (the default chain). */
export const credentialsFor = (account: AccountAccess): CredentialsProvider | undefined => providerFor(account, stsRegion());

/** Who the given credentials belong to (no permission needed: every principal may ask). */
export async function callerAccount(credentials?: CredentialsProvider): Promise<string> {
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
      const id = await ownAccountId();
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
          const own = byId.get(a.Id);
          // The organisation knows the dashboard's own account by its name.
          if (own?.source === "own" && !named.has(a.Id) && a.Name) own.name = a.Name;
          add({ id: a.Id, name: a.Name ?? a.Id, source: "organization", roleArn: `arn:aws:iam::${a.Id}:role/${cfg.accounts.orgRoleName}`, externalId: cfg.accounts.orgExternalId, regions: cfg.regions });
        }
      }
    } catch (err) {
      problems.push({ id: "organization", name: "organization", message: `Could not list the organisation's accounts (organizations:ListAccounts): ${toAppError(err).message}` });
    }
  }
  const accounts = [...byId.values()];
  registerAccounts(accounts);
  return { accounts, problems };
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

const checked = new TtlCache<{ problem?: AccountProblem }>(1000);
const CHECK_TTL_MS = 60_000;

/**
 * checkAccount, remembered for a minute: a page listing the fleet asks for every account on each
 * refresh, and an account whose role is refused should cost one AssumeRole a minute, not one per
 * Region and tab. The dashboard's own account needs no check.
 */
export async function accountProblem(account: WatchedAccount): Promise<AccountProblem | undefined> {
  if (!account.roleArn) return undefined;
  return (await checked.get(account.id, CHECK_TTL_MS, async () => ({ problem: await checkAccount(account) }))).problem;
}

/** The watched account with this id, or undefined (a URL naming an account the dashboard does not watch). */
export async function findWatchedAccount(id: string): Promise<WatchedAccount | undefined> {
  return (await watchedAccounts()).accounts.find((a) => a.id === id);
}

/** Every (account, Region) the dashboard watches, within `regions`; an account that cannot be read is left to the caller's error handling. */
export async function watchedScopes(regions: string[] = config().regions): Promise<Scope[]> {
  const { accounts } = await watchedAccounts();
  return accounts.flatMap((a) => a.regions.filter((r) => regions.includes(r)).map((region) => ({ account: a.id, region })));
}

const own = new TtlCache<string>(1);

/** The account the dashboard's own credentials belong to (the monitoring account, with DSQL_OPS_MONITORING_ACCOUNT). */
export function ownAccountId(): Promise<string> {
  return own.get("own", ACCOUNTS_TTL_MS, () => callerAccount());
}
