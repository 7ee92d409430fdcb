import { notFound } from "next/navigation";
import { cache } from "react";
import { ErrorPanel } from "@/components/error-panel";
import { config } from "@/lib/aws/config";
import { CLUSTER_ID } from "@/lib/aws/ids";
import { getCluster, type Cluster } from "@/lib/dsql/clusters";
import { toAppError } from "@/lib/errors";


/** One GetCluster per request: the layout and the page below it ask about the same cluster (a failure is shared too). */
export const requestCluster = cache(getCluster);

/**
 * For the cluster layout: a region that is not watched, a malformed identifier or a cluster AWS
 * does not know answers 404 here, before a page's loading boundary can stream a 200. Any other
 * failure is left to the page, which shows it with a retry.
 */
export async function notFoundUnlessCluster(region: string, id: string): Promise<void> {
  if (!config().regions.includes(region) || !CLUSTER_ID.test(id)) notFound();
  try {
    await requestCluster(region, id);
  } catch (err) {
    if (toAppError(err).status === 404) notFound();
  }
}

/** The cluster a page under /clusters/<region>/<id> is about: a 404 when it does not exist, an error panel when AWS fails. */
export async function loadCluster(region: string, id: string, retryHref: string): Promise<{ cluster: Cluster; error?: undefined } | { cluster?: undefined; error: React.ReactElement }> {
  await notFoundUnlessCluster(region, id);
  try {
    return { cluster: await requestCluster(region, id) };
  } catch (err) {
    return { error: <ErrorPanel title={`Could not load cluster ${id} in ${region}`} message={toAppError(err).message} retryHref={retryHref} /> };
  }
}
