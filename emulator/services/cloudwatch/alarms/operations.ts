import { AwsError } from "../../../protocols/errors";
import { dimensions, invalidCombination, invalidValue, list, metricKey, missing, num, page, str, time, type Input } from "../input";
import { parseTags, STATES, type AlarmState, type Alarms } from "./model";

/** The alarm operations of CloudWatch: where the emulator answers each, and their wire-level input checks. */
export const ALARM_OPERATIONS: Record<string, (alarms: Alarms, input: Input, region: string) => unknown> = {
  PutMetricAlarm: (alarms, input, region) => {
    alarms.put(region, input);
    return {};
  },
  DescribeAlarms: (alarms, input, region) => describe(alarms, region, input),
  DescribeAlarmsForMetric: (alarms, input, region) => forMetric(alarms, region, input),
  DescribeAlarmHistory: (alarms, input, region) => history(alarms, region, input),
  DeleteAlarms: (alarms, input, region) => remove(alarms, region, input),
  SetAlarmState: (alarms, input, region) => setState(alarms, region, input),
  ListTagsForResource: (alarms, input, region) => ({ Tags: alarms.byArn(region, input.ResourceARN).tags }),
  TagResource: (alarms, input, region) => {
    const a = alarms.byArn(region, input.ResourceARN);
    const tags = parseTags(input.Tags);
    if (!tags.length) throw missing("Tags");
    a.tags = [...a.tags.filter((t) => !tags.some((n) => n.Key === t.Key)), ...tags];
    return {};
  },
  UntagResource: (alarms, input, region) => {
    const a = alarms.byArn(region, input.ResourceARN);
    const keys = list(input.TagKeys, "TagKeys").map((k, i) => str(k, `TagKeys.member.${i + 1}`, { required: true })!);
    a.tags = a.tags.filter((t) => !keys.includes(t.Key));
    return {};
  },
};

function describe(alarms: Alarms, region: string, input: Input) {
  const names = list(input.AlarmNames, "AlarmNames").map((v, i) => str(v, `AlarmNames.member.${i + 1}`, { required: true })!);
  const prefix = str(input.AlarmNamePrefix, "AlarmNamePrefix");
  if (names.length && prefix !== undefined) throw invalidCombination("AlarmNames and AlarmNamePrefix cannot be specified together.");
  if (names.length > 100) throw invalidValue("The collection AlarmNames must not have more than 100 members.");
  const state = str(input.StateValue, "StateValue");
  if (state !== undefined && !STATES.includes(state as AlarmState)) throw invalidValue(`The value ${state} for parameter StateValue is not valid: use ${STATES.join(", ")}.`);
  const actionPrefix = str(input.ActionPrefix, "ActionPrefix");
  const types = list(input.AlarmTypes, "AlarmTypes").map((v) => String(v));
  const max = num(input.MaxRecords, "MaxRecords", { integer: true, min: 1, max: 100 }) ?? 50;
  const wantMetric = !types.length || types.includes("MetricAlarm");
  const matches = alarms
    .current(region)
    .filter(
      (a) =>
        wantMetric &&
        (!names.length || names.includes(a.config.AlarmName)) &&
        (prefix === undefined || a.config.AlarmName.startsWith(prefix)) &&
        (state === undefined || a.state === state) &&
        (actionPrefix === undefined || [...a.config.AlarmActions, ...a.config.OKActions, ...a.config.InsufficientDataActions].some((x) => x.startsWith(actionPrefix))),
    );
  const p = page(matches, input.NextToken, max, JSON.stringify({ names, prefix, state, actionPrefix, types }));
  return { MetricAlarms: p.items.map((a) => alarms.view(a)), CompositeAlarms: [], NextToken: p.next };
}

function forMetric(alarms: Alarms, region: string, input: Input) {
  const name = str(input.MetricName, "MetricName", { required: true })!;
  const ns = str(input.Namespace, "Namespace", { required: true })!;
  const dims = dimensions(input.Dimensions, "Dimensions");
  const stat = str(input.Statistic, "Statistic");
  const ext = str(input.ExtendedStatistic, "ExtendedStatistic");
  const period = num(input.Period, "Period", { integer: true });
  const unit = str(input.Unit, "Unit");
  const key = metricKey({ Namespace: ns, MetricName: name, Dimensions: dims });
  const matches = alarms.current(region).filter((a) => {
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

function history(alarms: Alarms, region: string, input: Input) {
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
  alarms.current(region);
  const items = alarms
    .region(region)
    .history.filter(
      (h) =>
        (!types.length || types.includes("MetricAlarm")) &&
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

function remove(alarms: Alarms, region: string, input: Input) {
  const names = list(input.AlarmNames, "AlarmNames").map((v, i) => str(v, `AlarmNames.member.${i + 1}`, { required: true })!);
  if (!names.length) throw missing("AlarmNames");
  if (names.length > 100) throw invalidValue("The collection AlarmNames must not have more than 100 members.");
  const records = alarms.region(region).alarms;
  const unknown = names.filter((n) => !records.has(n));
  if (unknown.length) throw new AwsError("ResourceNotFound", `${unknown.length === 1 ? "Alarm" : "Alarms"} ${unknown.join(", ")} not found`, 404);
  for (const n of names) records.delete(n);
  return {};
}

/** SetAlarmState: a temporary override, as on AWS (the next evaluation that disagrees changes it back). */
function setState(alarms: Alarms, region: string, input: Input) {
  const name = str(input.AlarmName, "AlarmName", { required: true })!;
  const state = str(input.StateValue, "StateValue", { required: true })! as AlarmState;
  if (!STATES.includes(state)) throw invalidValue(`The value ${state} for parameter StateValue is not valid.`);
  const reason = str(input.StateReason, "StateReason", { required: true, max: 1023 })!;
  const reasonData = str(input.StateReasonData, "StateReasonData");
  const a = alarms.region(region).alarms.get(name);
  if (!a) throw new AwsError("ResourceNotFound", `Alarm ${name} not found`, 404);
  alarms.refresh(region, a);
  if (a.state !== state) {
    const now = alarms.now();
    alarms.record(region, {
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
