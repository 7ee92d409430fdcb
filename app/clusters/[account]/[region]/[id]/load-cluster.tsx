import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { ErrorPanel } from "@/components/error-panel";
import { findWatchedAccount } from "@/lib/aws/accounts";
import { ACCOUNT_ID, CLUSTER_ID } from "@/lib/aws/ids";
import { clusterPath } from "@/lib/aws/scope";
import { getCluster, locateCluster, type Cluster } from "@/lib/dsql/clusters";
import { toAppError } from "@/lib/errors";

/** The path segments of every page of a cluster. */
export interface ClusterPageParams {
  account: string;
  region: string;
  id: string;
}

/** One GetCluster per request: the layout and the page below it ask about the same cluster (a failure is shared too). */
export const requestCluster = cache((account: string, region: string, identifier: string) => getCluster({ account, region, identifier }));

/**
 * A link of the form the dashboard used before it watched several accounts, /clusters/<region>/<id>[/<tab>]:
 * it goes to the cluster's page when exactly one watched account has that cluster, and is a 404 otherwise.
 */
export async function redirectOldClusterUrl(region: string, id: string, tab?: string): Promise<never> {
  if (!CLUSTER_ID.test(id)) notFound();
  const found = await locateCluster(region, id);
  if (found.length !== 1) notFound();
  redirect(clusterPath(found[0], tab));
}

/**
 * For the cluster layout: an account or region that is not watched, a malformed identifier or a
 * cluster AWS does not know answers 404 here, before a page's loading boundary can stream a 200.
 * Any other failure is left to the page, which shows it with a retry.
 */
export async function notFoundUnlessCluster(p: ClusterPageParams): Promise<void> {
  // The old form: the first segment is a Region, the second the id, the third the tab.
  if (!ACCOUNT_ID.test(p.account)) await redirectOldClusterUrl(p.account, p.region, p.id);
  const account = await findWatchedAccount(p.account);
  if (!account || !account.regions.includes(p.region) || !CLUSTER_ID.test(p.id)) notFound();
  try {
    await requestCluster(p.account, p.region, p.id);
  } catch (err) {
    if (toAppError(err).status === 404) notFound();
  }
}

/** The cluster a page under /clusters/<account>/<region>/<id> is about: a 404 when it does not exist, an error panel when AWS fails. */
export async function loadCluster(p: ClusterPageParams, tab = ""): Promise<{ cluster: Cluster; error?: undefined } | { cluster?: undefined; error: React.ReactElement }> {
  await notFoundUnlessCluster(p);
  try {
    return { cluster: await requestCluster(p.account, p.region, p.id) };
  } catch (err) {
    const retryHref = clusterPath({ account: p.account, region: p.region, identifier: p.id }, tab);
    return { error: <ErrorPanel title={`Could not load cluster ${p.id} in ${p.region}`} message={toAppError(err).message} retryHref={retryHref} /> };
  }
}
