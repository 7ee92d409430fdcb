import { z } from "zod";
import { findWatchedAccount, type WatchedAccount } from "../aws/accounts";
import { config } from "../aws/config";
import type { Scope } from "../aws/scope";
import { getCluster, requireCluster, type Cluster } from "../dsql/clusters";
import { AppError } from "../errors";
import { requireWatchedRegion } from "../metrics/range";
import { accountParam, clusterIdParam, regionParam } from "./route";

/** The path of every route about an account's Region: `/<account>/<region>`. */
export const scopeParams = z.object({ account: accountParam, region: regionParam });
/** The path of every route about one cluster: `/<account>/<region>/<id>`. */
export const clusterParams = scopeParams.extend({ id: clusterIdParam });

/** What a route about an account's Region checks first: the account and the Region are watched (404 otherwise). */
export async function watchedScope(p: Scope): Promise<WatchedAccount> {
  requireWatchedRegion(p.region, config().regions);
  const account = await findWatchedAccount(p.account);
  if (!account) throw new AppError(404, `Account ${p.account} is not watched by this dashboard (see DSQL_OPS_ACCOUNTS and DSQL_OPS_ORG_ROLE_NAME)`, "NotFound");
  if (!account.regions.includes(p.region)) throw new AppError(404, `Region ${p.region} is not watched in account ${account.name} (${account.id})`, "NotFound");
  return account;
}

/**
 * What a route about one cluster checks before anything else: its account and Region are watched,
 * and AWS knows the cluster (404 otherwise). Reads share the short-lived cluster cache (pages
 * poll); `fresh` asks DSQL again, for an action that must see the cluster as it is now.
 */
export async function watchedCluster(p: Scope & { id: string }, opts: { fresh?: boolean } = {}): Promise<Cluster> {
  await watchedScope(p);
  const key = { account: p.account, region: p.region, identifier: p.id };
  return opts.fresh ? getCluster(key) : requireCluster(key);
}
