import { notFoundUnlessCluster } from "./load-cluster";

/**
 * Every page of a cluster: an unknown cluster or region is a real 404. The tabs' loading.tsx
 * boundaries sit below this layout, so the status is settled before they stream anything.
 */
export default async function ClusterLayout({ children, params }: { children: React.ReactNode; params: Promise<{ region: string; id: string }> }) {
  const { region, id } = await params;
  await notFoundUnlessCluster(region, id);
  return children;
}
