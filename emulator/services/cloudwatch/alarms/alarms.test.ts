import { beforeEach, describe, expect, it } from "vitest";
import { Clock } from "../../../clock";
import { AwsError } from "../../../protocols/errors";
import { CloudWatchService } from "..";
import { DsqlService } from "../../dsql";

const MIN = 60_000;
const REGION = "us-east-1";
let clock: Clock;
let cw: CloudWatchService;
let t0: number;

beforeEach(() => {
  clock = new Clock(1);
  const anchor = Math.floor(clock.now() / 3_600_000) * 3_600_000;
  cw = new CloudWatchService(clock, new DsqlService(clock, { regions: [REGION], clusters: [] }, anchor), anchor);
  // Work on a minute boundary: the alarm is created at t0 and first evaluated at t0 + 1 min.
  t0 = Math.floor(clock.now() / MIN) * MIN;
  clock.advance(t0 + 1000 - clock.now());
});

const call = (op: string, input: Record<string, unknown>) => cw.call(op, input, REGION) as Promise<Record<string, unknown>>;
/** One datapoint per minute, the last one in the minute that ends at t0 + 1 min. */
async function putSeries(name: string, values: number[]) {
  await call("PutMetricData", {
    Namespace: "Test/App",
    MetricData: values.map((v, i) => ({ MetricName: name, Value: v, Timestamp: (t0 - (values.length - 1 - i) * MIN) / 1000 })),
  });
}
const staticAlarm = (over: Record<string, unknown> = {}) => ({
  AlarmName: "errors-high",
  Namespace: "Test/App",
  MetricName: "Errors",
  Statistic: "Sum",
  Period: 60,
  EvaluationPeriods: 5,
  DatapointsToAlarm: 3,
  Threshold: 5,
  ComparisonOperator: "GreaterThanThreshold",
  ...over,
});
type Alarm = { StateValue: string; StateReason: string; StateReasonData?: string; AlarmName: string };
const describeOne = async (name = "errors-high") => ((await call("DescribeAlarms", { AlarmNames: [name] })).MetricAlarms as Alarm[])[0];

describe("alarm evaluation against the emulator's metrics", () => {
  it("goes to ALARM when 3 of the last 5 datapoints breach, and records the state change", async () => {
    await putSeries("Errors", [9, 1, 9, 1, 9]);
    await call("PutMetricAlarm", staticAlarm());
    expect((await describeOne()).StateValue).toBe("INSUFFICIENT_DATA");

    clock.advance(MIN);
    const a = await describeOne();
    expect(a.StateValue).toBe("ALARM");
    expect(a.StateReason).toMatch(
      /^Threshold Crossed: 3 out of the last 5 datapoints \[9\.0 \(.+\), 1\.0 .*\] were greater than the threshold \(5\.0\) \(minimum 3 datapoints for INSUFFICIENT_DATA -> ALARM transition\)\.$/,
    );
    const data = JSON.parse(a.StateReasonData!);
    expect(data).toMatchObject({ version: "1.0", statistic: "Sum", period: 60, threshold: 5, recentDatapoints: [9, 1, 9, 1, 9] });

    const history = (await call("DescribeAlarmHistory", { AlarmName: "errors-high" })).AlarmHistoryItems as { HistoryItemType: string; HistorySummary: string; HistoryData: string; Timestamp: Date }[];
    expect(history.map((h) => h.HistoryItemType)).toEqual(["StateUpdate", "ConfigurationUpdate"]);
    expect(history[0].HistorySummary).toBe("Alarm updated from INSUFFICIENT_DATA to ALARM");
    expect(history[0].Timestamp.getTime()).toBe(t0 + MIN);
    expect(JSON.parse(history[0].HistoryData)).toMatchObject({ oldState: { stateValue: "INSUFFICIENT_DATA" }, newState: { stateValue: "ALARM" } });
    expect(history[1].HistorySummary).toBe('Alarm "errors-high" created');
    const onlyState = (await call("DescribeAlarmHistory", { AlarmName: "errors-high", HistoryItemType: "StateUpdate", ScanBy: "TimestampAscending" })).AlarmHistoryItems as unknown[];
    expect(onlyState).toHaveLength(1);
  });

  it("stays OK with only 2 of 5 breaching, and recovers from ALARM as the breaches age out", async () => {
    await putSeries("Errors", [9, 9, 9, 1, 1, 9, 1]);
    await call("PutMetricAlarm", staticAlarm());
    clock.advance(MIN);
    expect((await describeOne()).StateValue).toBe("OK");
    // A lower threshold: every present datapoint breaches.
    await call("PutMetricAlarm", staticAlarm({ AlarmName: "later", Threshold: 0.5 }));
    clock.advance(MIN);
    expect((await describeOne("later")).StateValue).toBe("ALARM");
    // No new data: once the whole window is missing, the default treatment gives INSUFFICIENT_DATA.
    clock.advance(10 * MIN);
    expect((await describeOne("later")).StateValue).toBe("INSUFFICIENT_DATA");
  });

  it("treats missing data as configured", async () => {
    await call("PutMetricAlarm", staticAlarm({ AlarmName: "missing" }));
    await call("PutMetricAlarm", staticAlarm({ AlarmName: "breaching", TreatMissingData: "breaching" }));
    await call("PutMetricAlarm", staticAlarm({ AlarmName: "not-breaching", TreatMissingData: "notBreaching" }));
    await call("PutMetricAlarm", staticAlarm({ AlarmName: "ignore", TreatMissingData: "ignore" }));
    clock.advance(MIN);
    const all = (await call("DescribeAlarms", {})).MetricAlarms as Alarm[];
    expect(Object.fromEntries(all.map((a) => [a.AlarmName, a.StateValue]))).toEqual({
      breaching: "ALARM",
      ignore: "INSUFFICIENT_DATA",
      missing: "INSUFFICIENT_DATA",
      "not-breaching": "OK",
    });
  });

  it("evaluates metric-math alarms (a rate of two metrics)", async () => {
    await putSeries("Conflicts", [1, 8, 9, 1, 10]);
    await putSeries("Transactions", [100, 100, 100, 100, 100]);
    const metric = (name: string) => ({ Namespace: "Test/App", MetricName: name, Dimensions: [] });
    await call("PutMetricAlarm", {
      AlarmName: "occ-rate",
      EvaluationPeriods: 5,
      DatapointsToAlarm: 3,
      Threshold: 5,
      ComparisonOperator: "GreaterThanThreshold",
      Metrics: [
        { Id: "occ", MetricStat: { Metric: metric("Conflicts"), Period: 60, Stat: "Sum" }, ReturnData: false },
        { Id: "tx", MetricStat: { Metric: metric("Transactions"), Period: 60, Stat: "Sum" }, ReturnData: false },
        { Id: "rate", Expression: "IF(tx > 0, 100 * occ / tx, 0)", ReturnData: true },
      ],
    });
    clock.advance(MIN);
    const a = await describeOne("occ-rate");
    expect(a.StateValue).toBe("ALARM");
    expect(a).toMatchObject({ Metrics: expect.arrayContaining([expect.objectContaining({ Id: "rate" })]) });
  });

  it("validates PutMetricAlarm like CloudWatch", async () => {
    const bad = async (over: Record<string, unknown>, code: string) => {
      const e = await call("PutMetricAlarm", staticAlarm(over)).catch((x) => x);
      expect(e).toBeInstanceOf(AwsError);
      expect((e as AwsError).code).toBe(code);
    };
    await bad({ DatapointsToAlarm: 6 }, "InvalidParameterValue");
    await bad({ ComparisonOperator: "Bigger" }, "InvalidParameterValue");
    await bad({ Period: 45 }, "InvalidParameterValue");
    await bad({ Metrics: [{ Id: "m", Expression: "1" }] }, "InvalidParameterCombination");
    await bad({ Statistic: undefined }, "InvalidParameterCombination");
    await bad({ EvaluationPeriods: undefined }, "MissingParameter");
    await bad({ TreatMissingData: "sometimes" }, "InvalidParameterValue");
  });

  it("filters and pages DescribeAlarms, and deletes alarms", async () => {
    for (const n of ["dsql-a", "dsql-b", "dsql-c", "other"]) await call("PutMetricAlarm", staticAlarm({ AlarmName: n }));
    const first = await call("DescribeAlarms", { AlarmNamePrefix: "dsql-", MaxRecords: 2 });
    expect((first.MetricAlarms as Alarm[]).map((a) => a.AlarmName)).toEqual(["dsql-a", "dsql-b"]);
    const second = await call("DescribeAlarms", { AlarmNamePrefix: "dsql-", MaxRecords: 2, NextToken: first.NextToken });
    expect((second.MetricAlarms as Alarm[]).map((a) => a.AlarmName)).toEqual(["dsql-c"]);
    expect(second.NextToken).toBeUndefined();
    await expect(call("DescribeAlarms", { AlarmNamePrefix: "other", NextToken: first.NextToken })).rejects.toMatchObject({ code: "InvalidNextToken" });
    await expect(call("DescribeAlarms", { AlarmNames: ["x"], AlarmNamePrefix: "d" })).rejects.toMatchObject({ code: "InvalidParameterCombination" });
    expect(((await call("DescribeAlarms", { StateValue: "ALARM" })).MetricAlarms as Alarm[]).length).toBe(0);
    await expect(call("DeleteAlarms", { AlarmNames: ["dsql-a", "nope"] })).rejects.toMatchObject({ code: "ResourceNotFound", status: 404 });
    await call("DeleteAlarms", { AlarmNames: ["dsql-a", "dsql-b"] });
    expect(((await call("DescribeAlarms", {})).MetricAlarms as Alarm[]).map((a) => a.AlarmName)).toEqual(["dsql-c", "other"]);
  });

  it("tags alarms by ARN", async () => {
    await call("PutMetricAlarm", staticAlarm({ Tags: [{ Key: "team", Value: "a" }] }));
    const arn = ((await describeOne()) as unknown as { AlarmArn: string }).AlarmArn;
    await call("TagResource", {
      ResourceARN: arn,
      Tags: [
        { Key: "team", Value: "b" },
        { Key: "env", Value: "prod" },
      ],
    });
    await call("UntagResource", { ResourceARN: arn, TagKeys: ["env"] });
    expect((await call("ListTagsForResource", { ResourceARN: arn })).Tags).toEqual([{ Key: "team", Value: "b" }]);
    await expect(call("ListTagsForResource", { ResourceARN: `${arn}-nope` })).rejects.toMatchObject({ code: "ResourceNotFoundException", status: 404 });
  });
});

describe("composite alarms", () => {
  const composites = async (name: string) => ((await call("DescribeAlarms", { AlarmNames: [name], AlarmTypes: ["CompositeAlarm"] })).CompositeAlarms as Alarm[])[0];

  it("goes to ALARM when its rule over the children holds, and back to OK when it no longer does", async () => {
    await putSeries("Errors", [9, 1, 9, 1, 9]);
    await call("PutMetricAlarm", staticAlarm());
    await call("PutMetricAlarm", staticAlarm({ AlarmName: "latency-high", MetricName: "Latency" }));
    await call("PutCompositeAlarm", { AlarmName: "cluster-unhealthy", AlarmRule: 'ALARM("errors-high") OR ALARM(latency-high)' });
    // Without AlarmTypes, DescribeAlarms lists metric alarms only, as CloudWatch does.
    expect((await call("DescribeAlarms", { AlarmNames: ["cluster-unhealthy"] })).CompositeAlarms).toEqual([]);
    clock.advance(MIN);
    const c = await composites("cluster-unhealthy");
    expect(c.StateValue).toBe("ALARM");
    expect(c.StateReason).toContain("alarm:errors-high transitioned to ALARM");
    await call("SetAlarmState", { AlarmName: "errors-high", StateValue: "OK", StateReason: "test" });
    expect((await composites("cluster-unhealthy")).StateValue).toBe("OK");
    const history = (await call("DescribeAlarmHistory", { AlarmName: "cluster-unhealthy", HistoryItemType: "StateUpdate" })).AlarmHistoryItems as { HistorySummary: string }[];
    // Evaluated at once: OK while no child is in ALARM, then ALARM, then OK again.
    expect(history.map((h) => h.HistorySummary)).toEqual(["Alarm updated from ALARM to OK", "Alarm updated from OK to ALARM", "Alarm updated from INSUFFICIENT_DATA to OK"]);
  });

  it("refuses a rule that does not parse or names an alarm that does not exist, as CloudWatch does", async () => {
    await call("PutMetricAlarm", staticAlarm());
    await expect(call("PutCompositeAlarm", { AlarmName: "c", AlarmRule: 'ALARM("errors-high") OR' })).rejects.toMatchObject({
      code: "InvalidParameterValue",
      message: expect.stringContaining("Error in AlarmRule"),
    });
    await expect(call("PutCompositeAlarm", { AlarmName: "c", AlarmRule: 'ALARM("errors-high") AND NOT OK("nope")' })).rejects.toMatchObject({
      code: "ValidationError",
      message: expect.stringContaining("alarms [nope] in the alarm rule do not exist"),
    });
    await call("PutCompositeAlarm", { AlarmName: "c", AlarmRule: "(ALARM(arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors-high) AND TRUE) OR FALSE" });
    await call("DeleteAlarms", { AlarmNames: ["c"] });
    expect((await call("DescribeAlarms", { AlarmTypes: ["CompositeAlarm"] })).CompositeAlarms).toEqual([]);
  });
});
