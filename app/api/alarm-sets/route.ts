import { z } from "zod";
import { TAG_PART, TOPIC_NAME } from "@/lib/aws/ids";
import { route } from "@/lib/http/route";
import { applyAlarmSet, planAlarmSet } from "@/lib/metrics/alarm-sets";

export const dynamic = "force-dynamic";

const request = {
  tagKey: z.string().regex(TAG_PART, "must be a tag key"),
  tagValue: z.string().regex(TAG_PART, "must be a tag value"),
  topic: z.string().regex(TOPIC_NAME, "must be an SNS topic name (letters, digits, - and _)"),
};

/** The preview: what applying the recommended alarm set to the clusters with this tag would create, update or keep. */
export const GET = route({ query: z.object(request).strict() }, async ({ query: q }) => planAlarmSet({ key: q.tagKey, value: q.tagValue }, q.topic));

/** Applies the set (idempotent: a second run creates nothing twice). */
export const POST = route(
  {
    body: z.object(request).strict(),
    mutation: { action: "alarmSet.apply", target: ({ body }) => (body ? `tag ${body.tagKey}=${body.tagValue}` : "?"), auditParams: (b) => ({ ...b }) },
  },
  async ({ body: b }) => applyAlarmSet({ key: b.tagKey, value: b.tagValue }, b.topic),
);
