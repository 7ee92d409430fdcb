import { CLUSTER_ARN } from "./ids";

/**
 * Where an AWS call goes and what a resource belongs to: an account and a Region. Every cache key
 * and stored record about a resource starts with both, since two accounts may each have a
 * us-east-1 and the same names in it.
 */
export interface Scope {
  account: string;
  region: string;
}

/** A cluster as the routes and caches name it. */
export interface ClusterKey extends Scope {
  identifier: string;
}

export const scopeKey = (s: Scope) => `${s.account}/${s.region}`;
export const clusterKey = (c: ClusterKey) => `${c.account}/${c.region}/${c.identifier}`;

/** The path of a cluster's pages: the account names it unambiguously, so the link can be shared. */
export const clusterPath = (c: ClusterKey, tab = "") => `/clusters/${c.account}/${c.region}/${c.identifier}${tab ? `/${tab}` : ""}`;

/** The account, Region and id a DSQL cluster ARN names. */
export function parseClusterArn(arn: string): (ClusterKey & { arn: string }) | undefined {
  const m = CLUSTER_ARN.exec(arn);
  return m ? { region: m[1], account: m[2], identifier: m[3], arn } : undefined;
}

export interface FleetProblem {
  key: string;
  /** "account sandbox (456789012345)" or "us-east-1 of account prod (123456789012)". */
  where: string;
  message: string;
}

const accountWords = (r: { account: string; accountName: string }) => (r.accountName === r.account ? `account ${r.account}` : `account ${r.accountName} (${r.account})`);

/**
 * What could not be read, for a page's error panels: an account that failed in every Region with
 * the same reason (its role could not be assumed) is one problem, not one per Region.
 */
export function fleetProblems(entries: (Scope & { accountName: string; error?: string })[]): FleetProblem[] {
  const out: FleetProblem[] = [];
  const byAccount = new Map<string, typeof entries>();
  for (const e of entries) byAccount.set(e.account, [...(byAccount.get(e.account) ?? []), e]);
  for (const [account, list] of byAccount) {
    const failed = list.filter((e) => e.error);
    if (!failed.length) continue;
    if (failed.length === list.length && new Set(failed.map((e) => e.error)).size === 1) out.push({ key: account, where: accountWords(list[0]), message: failed[0].error! });
    else for (const e of failed) out.push({ key: scopeKey(e), where: `${e.region} of ${accountWords(e)}`, message: e.error! });
  }
  return out;
}
