import { z } from "zod";
import { config } from "@/lib/aws/config";
import { clusterParams } from "@/lib/http/cluster-params";
import { route } from "@/lib/http/route";
import { deleteClusterAlarm } from "@/lib/metrics/alarms";
import { requireWatchedRegion } from "@/lib/metrics/range";

export const dynamic = "force-dynamic";

/** Deletes one alarm of this cluster (only alarms that watch it: others are a 404). */
export const DELETE = route(
  {
    params: clusterParams.extend({ name: z.string().min(1).max(255) }),
    mutation: { action: "alarm.delete", target: ({ params: p }) => `${p.region}/${p.id}/${p.name}` },
  },
  async ({ params: p }) => {
    requireWatchedRegion(p.region, config().regions);
    await deleteClusterAlarm(p.region, p.id, p.name);
    return { deleted: p.name };
  },
);
