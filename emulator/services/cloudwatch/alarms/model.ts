import { AwsError } from "../../../protocols/errors";
import { invalidValue, type Dimension, type Input } from "../input";
import type { DataQuery, QueryResult } from "../model";

/**
 * CloudWatch metric alarms, evaluated against the emulator's own metrics. Evaluation happens on
 * read: whenever alarms are described, each alarm is brought up to date by evaluating it at every
 * period boundary since it was last evaluated (at most a day back), and each state change is
 * recorded in its history with AWS's reason text and reason data.
 */

export type AlarmState = "OK" | "ALARM" | "INSUFFICIENT_DATA";
export const STATES: AlarmState[] = ["OK", "ALARM", "INSUFFICIENT_DATA"];
export const OPERATORS = {
  GreaterThanOrEqualToThreshold: { test: (v: number, t: number) => v >= t, text: "greater than or equal to" },
  GreaterThanThreshold: { test: (v: number, t: number) => v > t, text: "greater than" },
  LessThanThreshold: { test: (v: number, t: number) => v < t, text: "less than" },
  LessThanOrEqualToThreshold: { test: (v: number, t: number) => v <= t, text: "less than or equal to" },
} as const;
export type Operator = keyof typeof OPERATORS;
export const TREAT_MISSING = ["breaching", "notBreaching", "ignore", "missing"] as const;
export type TreatMissing = (typeof TREAT_MISSING)[number];
/** Evaluation catches up at most this far back (an emulator left alone for days does not replay them all). */
const MAX_CATCH_UP_MS = 24 * 3_600_000;
const HISTORY_RETENTION_MS = 30 * 24 * 3_600_000;

export interface AlarmConfig {
  AlarmName: string;
  AlarmDescription?: string;
  ActionsEnabled: boolean;
  OKActions: string[];
  AlarmActions: string[];
  InsufficientDataActions: string[];
  MetricName?: string;
  Namespace?: string;
  Statistic?: string;
  ExtendedStatistic?: string;
  Dimensions?: Dimension[];
  Period?: number;
  Unit?: string;
  EvaluationPeriods: number;
  DatapointsToAlarm?: number;
  Threshold: number;
  ComparisonOperator: Operator;
  TreatMissingData?: TreatMissing;
  /** The raw Metrics array as given (for metric-math alarms), and its parsed form. */
  Metrics?: Input[];
}

interface AlarmRecord {
  config: AlarmConfig;
  queries: DataQuery[];
  /** Id of the query whose series the alarm watches. */
  watch: string;
  periodS: number;
  arn: string;
  tags: { Key: string; Value: string }[];
  configUpdatedMs: number;
  state: AlarmState;
  reason: string;
  reasonData?: string;
  stateUpdatedMs: number;
  lastEvalMs: number;
}

export interface HistoryItem {
  AlarmName: string;
  AlarmType: "MetricAlarm" | "CompositeAlarm";
  Timestamp: Date;
  HistoryItemType: "ConfigurationUpdate" | "StateUpdate" | "Action";
  HistorySummary: string;
  HistoryData: string;
}

/** An alarm as PutMetricAlarm defines it, decoded (alarms/operations.ts). */
export interface AlarmDefinition {
  config: AlarmConfig;
  queries: DataQuery[];
  /** Id of the query whose series the alarm watches. */
  watch: string;
  periodS: number;
  tags: { Key: string; Value: string }[];
}

/** A composite alarm's rule, parsed (alarms/composite.ts). */
export type Rule = { kind: "state"; state: AlarmState; alarm: string } | { kind: "const"; value: boolean } | { kind: "not"; of: Rule } | { kind: "and" | "or"; of: Rule[] };

/** A composite alarm (alarms/composite.ts). */
export interface CompositeRecord {
  config: {
    AlarmName: string;
    AlarmDescription?: string;
    AlarmRule: string;
    ActionsEnabled: boolean;
    OKActions: string[];
    AlarmActions: string[];
    InsufficientDataActions: string[];
  };
  rule: Rule;
  arn: string;
  tags: { Key: string; Value: string }[];
  state: AlarmState;
  reason: string;
  reasonData?: string;
  stateUpdatedMs: number;
  configUpdatedMs: number;
}

/** What running an alarm's actions needs of it (a metric or a composite alarm). */
export interface Actionable {
  config: Pick<AlarmConfig, "AlarmName" | "AlarmDescription" | "OKActions" | "AlarmActions" | "InsufficientDataActions">;
  arn: string;
  state: AlarmState;
  reason: string;
  configUpdatedMs: number;
}

/** What alarms need from CloudWatch: its query evaluator and clock. */
/** Where alarms live: CloudWatch keeps them per account and Region. */
export interface AlarmScope {
  account: string;
  region: string;
}

export interface AlarmHost {
  now(): number;
  /** Publishes an alarm notification to an SNS topic; false when there is no such topic. */
  notify(topicArn: string, subject: string, message: string): boolean;
  runQueries(at: AlarmScope, queries: DataQuery[], startMs: number, endMs: number, nowMs: number, err: (m: string) => AwsError): Map<string, QueryResult>;
}

const pad = (n: number) => String(n).padStart(2, "0");
/** CloudWatch's datapoint time in reasons: dd/MM/yy HH:mm:ss (UTC). */
function reasonTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
/** ISO with +0000, as in StateReasonData. */
const dataTime = (ms: number) => new Date(ms).toISOString().replace("Z", "+0000");
const fmt = (v: number) => (Number.isInteger(v) ? v.toFixed(1) : String(v));

export const alarmArn = (at: AlarmScope, name: string) => `arn:aws:cloudwatch:${at.region}:${at.account}:alarm:${name}`;

export class Alarms {
  private readonly scopes = new Map<string, { alarms: Map<string, AlarmRecord>; composites: Map<string, CompositeRecord>; history: HistoryItem[] }>();

  constructor(private readonly host: AlarmHost) {}

  now(): number {
    return this.host.now();
  }

  /** Publishes an alarm notification (composite alarms run their actions through it too). */
  notify(topicArn: string, subject: string, message: string): boolean {
    return this.host.notify(topicArn, subject, message);
  }

  scope(at: AlarmScope) {
    const key = `${at.account}|${at.region}`;
    let r = this.scopes.get(key);
    if (!r) this.scopes.set(key, (r = { alarms: new Map(), composites: new Map(), history: [] }));
    return r;
  }

  /** Creates or replaces an alarm from its decoded definition. `atMs` backdates seeded alarms. */
  put(at: AlarmScope, { config, queries, watch, periodS, tags }: AlarmDefinition, atMs = this.host.now()): void {
    const name = config.AlarmName;
    const r = this.scope(at);
    const existing = r.alarms.get(name);
    const record: AlarmRecord = {
      config,
      queries,
      watch,
      periodS,
      arn: alarmArn(at, name),
      // Tags given on update are added; existing ones stay (as with PutMetricAlarm on AWS).
      tags: existing ? [...existing.tags.filter((t) => !tags.some((n) => n.Key === t.Key)), ...tags] : tags,
      configUpdatedMs: atMs,
      state: existing?.state ?? "INSUFFICIENT_DATA",
      reason: existing?.reason ?? "Unchecked: Initial alarm creation",
      reasonData: existing?.reasonData,
      stateUpdatedMs: existing?.stateUpdatedMs ?? atMs,
      lastEvalMs: atMs,
    };
    r.alarms.set(name, record);
    this.record(at, {
      AlarmName: name,
      AlarmType: "MetricAlarm",
      Timestamp: new Date(atMs),
      HistoryItemType: "ConfigurationUpdate",
      HistorySummary: `Alarm "${name}" ${existing ? "updated" : "created"}`,
      HistoryData: JSON.stringify(
        existing ? { version: "1.0", type: "Update", originalAlarm: this.view(existing), updatedAlarm: this.view(record) } : { version: "1.0", type: "Create", createdAlarm: this.view(record) },
        (_, v) => (v instanceof Date ? v.toISOString() : v),
      ),
    });
  }

  record(at: AlarmScope, item: HistoryItem) {
    const h = this.scope(at).history;
    h.push(item);
    const cutoff = this.host.now() - HISTORY_RETENTION_MS;
    while (h.length && h[0].Timestamp.getTime() < cutoff) h.shift();
  }

  /** Brings an alarm's state up to `now` by evaluating it at each period boundary since the last evaluation. */
  refresh(at: AlarmScope, a: AlarmRecord): void {
    const now = this.host.now();
    const p = a.periodS * 1000;
    const from = Math.max(a.lastEvalMs, now - MAX_CATCH_UP_MS);
    const first = Math.floor(from / p) * p + p;
    const last = Math.floor(now / p) * p;
    if (first > last) return;
    const n = a.config.EvaluationPeriods;
    const series = this.host.runQueries(at, a.queries, first - n * p, last, now, invalidValue).get(a.watch)!.series;
    const values = new Map(series.ts.map((t, i) => [t, series.vs[i]]));
    for (let t = first; t <= last; t += p) this.evaluateAt(at, a, t, values);
    a.lastEvalMs = last;
  }

  private evaluateAt(at: AlarmScope, a: AlarmRecord, t: number, values: Map<number, number>): void {
    const c = a.config;
    const p = a.periodS * 1000;
    const n = c.EvaluationPeriods;
    const m = c.DatapointsToAlarm ?? n;
    const op = OPERATORS[c.ComparisonOperator];
    const treat = c.TreatMissingData ?? "missing";
    // Newest first, as CloudWatch lists them in the reason.
    const points: { t: number; v?: number }[] = [];
    for (let k = 1; k <= n; k++) points.push({ t: t - k * p, v: values.get(t - k * p) });
    const present = points.filter((x) => x.v !== undefined) as { t: number; v: number }[];
    const breaching = present.filter((x) => op.test(x.v, c.Threshold)).length + (treat === "breaching" ? n - present.length : 0);

    let next: AlarmState;
    if (breaching >= m) next = "ALARM";
    else if (present.length === 0 && treat === "missing") next = "INSUFFICIENT_DATA";
    else if (present.length === 0 && treat === "ignore") next = a.state;
    else next = "OK";
    if (next === a.state) return;

    let reason: string;
    if (next === "INSUFFICIENT_DATA") reason = `Insufficient Data: ${n} datapoint${n === 1 ? " was" : "s were"} unknown.`;
    else {
      const shown = present.map((x) => `${fmt(x.v)} (${reasonTime(x.t)})`).join(", ");
      const count = next === "ALARM" ? breaching : present.length - breaching + (treat === "notBreaching" ? n - present.length : 0);
      const verb = next === "ALARM" ? (count === 1 ? "was" : "were") : count === 1 ? "was not" : "were not";
      reason =
        `Threshold Crossed: ${count} out of the last ${n} datapoints [${shown}] ${verb} ${op.text} the threshold (${fmt(c.Threshold)}) ` +
        `(minimum ${m} datapoint${m === 1 ? "" : "s"} for ${a.state === "INSUFFICIENT_DATA" ? "INSUFFICIENT_DATA" : a.state} -> ${next} transition).`;
    }
    const reasonData = JSON.stringify({
      version: "1.0",
      queryDate: dataTime(t),
      startDate: dataTime(t - n * p),
      ...(c.Statistic || c.ExtendedStatistic ? { statistic: c.Statistic ?? c.ExtendedStatistic, unit: c.Unit } : {}),
      period: a.periodS,
      recentDatapoints: [...present].reverse().map((x) => x.v),
      threshold: c.Threshold,
      evaluatedDatapoints: present.map((x) => ({ timestamp: dataTime(x.t), value: x.v })),
    });
    this.record(at, {
      AlarmName: c.AlarmName,
      AlarmType: "MetricAlarm",
      Timestamp: new Date(t),
      HistoryItemType: "StateUpdate",
      HistorySummary: `Alarm updated from ${a.state} to ${next}`,
      HistoryData: JSON.stringify({
        version: "1.0",
        oldState: { stateValue: a.state, stateReason: a.reason, ...(a.reasonData ? { stateReasonData: JSON.parse(a.reasonData) } : {}) },
        newState: { stateValue: next, stateReason: reason, stateReasonData: JSON.parse(reasonData) },
      }),
    });
    const previous = a.state;
    a.state = next;
    a.reason = reason;
    a.reasonData = reasonData;
    a.stateUpdatedMs = t;
    if (c.ActionsEnabled) this.runActions(at, a, previous, t);
  }

  /**
   * The actions of the new state: SNS topics get CloudWatch's notification (the JSON message of
   * the SNS alarm notification format); each outcome is an Action history item. Other action kinds
   * (Auto Scaling, EC2, Systems Manager) are accepted but not run: a simplification.
   */
  runActions(at: AlarmScope, a: Actionable, previous: AlarmState, t: number, type: HistoryItem["AlarmType"] = "MetricAlarm"): void {
    const c = a.config;
    const actions = a.state === "ALARM" ? c.AlarmActions : a.state === "OK" ? c.OKActions : c.InsufficientDataActions;
    for (const arn of actions) {
      if (!arn.startsWith("arn:aws:sns:")) continue;
      const message = JSON.stringify({
        AlarmName: c.AlarmName,
        AlarmDescription: c.AlarmDescription ?? null,
        AWSAccountId: at.account,
        AlarmConfigurationUpdatedTimestamp: dataTime(a.configUpdatedMs),
        NewStateValue: a.state,
        NewStateReason: a.reason,
        StateChangeTime: dataTime(t),
        Region: at.region,
        AlarmArn: a.arn,
        OldStateValue: previous,
        OKActions: c.OKActions,
        AlarmActions: c.AlarmActions,
        InsufficientDataActions: c.InsufficientDataActions,
      });
      const ok = this.host.notify(arn, `${a.state}: "${c.AlarmName}" in ${at.region}`, message);
      this.record(at, {
        AlarmName: c.AlarmName,
        AlarmType: type,
        Timestamp: new Date(t),
        HistoryItemType: "Action",
        HistorySummary: ok ? `Successfully executed action ${arn}` : `Failed to execute action ${arn}`,
        HistoryData: JSON.stringify({ actionState: ok ? "Succeeded" : "Failed", stateUpdateTimestamp: t, ...(ok ? {} : { error: "Resource not found" }) }),
      });
    }
  }

  /** An alarm as DescribeAlarms shows it; also what ConfigurationUpdate history items record. */
  view(a: AlarmRecord) {
    const c = a.config;
    return {
      AlarmName: c.AlarmName,
      AlarmArn: a.arn,
      AlarmDescription: c.AlarmDescription,
      AlarmConfigurationUpdatedTimestamp: new Date(a.configUpdatedMs),
      ActionsEnabled: c.ActionsEnabled,
      OKActions: c.OKActions,
      AlarmActions: c.AlarmActions,
      InsufficientDataActions: c.InsufficientDataActions,
      StateValue: a.state,
      StateReason: a.reason,
      StateReasonData: a.reasonData,
      StateUpdatedTimestamp: new Date(a.stateUpdatedMs),
      StateTransitionedTimestamp: new Date(a.stateUpdatedMs),
      MetricName: c.MetricName,
      Namespace: c.Namespace,
      Statistic: c.Statistic,
      ExtendedStatistic: c.ExtendedStatistic,
      Dimensions: c.Dimensions,
      Period: c.Period,
      Unit: c.Unit,
      EvaluationPeriods: c.EvaluationPeriods,
      DatapointsToAlarm: c.DatapointsToAlarm,
      Threshold: c.Threshold,
      ComparisonOperator: c.ComparisonOperator,
      TreatMissingData: c.TreatMissingData,
      Metrics: c.Metrics,
    };
  }

  current(at: AlarmScope): AlarmRecord[] {
    const alarms = [...this.scope(at).alarms.values()].sort((a, b) => a.config.AlarmName.localeCompare(b.config.AlarmName));
    for (const a of alarms) this.refresh(at, a);
    return alarms;
  }

  byArn(at: AlarmScope, arn: string): AlarmRecord {
    const a = [...this.scope(at).alarms.values()].find((x) => x.arn === arn);
    if (!a) throw new AwsError("ResourceNotFoundException", `The resource ${arn} does not exist.`, 404, { ResourceType: "alarm", ResourceId: arn });
    return a;
  }

  /** Alarm records of a region (tests, control endpoints). */
  names(at: AlarmScope): string[] {
    return [...this.scope(at).alarms.keys()];
  }
}

/**
 * The demo scenario's alarms, created a day before the anchor so a fresh start shows real state
 * and history: the OCC-rate alarm of orders-prod in us-east-1 (in ALARM: its incident is under
 * way) and a DPU alarm of catalog-apac (OK).
 */
