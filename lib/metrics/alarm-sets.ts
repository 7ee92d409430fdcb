import { DescribeAlarmsCommand, PutCompositeAlarmCommand, PutMetricAlarmCommand, type CompositeAlarm, type MetricAlarm, type PutMetricAlarmCommandInput } from "@aws-sdk/client-cloudwatch";
import { cloudWatchClient } from "../aws/clients";
import { config } from "../aws/config";
import { type Scope, scopeKey } from "../aws/scope";
import { mapLimit } from "../concurrency";
import { listFleet, type Cluster } from "../dsql/clusters";
import { toAppError } from "../errors";
import { suggestThresholdsFor } from "./alarm-suggestions";
import { alarmName, METRIC_ALARMS, metricAlarmInput, occAlarmInput, type MetricAlarmKind } from "./alarms";
import { listTopics } from "./topics";

/**
 * The recommended alarm set, applied to every cluster that carries a tag: the OCC-rate, DPU-spike,
 * query-timeout and commit-latency alarms (thresholds from each cluster's own 7 days), and one
 * composite alarm per cluster ("cluster unhealthy", ALARM when any of them is) that notifies the
 * chosen SNS topic, so one page goes out per cluster, not four. The child alarms notify no one.
 * Planning reads what exists; applying plans again on the server and sends only what differs, so
 * a second run creates nothing twice: an existing child alarm is kept as it is (its threshold may
 * have been tuned), the composite is updated when its rule or topic changed.
 */

export const SET_KINDS = ["occ", "dpu", "timeouts", "latency"] as const;
export type SetKind = (typeof SET_KINDS)[number];
/** The period of the set's alarms (the OCC alarm's 3 of 5 periods are then 25 minutes). */
const SET_PERIOD_S = 300;
const CONCURRENCY = 4;

export const compositeName = (clusterId: string) => `dsql-ops-cluster-unhealthy-${clusterId}`;
export const compositeRule = (clusterId: string) => SET_KINDS.map((k) => `ALARM("${alarmName(k, clusterId)}")`).join(" OR ");

export type SetAction = "create" | "update" | "keep";

export interface PlannedAlarm {
  name: string;
  kind: SetKind | "composite";
  action: SetAction;
  /** What will be set, or why it is kept, in words. */
  detail: string;
}

export interface ClusterPlan extends Scope {
  accountName: string;
  identifier: string;
  name: string;
  /** Why nothing can be done for this cluster (no such topic in its account and Region, AWS refused a read). */
  blocked?: string;
  alarms: PlannedAlarm[];
}

export interface AlarmSetPlan {
  tag: { key: string; value: string };
  topicName: string;
  clusters: ClusterPlan[];
  /** Scopes that could not be listed: their clusters are not in the plan. */
  errors: (Scope & { message: string })[];
  counts: Record<SetAction, number>;
}

interface Desired {
  plan: ClusterPlan;
  puts: { metric?: PutMetricAlarmCommandInput; composite?: ConstructorParameters<typeof PutCompositeAlarmCommand>[0] }[];
}

async function existing(scope: Scope, names: string[]): Promise<{ metric: Map<string, MetricAlarm>; composite: Map<string, CompositeAlarm> }> {
  const metric = new Map<string, MetricAlarm>();
  const composite = new Map<string, CompositeAlarm>();
  // DescribeAlarms takes at most 100 names a call.
  for (let i = 0; i < names.length; i += 100) {
    const out = await cloudWatchClient(scope).send(new DescribeAlarmsCommand({ AlarmNames: names.slice(i, i + 100), AlarmTypes: ["MetricAlarm", "CompositeAlarm"], MaxRecords: 100 }));
    for (const a of out.MetricAlarms ?? []) if (a.AlarmName) metric.set(a.AlarmName, a);
    for (const a of out.CompositeAlarms ?? []) if (a.AlarmName) composite.set(a.AlarmName, a);
  }
  return { metric, composite };
}

const sameList = (a: string[] | undefined, b: string[]) => (a ?? []).length === b.length && b.every((x) => (a ?? []).includes(x));

async function planScope(scope: Scope & { accountName: string }, clusters: Cluster[], topicName: string): Promise<Desired[]> {
  const topic = (await listTopics(scope)).find((t) => t.name === topicName);
  const names = clusters.flatMap((c) => [...SET_KINDS.map((k) => alarmName(k, c.identifier)), compositeName(c.identifier)]);
  const found = topic ? await existing(scope, names) : undefined;
  // Thresholds for every cluster that lacks a metric alarm, read in one go for the Region.
  const needing = found ? clusters.filter((c) => SET_KINDS.some((k) => k !== "occ" && !found.metric.has(alarmName(k, c.identifier)))) : [];
  const suggestions = await suggestThresholdsFor(
    scope,
    needing.map((c) => c.identifier),
  );
  return clusters.map((c): Desired => {
    const plan: ClusterPlan = { account: scope.account, accountName: scope.accountName, region: scope.region, identifier: c.identifier, name: c.name, alarms: [] };
    if (!topic || !found) return { plan: { ...plan, blocked: `No SNS topic named ${topicName} in account ${scope.accountName} (${scope.account}), ${scope.region}` }, puts: [] };
    const suggested = suggestions.get(c.identifier);
    const puts: Desired["puts"] = [];
    for (const kind of SET_KINDS) {
      const name = alarmName(kind, c.identifier);
      const have = found.metric.get(name);
      if (have) {
        plan.alarms.push({ name, kind, action: "keep", detail: `exists (threshold ${have.Threshold}); kept as it is` });
        continue;
      }
      const input =
        kind === "occ"
          ? occAlarmInput(c.identifier, { thresholdPct: config().occThresholdPct, periodS: SET_PERIOD_S })
          : metricAlarmInput(c.identifier, kind, { threshold: suggested![kind as MetricAlarmKind].value, periodS: SET_PERIOD_S });
      puts.push({ metric: input });
      plan.alarms.push({
        name,
        kind,
        action: "create",
        detail:
          kind === "occ" ? `above ${input.Threshold} % for 3 of 5 × 5 min` : `${METRIC_ALARMS[kind as MetricAlarmKind].what} above ${input.Threshold}: ${suggested![kind as MetricAlarmKind].grounds}`,
      });
    }
    const composite = {
      AlarmName: compositeName(c.identifier),
      AlarmRule: compositeRule(c.identifier),
      AlarmDescription: `DSQL cluster ${c.name} (${c.identifier}) unhealthy: any of its dsql-ops alarms in ALARM (created by dsql-ops)`,
      ActionsEnabled: true,
      AlarmActions: [topic.arn],
      OKActions: [topic.arn],
    };
    const have = found.composite.get(composite.AlarmName);
    const same =
      have && have.AlarmRule === composite.AlarmRule && sameList(have.AlarmActions, composite.AlarmActions) && sameList(have.OKActions, composite.OKActions) && have.ActionsEnabled !== false;
    if (!same) puts.push({ composite });
    plan.alarms.push({
      name: composite.AlarmName,
      kind: "composite",
      action: same ? "keep" : have ? "update" : "create",
      detail: `ALARM when any of the four is; notifies ${topic.name} on ALARM and OK`,
    });
    return { plan, puts };
  });
}

async function desired(tag: { key: string; value: string }, topicName: string) {
  const fleet = await listFleet();
  const errors = fleet.filter((r) => r.error).map((r) => ({ account: r.account, region: r.region, message: r.error! }));
  const scopes = fleet.map((r) => ({ ...r, clusters: r.clusters.filter((c) => c.tags[tag.key] === tag.value && c.status === "ACTIVE") })).filter((r) => r.clusters.length);
  const perScope = await Promise.all(
    scopes.map((r) =>
      planScope(r, r.clusters, topicName).catch((err) => {
        errors.push({ account: r.account, region: r.region, message: toAppError(err).message });
        return [] as Desired[];
      }),
    ),
  );
  return { all: perScope.flat(), errors };
}

function summary(tag: { key: string; value: string }, topicName: string, all: Desired[], errors: AlarmSetPlan["errors"]): AlarmSetPlan {
  const clusters = all.map((d) => d.plan);
  const counts: Record<SetAction, number> = { create: 0, update: 0, keep: 0 };
  for (const a of clusters.flatMap((c) => c.alarms)) counts[a.action]++;
  return { tag, topicName, clusters, errors, counts };
}

/** What applying the set would do, without doing it. */
export async function planAlarmSet(tag: { key: string; value: string }, topicName: string): Promise<AlarmSetPlan> {
  const { all, errors } = await desired(tag, topicName);
  return summary(tag, topicName, all, errors);
}

/** Plans again and sends what differs: the child alarms first, so the composite's rule names alarms that exist. */
export async function applyAlarmSet(tag: { key: string; value: string }, topicName: string): Promise<AlarmSetPlan> {
  const { all, errors } = await desired(tag, topicName);
  const byScope = new Map<string, Desired[]>();
  for (const d of all) byScope.set(scopeKey(d.plan), [...(byScope.get(scopeKey(d.plan)) ?? []), d]);
  await Promise.all(
    [...byScope.values()].map((ds) =>
      mapLimit(ds, CONCURRENCY, async (d) => {
        const client = cloudWatchClient(d.plan);
        for (const p of d.puts) if (p.metric) await client.send(new PutMetricAlarmCommand(p.metric));
        for (const p of d.puts) if (p.composite) await client.send(new PutCompositeAlarmCommand(p.composite));
      }),
    ),
  );
  return summary(tag, topicName, all, errors);
}
