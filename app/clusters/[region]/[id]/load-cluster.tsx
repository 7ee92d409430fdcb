import { notFound } from "next/navigation";
import { ErrorPanel } from "@/components/error-panel";
import { config } from "@/lib/aws/config";
import { getCluster, type Cluster } from "@/lib/dsql/clusters";
import { toAppError } from "@/lib/errors";

const ID = /^[a-z0-9]{26}$/;

/** The cluster a page under /clusters/<region>/<id> is about: a 404 when it does not exist, an error panel when AWS fails. */
export async function loadCluster(region: string, id: string, retryHref: string): Promise<{ cluster: Cluster; error?: undefined } | { cluster?: undefined; error: React.ReactElement }> {
  if (!config().regions.includes(region) || !ID.test(id)) notFound();
  try {
    return { cluster: await getCluster(region, id) };
  } catch (err) {
    const e = toAppError(err);
    if (e.status === 404) notFound();
    return { error: <ErrorPanel title={`Could not load cluster ${id} in ${region}`} message={e.message} retryHref={retryHref} /> };
  }
}
