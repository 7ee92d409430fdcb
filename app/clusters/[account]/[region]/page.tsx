import { redirectOldClusterUrl } from "./[id]/load-cluster";

export const dynamic = "force-dynamic";

/** /clusters/<region>/<id>, the form of a cluster's URL before accounts: redirected to its page. */
export default async function OldClusterUrl({ params }: { params: Promise<{ account: string; region: string }> }) {
  const { account: region, region: id } = await params;
  return redirectOldClusterUrl(region, id);
}
