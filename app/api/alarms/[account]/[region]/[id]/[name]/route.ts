import { z } from "zod";
import { clusterParams, watchedScope } from "@/lib/http/cluster-params";
import { route } from "@/lib/http/route";
import { deleteClusterAlarm } from "@/lib/metrics/alarms";

export const dynamic = "force-dynamic";

/** Deletes one alarm of this cluster (only alarms that watch it: others are a 404). */
export const DELETE = route(
  {
    params: clusterParams.extend({ name: z.string().min(1).max(255) }),
    mutation: { action: "alarm.delete", target: ({ params: p }) => `${p.account}/${p.region}/${p.id}/${p.name}` },
  },
  async ({ params: p }) => {
    await watchedScope(p);
    await deleteClusterAlarm(p, p.id, p.name);
    return { deleted: p.name };
  },
);
