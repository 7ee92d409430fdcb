import { paginateDescribeAlarms, type CloudWatchClient, type MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { cloudWatchClient } from "../aws/clients";
import { TtlCache } from "../cache";
import { describeCondition, referencesCluster } from "../metrics/alarms";
import type { AlarmFact } from "./ops-signals";

/**
 * The alarms of a region that are in ALARM: one DescribeAlarms listing per region (filtered by
 * state on the AWS side), shared by every cluster of the region and cached briefly.
 */

const cache = new TtlCache<MetricAlarm[]>(50);
const TTL_MS = 15_000;

export function alarmsInAlarm(region: string, client?: Pick<CloudWatchClient, "send">): Promise<MetricAlarm[]> {
  const load = async () => {
    const out: MetricAlarm[] = [];
    const c = (client ?? cloudWatchClient(region)) as CloudWatchClient;
    for await (const page of paginateDescribeAlarms({ client: c, pageSize: 100 }, { StateValue: "ALARM", AlarmTypes: ["MetricAlarm"] })) out.push(...(page.MetricAlarms ?? []));
    return out;
  };
  return client ? load() : cache.get(region, TTL_MS, load);
}

function watched(a: MetricAlarm): AlarmFact["metric"] {
  if (a.Metrics?.some((m) => m.MetricStat?.Metric?.MetricName === "OccConflicts")) return "occ";
  return a.MetricName?.endsWith("DPU") ? "dpu" : "other";
}

/** The firing alarms that read a metric of this cluster. */
export function clusterAlarmFacts(alarms: MetricAlarm[], clusterId: string): AlarmFact[] {
  return alarms
    .filter((a) => referencesCluster(a, clusterId))
    .map((a) => ({
      name: a.AlarmName ?? "",
      reason: a.StateReason ?? "",
      updatedAt: a.StateUpdatedTimestamp ? new Date(a.StateUpdatedTimestamp).getTime() : null,
      condition: describeCondition(a),
      metric: watched(a),
    }));
}
