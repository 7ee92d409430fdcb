import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { type Scope, scopeKey } from "../aws/scope";
import { TtlCache } from "../cache";
import { describeAlarms, describeCondition, referencesCluster } from "../metrics/alarms";
import type { AlarmFact } from "./ops-signals";

/**
 * The alarms of an account's Region that are in ALARM: one DescribeAlarms listing per Region (filtered by
 * state on the AWS side), shared by every cluster of the region and cached briefly.
 */

const cache = new TtlCache<MetricAlarm[]>(50);
const TTL_MS = 15_000;

export function alarmsInAlarm(scope: Scope): Promise<MetricAlarm[]> {
  return cache.get(scopeKey(scope), TTL_MS, () => describeAlarms(scope, { state: "ALARM" }));
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
