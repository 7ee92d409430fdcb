import { config } from "@/lib/aws/config";
import { requireCluster } from "@/lib/dsql/clusters";
import { listTables } from "@/lib/dsql/jobs";
import { route } from "@/lib/http/route";
import { requireWatchedRegion } from "@/lib/metrics/range";
import { clusterParams } from "../params";

export const dynamic = "force-dynamic";

/** The cluster's tables and columns, for the index form. */
export const GET = route({ params: clusterParams }, async ({ params: p }) => {
  requireWatchedRegion(p.region, config().regions);
  // The control plane says whether the cluster exists (404); a SQL connection to a missing one only fails.
  await requireCluster(p.region, p.id);
  return { tables: await listTables(p.region, p.id) };
});
