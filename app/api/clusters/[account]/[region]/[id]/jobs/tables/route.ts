import { listTables } from "@/lib/dsql/jobs";
import { clusterParams, watchedCluster } from "@/lib/http/cluster-params";
import { route } from "@/lib/http/route";


export const dynamic = "force-dynamic";

/** The cluster's tables and columns, for the index form. */
export const GET = route({ params: clusterParams }, async ({ params: p }) => {
  // The control plane says whether the cluster exists (404); a SQL connection to a missing one only fails.
  return { tables: await listTables(await watchedCluster(p)) };
});
