import {
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  paginateDescribeAlarmHistory,
  paginateDescribeAlarms,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
  type AlarmHistoryItem,
  type MetricAlarm,
  type MetricDataQuery,
} from "@aws-sdk/client-cloudwatch";
import { cloudWatchClient } from "../aws/clients";
import { type Scope, scopeKey } from "../aws/scope";
import { TtlCache } from "../cache";
import { notFound } from "../errors";
import { EXPR_METRICS, STAT_METRICS } from "./catalog";

/**
 * CloudWatch alarms of one cluster: the ones whose metrics name it, whoever created them, and
 * the ones the dashboard offers to create (OCC rate above the threshold for 3 of 5 periods, a DPU
 * spike, query timeouts, commit latency), each notifying the SNS topics the operator picks.
 */

export type AlarmKind = "occ" | MetricAlarmKind | "other";

/** The single-metric alarms the dashboard offers: the metric, and for how many periods it must be above. */
export const METRIC_ALARMS = {
  dpu: { metric: "TotalDPU", slug: "dpu-spike", periods: 1, what: "TotalDPU" },
  timeouts: { metric: "QueryTimeouts", slug: "query-timeouts", periods: 1, what: "QueryTimeouts" },
  latency: { metric: "CommitLatency", slug: "commit-latency", periods: 3, what: "average CommitLatency (ms)" },
} as const;
export type MetricAlarmKind = keyof typeof METRIC_ALARMS;

export interface ClusterAlarm {
  name: string;
  arn?: string;
  state: string;
  reason: string;
  updatedAt: number | null;
  description?: string;
  kind: AlarmKind;
  /** What the alarm watches, in words ("OCC rate > 5 for 3 of 5 × 300 s"). */
  condition: string;
  managed: boolean;
  history: { at: number; summary: string }[];
  /** Whom the alarm notifies (action ARNs) on entering ALARM and OK, and whether its actions run at all. */
  actions: { alarm: string[]; ok: string[]; enabled: boolean };
}

/** The SNS topics an alarm notifies when it goes to ALARM and back to OK. */
export interface AlarmNotifications {
  alarmTopics?: string[];
  okTopics?: string[];
}

const actionsOf = (n: AlarmNotifications) => ({ ActionsEnabled: true, AlarmActions: n.alarmTopics ?? [], OKActions: n.okTopics ?? [] });

export const OCC_ALARM = { evaluationPeriods: 5, datapointsToAlarm: 3 } as const;
export const alarmName = (kind: "occ" | MetricAlarmKind, clusterId: string) => `dsql-ops-${kind === "occ" ? "occ-rate" : METRIC_ALARMS[kind].slug}-${clusterId}`;
const MANAGED_KINDS = ["occ", ...(Object.keys(METRIC_ALARMS) as MetricAlarmKind[])] as const;

// Concurrent listings of a region share one DescribeAlarms walk; nothing is kept afterwards, so a
// page rendered right after a create or delete (possibly in another bundle of the app) sees it.
const regionAlarms = new TtlCache<MetricAlarm[]>(50);

const namesCluster = (dims: { Name?: string; Value?: string }[] | undefined, id: string) => (dims ?? []).some((d) => d.Value === id || d.Value === `cluster/${id}`);

/** Does the alarm read a metric of this cluster (a plain metric alarm or any metric of a math alarm)? */
export function referencesCluster(a: MetricAlarm, clusterId: string): boolean {
  return namesCluster(a.Dimensions, clusterId) || (a.Metrics ?? []).some((m) => namesCluster(m.MetricStat?.Metric?.Dimensions, clusterId));
}

const OPS: Record<string, string> = {
  GreaterThanThreshold: ">",
  GreaterThanOrEqualToThreshold: "≥",
  LessThanThreshold: "<",
  LessThanOrEqualToThreshold: "≤",
};

export function describeCondition(a: MetricAlarm): string {
  const ret = a.Metrics?.find((m) => m.ReturnData !== false && m.Expression);
  const what = ret ? (ret.Label ?? ret.Expression) : `${a.Statistic ?? a.ExtendedStatistic ?? ""} ${a.MetricName ?? ""}`.trim();
  const period = a.Period ?? a.Metrics?.find((m) => m.MetricStat)?.MetricStat?.Period;
  const m = a.DatapointsToAlarm ?? a.EvaluationPeriods;
  return `${what} ${OPS[a.ComparisonOperator ?? ""] ?? a.ComparisonOperator ?? "?"} ${a.Threshold ?? "?"} for ${m} of ${a.EvaluationPeriods} × ${period ?? "?"} s`;
}

function kindOf(a: MetricAlarm): AlarmKind {
  if (a.Metrics?.some((m) => m.MetricStat?.Metric?.MetricName === "OccConflicts")) return "occ";
  if (a.MetricName?.endsWith("DPU")) return "dpu";
  if (a.MetricName === "QueryTimeouts") return "timeouts";
  if (a.MetricName === "CommitLatency") return "latency";
  return "other";
}

/** The metric alarms of an account's Region, every page of DescribeAlarms; `state` filters on the AWS side. */
export function describeAlarms(scope: Scope, filter: { state?: "ALARM" } = {}): Promise<MetricAlarm[]> {
  return regionAlarms.get(`${scopeKey(scope)}/${filter.state ?? "any"}`, 0, async () => {
    const out: MetricAlarm[] = [];
    const input = { AlarmTypes: ["MetricAlarm" as const], StateValue: filter.state };
    for await (const page of paginateDescribeAlarms({ client: cloudWatchClient(scope), pageSize: 100 }, input)) out.push(...(page.MetricAlarms ?? []));
    return out;
  });
}

/** The state changes of one alarm within a window, oldest first, at most `maxPages` pages of DescribeAlarmHistory. */
export async function alarmStateHistory(scope: Scope, alarmName: string, window: { startMs: number; endMs: number }, maxPages: number): Promise<AlarmHistoryItem[]> {
  const out: AlarmHistoryItem[] = [];
  let pages = 0;
  const input = { AlarmName: alarmName, HistoryItemType: "StateUpdate" as const, StartDate: new Date(window.startMs), EndDate: new Date(window.endMs), ScanBy: "TimestampAscending" as const };
  for await (const page of paginateDescribeAlarmHistory({ client: cloudWatchClient(scope), pageSize: 100 }, input)) {
    out.push(...(page.AlarmHistoryItems ?? []));
    if (++pages >= maxPages) break;
  }
  return out;
}

/** The alarms that read a metric of this cluster, as DescribeAlarms lists them (no history). */
export async function clusterMetricAlarms(scope: Scope, clusterId: string): Promise<MetricAlarm[]> {
  return (await describeAlarms(scope)).filter((a) => referencesCluster(a, clusterId));
}

export async function listClusterAlarms(scope: Scope, clusterId: string): Promise<ClusterAlarm[]> {
  const mine = await clusterMetricAlarms(scope, clusterId);
  return Promise.all(
    mine.map(async (a): Promise<ClusterAlarm> => {
      const h = await cloudWatchClient(scope).send(new DescribeAlarmHistoryCommand({ AlarmName: a.AlarmName, HistoryItemType: "StateUpdate", MaxRecords: 5, ScanBy: "TimestampDescending" }));
      return {
        name: a.AlarmName ?? "",
        arn: a.AlarmArn,
        state: a.StateValue ?? "INSUFFICIENT_DATA",
        reason: a.StateReason ?? "",
        updatedAt: a.StateUpdatedTimestamp ? new Date(a.StateUpdatedTimestamp).getTime() : null,
        description: a.AlarmDescription,
        kind: kindOf(a),
        condition: describeCondition(a),
        managed: MANAGED_KINDS.some((k) => a.AlarmName === alarmName(k, clusterId)),
        history: (h.AlarmHistoryItems ?? []).map((i) => ({ at: i.Timestamp ? new Date(i.Timestamp).getTime() : 0, summary: i.HistorySummary ?? "" })),
        actions: { alarm: a.AlarmActions ?? [], ok: a.OKActions ?? [], enabled: a.ActionsEnabled ?? true },
      };
    }),
  ).then((xs) => xs.sort((a, b) => a.name.localeCompare(b.name)));
}

function statQuery(id: string, metric: "OccConflicts" | "TotalTransactions", clusterId: string, period: number): MetricDataQuery {
  const def = STAT_METRICS[metric];
  return { Id: id, MetricStat: { Metric: { Namespace: def.namespace, MetricName: def.name, Dimensions: def.dimensions(clusterId) }, Period: period, Stat: def.stat }, ReturnData: false };
}

export interface OccAlarmInput extends AlarmNotifications {
  thresholdPct: number;
  periodS: number;
}

/** The OCC alarm: metric math `100 * occ / tx` above the threshold for 3 of 5 periods. */
export async function createOccAlarm(scope: Scope, clusterId: string, input: OccAlarmInput): Promise<string> {
  return putAlarm(scope, occAlarmInput(clusterId, input));
}

async function putAlarm(scope: Scope, input: PutMetricAlarmCommandInput): Promise<string> {
  await cloudWatchClient(scope).send(new PutMetricAlarmCommand(input));
  return input.AlarmName!;
}

/** What PutMetricAlarm is sent for the OCC alarm (alarm sets compare it with what exists). */
export function occAlarmInput(clusterId: string, input: OccAlarmInput): PutMetricAlarmCommandInput {
  return {
    AlarmName: alarmName("occ", clusterId),
    AlarmDescription: `OCC conflict rate of DSQL cluster ${clusterId} above ${input.thresholdPct} % (created by dsql-ops)`,
    Metrics: [
      statQuery("occ", "OccConflicts", clusterId, input.periodS),
      statQuery("tx", "TotalTransactions", clusterId, input.periodS),
      { Id: "rate", Expression: EXPR_METRICS.OccRate.expression(["occ", "tx"]), Label: "OCC conflict rate (%)", ReturnData: true },
    ],
    ComparisonOperator: "GreaterThanThreshold",
    Threshold: input.thresholdPct,
    EvaluationPeriods: OCC_ALARM.evaluationPeriods,
    DatapointsToAlarm: OCC_ALARM.datapointsToAlarm,
    // No transactions is not a conflict problem.
    TreatMissingData: "notBreaching",
    ...actionsOf(input),
  };
}

export interface MetricAlarmInput extends AlarmNotifications {
  /** Above this (per period: DPUs or timeouts summed, milliseconds averaged), the alarm fires. */
  threshold: number;
  periodS: number;
}

/** A single-metric alarm of the cluster: the metric of its kind above the threshold for its number of periods. */
export async function createMetricAlarm(scope: Scope, clusterId: string, kind: MetricAlarmKind, input: MetricAlarmInput): Promise<string> {
  return putAlarm(scope, metricAlarmInput(clusterId, kind, input));
}

/** What PutMetricAlarm is sent for a single-metric alarm of the cluster. */
export function metricAlarmInput(clusterId: string, kind: MetricAlarmKind, input: MetricAlarmInput): PutMetricAlarmCommandInput {
  const spec = METRIC_ALARMS[kind];
  const def = STAT_METRICS[spec.metric];
  return {
    AlarmName: alarmName(kind, clusterId),
    AlarmDescription: `${spec.what} of DSQL cluster ${clusterId} above ${input.threshold} per ${input.periodS} s${spec.periods > 1 ? ` for ${spec.periods} periods` : ""} (created by dsql-ops)`,
    Namespace: def.namespace,
    MetricName: def.name,
    Dimensions: def.dimensions(clusterId),
    Statistic: def.stat,
    Period: input.periodS,
    EvaluationPeriods: spec.periods,
    DatapointsToAlarm: spec.periods,
    Threshold: input.threshold,
    ComparisonOperator: "GreaterThanThreshold",
    TreatMissingData: "notBreaching",
    ...actionsOf(input),
  };
}

/** Deletes an alarm, but only one that watches this cluster: the page cannot delete others. */
export async function deleteClusterAlarm(scope: Scope, clusterId: string, name: string): Promise<void> {
  const c = cloudWatchClient(scope);
  const found = await c.send(new DescribeAlarmsCommand({ AlarmNames: [name], AlarmTypes: ["MetricAlarm"] }));
  const alarm = found.MetricAlarms?.find((a) => a.AlarmName === name);
  if (!alarm || !referencesCluster(alarm, clusterId)) throw notFound(`Alarm "${name}" of cluster ${clusterId}`);
  await c.send(new DeleteAlarmsCommand({ AlarmNames: [name] }));
}
