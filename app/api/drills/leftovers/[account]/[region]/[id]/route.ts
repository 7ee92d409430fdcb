import { z } from "zod";
import { deleteStrayCopy } from "@/lib/drills";
import { clusterParams, watchedCluster } from "@/lib/http/cluster-params";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Deletes a drill's copy no drill of this dashboard owns, once the person typed its identifier. */
export const POST = route(
  {
    params: clusterParams,
    body: z.object({ confirm: z.string().max(100) }).strict(),
    mutation: { action: "drill.delete-leftover", target: ({ params: p }) => `${p.account}/${p.region}/${p.id}`, auditParams: () => ({}) },
  },
  async ({ params: p, body }) => {
    await deleteStrayCopy(await watchedCluster(p, { fresh: true }), body.confirm);
    return { ok: true };
  },
);
