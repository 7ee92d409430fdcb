import { z } from "zod";
import { clusterParams, watchedCluster } from "@/lib/http/cluster-params";
import { route } from "@/lib/http/route";
import { createMetricAlarm, createOccAlarm, listClusterAlarms } from "@/lib/metrics/alarms";
import { MAX_ACTIONS, requireTopics } from "@/lib/metrics/topics";

export const dynamic = "force-dynamic";

const params = clusterParams;
const period = z.union([z.literal(60), z.literal(300)], { error: "must be 60 or 300 seconds" });
const topics = z
  .array(z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, "must be SNS topic ARNs"))
  .max(MAX_ACTIONS, `may name at most ${MAX_ACTIONS} topics (CloudWatch's limit per alarm state)`)
  .default([]);
const notify = { alarmTopics: topics, okTopics: topics };
const body = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("occ"), thresholdPct: z.number().positive().max(100), periodS: period, ...notify }).strict(),
  z.object({ kind: z.literal("dpu"), threshold: z.number().positive().max(1e12), periodS: period, ...notify }).strict(),
  z.object({ kind: z.literal("timeouts"), threshold: z.number().min(0).max(1e9), periodS: period, ...notify }).strict(),
  z.object({ kind: z.literal("latency"), threshold: z.number().positive().max(3_600_000), periodS: period, ...notify }).strict(),
]);

/** The alarms that watch this cluster, with state, recent history and whom they notify. */
export const GET = route({ params }, async ({ params: p }) => {
  await watchedCluster(p);
  return { alarms: await listClusterAlarms(p, p.id) };
});

/** Creates (or updates) the OCC-rate, DPU-spike, query-timeout or commit-latency alarm of this cluster. */
export const POST = route(
  { params, body, mutation: { action: "alarm.put", target: ({ params: p, body: b }) => `${p.account}/${p.region}/${p.id}/${b?.kind ?? "?"}`, auditParams: (b) => ({ ...b }) } },
  async ({ params: p, body: b }) => {
    // 404 for a cluster that does not exist, rather than an alarm on nothing.
    await watchedCluster(p);
    // The topics must be the account's own, in the cluster's Region: checked before anything is written.
    await requireTopics(p, [...b.alarmTopics, ...b.okTopics]);
    const name = b.kind === "occ" ? await createOccAlarm(p, p.id, b) : await createMetricAlarm(p, p.id, b.kind, b);
    return { name };
  },
);
