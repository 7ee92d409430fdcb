import { z } from "zod";
import { dropInvalidIndex } from "@/lib/dsql/jobs";
import { clusterParams, watchedCluster } from "@/lib/http/cluster-params";
import { route } from "@/lib/http/route";
import { existingName } from "../params";

export const dynamic = "force-dynamic";

/** Drops an invalid index (a failed build's leftover, or a build to cancel); valid indexes are refused. */
export const POST = route(
  {
    params: clusterParams,
    body: z.object({ schema: existingName, name: existingName }).strict(),
    mutation: { action: "index.drop", target: ({ params: p, body }) => `${p.account}/${p.region}/${p.id}/${body.schema}.${body.name}` },
  },
  async ({ params: p, body }) => {
    return dropInvalidIndex(await watchedCluster(p), body.schema, body.name);
  },
);
