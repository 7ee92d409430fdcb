import { z } from "zod";
import { config } from "@/lib/aws/config";
import { dropInvalidIndex } from "@/lib/dsql/jobs";
import { requireCluster } from "@/lib/dsql/clusters";
import { route } from "@/lib/http/route";
import { requireWatchedRegion } from "@/lib/metrics/range";
import { clusterParams, existingName } from "../params";

export const dynamic = "force-dynamic";

/** Drops an invalid index (a failed build's leftover, or a build to cancel); valid indexes are refused. */
export const POST = route(
  {
    params: clusterParams,
    body: z.object({ schema: existingName, name: existingName }).strict(),
    mutation: { action: "index.drop", target: ({ params: p, body }) => `${p.region}/${p.id}/${body.schema}.${body.name}` },
  },
  async ({ params: p, body }) => {
    requireWatchedRegion(p.region, config().regions);
    await requireCluster(p.region, p.id);
    return dropInvalidIndex(p.region, p.id, body.schema, body.name);
  },
);
