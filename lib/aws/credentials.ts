import "server-only";
import { fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { doesIdentityRequireRefresh, isIdentityExpired, memoizeIdentityProvider } from "@smithy/core";

export type CredentialsProvider = ReturnType<typeof fromTemporaryCredentials>;

/** What it takes to read an account: the role to assume in it (none: the dashboard's own credentials). */
export interface AccountAccess {
  id: string;
  roleArn?: string;
  externalId?: string;
}

/** The session name AWS records for every call made with an assumed role (CloudTrail, the role's last use). */
export const ROLE_SESSION_NAME = "dsql-ops";

const providers = new Map<string, CredentialsProvider>();
/** Accounts as last discovered (lib/aws/accounts.ts), so a client for an account finds its role synchronously. */
const known = new Map<string, AccountAccess>();

/** Remembers how each watched account is read; called by discovery. */
export function registerAccounts(accounts: AccountAccess[]): void {
  for (const a of accounts) known.set(a.id, a);
}

let discover: (() => Promise<unknown>) | undefined;
/** How to learn the accounts when a client is wanted for one not seen yet (lib/aws/accounts.ts registers it). */
export function setDiscovery(fn: () => Promise<unknown>): void {
  discover = fn;
}

let ownChain: CredentialsProvider | undefined;

/**
 * The credentials of a client for an account: its role's, the default chain's for the dashboard's
 * own account (undefined), and for an account not discovered yet (a call right after start) a
 * provider that discovers first, so a client never reads one account with another's credentials.
 */
export function accountCredentials(id: string, stsRegion: string): CredentialsProvider | undefined {
  // No account named: the dashboard's own (its store on DSQL).
  if (!id) return undefined;
  const account = known.get(id);
  if (account) return credentialsFor(account, stsRegion);
  return async (props) => {
    if (!known.has(id)) await discover?.();
    const found = known.get(id);
    if (!found) throw new Error(discover ? `Account ${id} is not watched by this dashboard` : `Account ${id} is not known yet: the watched accounts are read first (lib/aws/accounts.ts)`);
    const p = credentialsFor(found, stsRegion) ?? (ownChain ??= fromNodeProviderChain());
    return p(props);
  };
}

/**
 * The credentials to read an account with; undefined means the dashboard's own (the SDK's default
 * chain). One provider per role for every client of the account: the SDK's own AssumeRole provider,
 * memoised by the SDK's own memoiser, renews the session five minutes before it expires.
 */
export function credentialsFor(account: AccountAccess, stsRegion: string): CredentialsProvider | undefined {
  if (!account.roleArn) return undefined;
  const key = `${account.roleArn}|${account.externalId ?? ""}`;
  let p = providers.get(key);
  if (!p) {
    p = memoizeIdentityProvider(
      fromTemporaryCredentials({
        params: { RoleArn: account.roleArn, ExternalId: account.externalId, RoleSessionName: ROLE_SESSION_NAME, DurationSeconds: 3600 },
        clientConfig: { region: stsRegion },
      }),
      isIdentityExpired,
      doesIdentityRequireRefresh,
    )!;
    providers.set(key, p);
  }
  return p;
}
