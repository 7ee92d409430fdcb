import { AwsError } from "../../../protocols/errors";
import { bool, dimensions, parseTags, invalidCombination, invalidValue, isStat, list, metricKey, missing, num, obj, page, PERCENTILE, str, time, type Input } from "../input";
import { parseQueries } from "../query-input";
import type { DataQuery } from "../model";
import { compositeView, currentComposites } from "./composite";
import { OPERATORS, STATES, TREAT_MISSING, type AlarmConfig, type AlarmScope, type AlarmState, type Alarms, type Operator, type TreatMissing } from "./model";

/**
 * The alarm operations of CloudWatch (routed from ../index.ts): their wire-level input checks and
 * answers, over the alarm state and evaluation of model.ts.
 */

/** PutMetricAlarm: checks and decodes the input, then creates or replaces the alarm. `atMs` backdates seeded alarms. */
export function putMetricAlarm(alarms: Alarms, input: Input, at: AlarmScope, atMs?: number) {
  const name = str(input.AlarmName, "AlarmName", { required: true, max: 255 })!;
  const evaluationPeriods = num(input.EvaluationPeriods, "EvaluationPeriods", { required: true, integer: true, min: 1 })!;
  const datapointsToAlarm = num(input.DatapointsToAlarm, "DatapointsToAlarm", { integer: true, min: 1 });
  if (datapointsToAlarm !== undefined && datapointsToAlarm > evaluationPeriods) throw invalidValue("DatapointsToAlarm must be less than or equal to EvaluationPeriods.");
  const op = str(input.ComparisonOperator, "ComparisonOperator", { required: true })!;
  if (!(op in OPERATORS)) {
    throw invalidValue(`The value ${op} for parameter ComparisonOperator is not supported by the emulator (anomaly-detection operators are not emulated); use ${Object.keys(OPERATORS).join(", ")}.`);
  }
  if (input.ThresholdMetricId !== undefined) throw invalidValue("ThresholdMetricId (anomaly detection bands) is not emulated.");
  const threshold = num(input.Threshold, "Threshold", { required: true })!;
  const treat = str(input.TreatMissingData, "TreatMissingData");
  if (treat !== undefined && !(TREAT_MISSING as readonly string[]).includes(treat))
    throw invalidValue(`The value ${treat} for parameter TreatMissingData is not valid: use ${TREAT_MISSING.join(", ")}.`);
  const strings = (field: string) => list(input[field], field).map((v, i) => str(v, `${field}.member.${i + 1}`, { required: true })!);
  // At most 5 actions per state, and an SNS topic must be in the alarm's Region (AWS's checks and wording).
  const actions = (field: string) => {
    const arns = strings(field);
    if (arns.length > 5) throw invalidValue(`The collection ${field} must not have more than 5 members.`);
    for (const arn of arns) {
      const m = /^arn:aws:sns:([a-z0-9-]+):\d{12}:[A-Za-z0-9_-]{1,256}$/.exec(arn);
      if (arn.startsWith("arn:aws:sns:") && !m) throw invalidValue(`Invalid arn syntax: ${arn}`);
      if (m && m[1] !== at.region) throw invalidValue(`Invalid region ${m[1]} specified. Only ${at.region} is supported.`);
    }
    return arns;
  };

  const config: AlarmConfig = {
    AlarmName: name,
    AlarmDescription: str(input.AlarmDescription, "AlarmDescription", { max: 1024 }),
    ActionsEnabled: bool(input.ActionsEnabled, "ActionsEnabled", true),
    OKActions: actions("OKActions"),
    AlarmActions: actions("AlarmActions"),
    InsufficientDataActions: actions("InsufficientDataActions"),
    EvaluationPeriods: evaluationPeriods,
    DatapointsToAlarm: datapointsToAlarm,
    Threshold: threshold,
    ComparisonOperator: op as Operator,
    TreatMissingData: treat as TreatMissing | undefined,
    Unit: str(input.Unit, "Unit"),
  };

  let queries: DataQuery[];
  let watch: string;
  let periodS: number;
  const hasMetric = input.MetricName !== undefined || input.Namespace !== undefined;
  if (input.Metrics !== undefined && input.Metrics !== "") {
    if (hasMetric || input.Statistic !== undefined || input.ExtendedStatistic !== undefined || input.Period !== undefined) {
      throw invalidCombination("Metrics cannot be combined with MetricName, Namespace, Dimensions, Statistic, ExtendedStatistic or Period.");
    }
    queries = parseQueries(input.Metrics, "Metrics", invalidValue, 10);
    const returned = queries.filter((q) => q.returnData);
    if (returned.length !== 1) throw invalidValue("Exactly one element of the Metrics list must have ReturnData set to true.");
    const periods = new Set(queries.flatMap((q) => (q.stat ? [q.stat.periodS] : [])));
    if (!periods.size) throw invalidValue("The Metrics list must contain at least one MetricStat.");
    if (periods.size > 1) throw invalidValue("All metrics in an alarm must have the same period.");
    periodS = [...periods][0];
    watch = returned[0].id;
    config.Metrics = list(input.Metrics, "Metrics") as Input[];
  } else {
    if (!hasMetric) throw missing("MetricName");
    const stat = str(input.Statistic, "Statistic");
    const ext = str(input.ExtendedStatistic, "ExtendedStatistic");
    if (!stat === !ext) throw invalidCombination("Exactly one of Statistic and ExtendedStatistic must be specified.");
    if (stat && (!isStat(stat) || PERCENTILE.test(stat))) throw invalidValue(`The value ${stat} for parameter Statistic is not a valid statistic.`);
    if (ext && !PERCENTILE.test(ext)) throw invalidValue(`The value ${ext} for parameter ExtendedStatistic is not a valid extended statistic.`);
    periodS = num(input.Period, "Period", { required: true, integer: true, min: 1 })!;
    config.MetricName = str(input.MetricName, "MetricName", { required: true, max: 255 });
    config.Namespace = str(input.Namespace, "Namespace", { required: true, max: 255 });
    config.Dimensions = dimensions(input.Dimensions, "Dimensions");
    config.Statistic = stat;
    config.ExtendedStatistic = ext;
    config.Period = periodS;
    watch = "m1";
    queries = [
      {
        id: watch,
        returnData: true,
        stat: { metric: { Namespace: config.Namespace!, MetricName: config.MetricName!, Dimensions: config.Dimensions }, periodS, stat: (stat ?? ext)!, unit: config.Unit },
      },
    ];
  }
  if (!(periodS === 10 || periodS === 30 || periodS % 60 === 0)) throw invalidValue("The parameter Period must be 10, 30 or a multiple of 60.");
  if (periodS * evaluationPeriods > 7 * 86_400) throw invalidValue("The evaluation period (Period × EvaluationPeriods) must not exceed 7 days.");

  const tags = parseTags(input.Tags);
  alarms.put(at, { config, queries, watch, periodS, tags }, atMs);
  return {};
}

export function describeAlarms(alarms: Alarms, input: Input, at: AlarmScope) {
  const names = list(input.AlarmNames, "AlarmNames").map((v, i) => str(v, `AlarmNames.member.${i + 1}`, { required: true })!);
  const prefix = str(input.AlarmNamePrefix, "AlarmNamePrefix");
  if (names.length && prefix !== undefined) throw invalidCombination("AlarmNames and AlarmNamePrefix cannot be specified together.");
  if (names.length > 100) throw invalidValue("The collection AlarmNames must not have more than 100 members.");
  const state = str(input.StateValue, "StateValue");
  if (state !== undefined && !STATES.includes(state as AlarmState)) throw invalidValue(`The value ${state} for parameter StateValue is not valid: use ${STATES.join(", ")}.`);
  const actionPrefix = str(input.ActionPrefix, "ActionPrefix");
  const types = list(input.AlarmTypes, "AlarmTypes").map((v) => String(v));
  const max = num(input.MaxRecords, "MaxRecords", { integer: true, min: 1, max: 100 }) ?? 50;
  for (const t of types) if (t !== "MetricAlarm" && t !== "CompositeAlarm") throw invalidValue(`The value ${t} for parameter AlarmTypes is not valid: use MetricAlarm or CompositeAlarm.`);
  // Without AlarmTypes, CloudWatch lists metric alarms only.
  const wantMetric = !types.length || types.includes("MetricAlarm");
  const wantComposite = types.includes("CompositeAlarm");
  const keep = (a: { config: { AlarmName: string; AlarmActions: string[]; OKActions: string[]; InsufficientDataActions: string[] }; state: string }) =>
    (!names.length || names.includes(a.config.AlarmName)) &&
    (prefix === undefined || a.config.AlarmName.startsWith(prefix)) &&
    (state === undefined || a.state === state) &&
    (actionPrefix === undefined || [...a.config.AlarmActions, ...a.config.OKActions, ...a.config.InsufficientDataActions].some((x) => x.startsWith(actionPrefix)));
  const composites = currentComposites(alarms, at);
  const matches = [
    ...(wantMetric
      ? alarms
          .current(at)
          .filter(keep)
          .map((a) => ({ metric: alarms.view(a) }))
      : []),
    ...(wantComposite ? composites.filter(keep).map((c) => ({ composite: compositeView(c) })) : []),
  ];
  const p = page(matches, input.NextToken, max, JSON.stringify({ names, prefix, state, actionPrefix, types }));
  return { MetricAlarms: p.items.flatMap((x) => ("metric" in x ? [x.metric] : [])), CompositeAlarms: p.items.flatMap((x) => ("composite" in x ? [x.composite] : [])), NextToken: p.next };
}

export function describeAlarmsForMetric(alarms: Alarms, input: Input, at: AlarmScope) {
  const name = str(input.MetricName, "MetricName", { required: true })!;
  const ns = str(input.Namespace, "Namespace", { required: true })!;
  const dims = dimensions(input.Dimensions, "Dimensions");
  const stat = str(input.Statistic, "Statistic");
  const ext = str(input.ExtendedStatistic, "ExtendedStatistic");
  const period = num(input.Period, "Period", { integer: true });
  const unit = str(input.Unit, "Unit");
  const key = metricKey({ Namespace: ns, MetricName: name, Dimensions: dims });
  const matches = alarms.current(at).filter((a) => {
    const c = a.config;
    if (!c.MetricName) return false;
    return (
      metricKey({ Namespace: c.Namespace!, MetricName: c.MetricName, Dimensions: c.Dimensions ?? [] }) === key &&
      (stat === undefined || c.Statistic === stat) &&
      (ext === undefined || c.ExtendedStatistic === ext) &&
      (period === undefined || c.Period === period) &&
      (unit === undefined || c.Unit === unit)
    );
  });
  return { MetricAlarms: matches.map((a) => alarms.view(a)) };
}

export function describeAlarmHistory(alarms: Alarms, input: Input, at: AlarmScope) {
  const name = str(input.AlarmName, "AlarmName");
  const type = str(input.HistoryItemType, "HistoryItemType");
  if (type !== undefined && !["ConfigurationUpdate", "StateUpdate", "Action"].includes(type)) {
    throw invalidValue(`The value ${type} for parameter HistoryItemType is not valid: use ConfigurationUpdate, StateUpdate or Action.`);
  }
  const start = time(input.StartDate, "StartDate");
  const end = time(input.EndDate, "EndDate");
  const scanBy = str(input.ScanBy, "ScanBy") ?? "TimestampDescending";
  if (scanBy !== "TimestampDescending" && scanBy !== "TimestampAscending") throw invalidValue(`The value ${scanBy} for parameter ScanBy is not valid.`);
  const types = list(input.AlarmTypes, "AlarmTypes").map((v) => String(v));
  const max = num(input.MaxRecords, "MaxRecords", { integer: true, min: 1, max: 100 }) ?? 50;
  currentComposites(alarms, at);
  const items = alarms
    .scope(at)
    .history.filter(
      (h) =>
        (types.length ? types.includes(h.AlarmType) : h.AlarmType === "MetricAlarm" || name !== undefined) &&
        (name === undefined || h.AlarmName === name) &&
        (type === undefined || h.HistoryItemType === type) &&
        (start === undefined || h.Timestamp.getTime() >= start) &&
        (end === undefined || h.Timestamp.getTime() <= end),
    )
    .sort((a, b) => a.Timestamp.getTime() - b.Timestamp.getTime());
  if (scanBy === "TimestampDescending") items.reverse();
  const p = page(items, input.NextToken, max, JSON.stringify({ name, type, start, end, scanBy, types }));
  return { AlarmHistoryItems: p.items, NextToken: p.next };
}

export function deleteAlarms(alarms: Alarms, input: Input, at: AlarmScope) {
  const names = list(input.AlarmNames, "AlarmNames").map((v, i) => str(v, `AlarmNames.member.${i + 1}`, { required: true })!);
  if (!names.length) throw missing("AlarmNames");
  if (names.length > 100) throw invalidValue("The collection AlarmNames must not have more than 100 members.");
  const { alarms: records, composites } = alarms.scope(at);
  const unknown = names.filter((n) => !records.has(n) && !composites.has(n));
  if (unknown.length) throw new AwsError("ResourceNotFound", `${unknown.length === 1 ? "Alarm" : "Alarms"} ${unknown.join(", ")} not found`, 404);
  for (const n of names) {
    records.delete(n);
    composites.delete(n);
  }
  return {};
}

/** SetAlarmState: a temporary override, as on AWS (the next evaluation that disagrees changes it back). */
export function setAlarmState(alarms: Alarms, input: Input, at: AlarmScope) {
  const name = str(input.AlarmName, "AlarmName", { required: true })!;
  const state = str(input.StateValue, "StateValue", { required: true })! as AlarmState;
  if (!STATES.includes(state)) throw invalidValue(`The value ${state} for parameter StateValue is not valid.`);
  const reason = str(input.StateReason, "StateReason", { required: true, max: 1023 })!;
  const reasonData = str(input.StateReasonData, "StateReasonData");
  const a = alarms.scope(at).alarms.get(name);
  if (!a) throw new AwsError("ResourceNotFound", `Alarm ${name} not found`, 404);
  alarms.refresh(at, a);
  if (a.state !== state) {
    const now = alarms.now();
    alarms.record(at, {
      AlarmName: name,
      AlarmType: "MetricAlarm",
      Timestamp: new Date(now),
      HistoryItemType: "StateUpdate",
      HistorySummary: `Alarm updated from ${a.state} to ${state}`,
      HistoryData: JSON.stringify({ version: "1.0", oldState: { stateValue: a.state, stateReason: a.reason }, newState: { stateValue: state, stateReason: reason } }),
    });
    a.state = state;
    a.reason = reason;
    a.reasonData = reasonData;
    a.stateUpdatedMs = now;
  }
  return {};
}

const alarmByArn = (alarms: Alarms, at: AlarmScope, input: Input) => alarms.byArn(at, str(input.ResourceARN, "ResourceARN", { required: true })!);

export function listTagsForResource(alarms: Alarms, input: Input, at: AlarmScope) {
  return { Tags: alarmByArn(alarms, at, input).tags };
}

export function tagResource(alarms: Alarms, input: Input, at: AlarmScope) {
  const a = alarmByArn(alarms, at, input);
  const tags = parseTags(input.Tags);
  if (!tags.length) throw missing("Tags");
  a.tags = [...a.tags.filter((t) => !tags.some((n) => n.Key === t.Key)), ...tags];
  return {};
}

export function untagResource(alarms: Alarms, input: Input, at: AlarmScope) {
  const a = alarmByArn(alarms, at, input);
  const keys = list(input.TagKeys, "TagKeys").map((k, i) => str(k, `TagKeys.member.${i + 1}`, { required: true })!);
  a.tags = a.tags.filter((t) => !keys.includes(t.Key));
  return {};
}
