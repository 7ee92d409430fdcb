import { z } from "zod";
import { CADENCES, clusterDrills, scheduleDrills, startDrillNow, unscheduleDrills } from "@/lib/drills";
import { clusterParams, watchedCluster } from "@/lib/http/cluster-params";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const params = clusterParams;
const target = ({ params: p }: { params: z.infer<typeof params> }) => `${p.account}/${p.region}/${p.id}`;

/** The cluster's drills and schedule. */
export const GET = route({ params }, async ({ params: p }) => clusterDrills((await watchedCluster(p)).arn));

/** Sets the cluster's drill schedule (replacing any), and whether the dashboard keeps a canary in it. */
export const PUT = route(
  { params, body: z.object({ cadence: z.enum(CADENCES), canary: z.boolean() }).strict(), mutation: { action: "drill.schedule", target } },
  async ({ params: p, body, user }) => ({ schedule: await scheduleDrills(await watchedCluster(p, { fresh: true }), body, user) }),
);

export const DELETE = route({ params, mutation: { action: "drill.unschedule", target } }, async ({ params: p }) => {
  await unscheduleDrills(await watchedCluster(p));
  return { ok: true };
});

/** Starts a drill now (409 while one of this cluster is under way). */
export const POST = route({ params, body: z.object({}).strict(), mutation: { action: "drill.start", target } }, async ({ params: p, user }) => ({
  drill: await startDrillNow(await watchedCluster(p, { fresh: true }), user),
}));
