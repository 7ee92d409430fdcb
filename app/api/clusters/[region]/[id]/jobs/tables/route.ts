import { config } from "@/lib/aws/config";
import { listTables } from "@/lib/dsql/jobs";
import { route } from "@/lib/http/route";
import { requireWatchedRegion } from "@/lib/metrics/range";
import { clusterParams } from "../params";

export const dynamic = "force-dynamic";

/** The cluster's tables and columns, for the index form. */
export const GET = route({ params: clusterParams }, async ({ params: p }) => {
  requireWatchedRegion(p.region, config().regions);
  return { tables: await listTables(p.region, p.id) };
});
