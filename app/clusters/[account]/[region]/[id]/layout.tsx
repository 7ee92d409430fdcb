import { notFoundUnlessCluster, type ClusterPageParams } from "./load-cluster";

/**
 * Every page of a cluster: an unknown account, region or cluster is a real 404. The tabs'
 * loading.tsx boundaries sit below this layout, so the status is settled before they stream anything.
 */
export default async function ClusterLayout({ children, params }: { children: React.ReactNode; params: Promise<ClusterPageParams> }) {
  await notFoundUnlessCluster(await params);
  return children;
}
