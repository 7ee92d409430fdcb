import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CloudWatchClient,
  type CloudWatchClientConfig,
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  DescribeAlarmsForMetricCommand,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  InvalidParameterValueException,
  ListMetricsCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  ResourceNotFound,
  ValidationException,
  type MetricDataQuery,
  type MetricDataResult,
} from "@aws-sdk/client-cloudwatch";
import { AwsQueryProtocol } from "@aws-sdk/core/protocols";
import { withEmulator } from "./emulator";

let emu: Awaited<ReturnType<typeof withEmulator>>;
const client = (region = "us-east-1") => new CloudWatchClient(emu.clientConfig(region));
const idOf = (region: string, name: string) => emu.dsql.all().find((c) => c.region === region && c.name === name)!.identifier;
const dsql = (metricName: string, clusterId: string) => ({ Namespace: "AWS/AuroraDSQL", MetricName: metricName, Dimensions: [{ Name: "ClusterId", Value: clusterId }] });
const HOUR = 3_600_000;

beforeAll(async () => {
  emu = await withEmulator();
});
afterAll(() => emu.close());

/** Follows NextToken and merges pages per query id, as a client of GetMetricData must. */
async function allPages(input: ConstructorParameters<typeof GetMetricDataCommand>[0], region = "us-east-1") {
  const merged = new Map<string, { Timestamps: Date[]; Values: number[]; codes: string[] }>();
  let NextToken: string | undefined;
  let pages = 0;
  do {
    const out = await client(region).send(new GetMetricDataCommand({ ...input, NextToken }));
    pages++;
    for (const r of out.MetricDataResults ?? []) {
      const m = merged.get(r.Id!) ?? merged.set(r.Id!, { Timestamps: [], Values: [], codes: [] }).get(r.Id!)!;
      m.Timestamps.push(...(r.Timestamps ?? []));
      m.Values.push(...(r.Values ?? []));
      m.codes.push(r.StatusCode!);
    }
    NextToken = out.NextToken;
  } while (NextToken);
  return { merged, pages };
}

describe("CloudWatch GetMetricData through the real SDK (JSON 1.0)", () => {
  it("returns DSQL metrics with metric math, timestamps as Dates", async () => {
    const id = idOf("us-east-1", "orders-prod");
    const end = new Date(Math.floor(Date.now() / HOUR) * HOUR);
    const queries: MetricDataQuery[] = [
      { Id: "tx", MetricStat: { Metric: dsql("TotalTransactions", id), Period: 300, Stat: "Sum" }, ReturnData: false },
      { Id: "occ", MetricStat: { Metric: dsql("OccConflicts", id), Period: 300, Stat: "Sum" }, ReturnData: false },
      { Id: "rate", Expression: "100 * occ / tx", Label: "OCC rate" },
      { Id: "dpu", MetricStat: { Metric: dsql("TotalDPU", id), Period: 300, Stat: "Sum" } },
      { Id: "parts", Expression: "SUM([FILL(r, 0), FILL(w, 0), FILL(c, 0), FILL(mr, 0)])" },
      { Id: "r", MetricStat: { Metric: dsql("ReadDPU", id), Period: 300, Stat: "Sum" }, ReturnData: false },
      { Id: "w", MetricStat: { Metric: dsql("WriteDPU", id), Period: 300, Stat: "Sum" }, ReturnData: false },
      { Id: "c", MetricStat: { Metric: dsql("ComputeDPU", id), Period: 300, Stat: "Sum" }, ReturnData: false },
      { Id: "mr", MetricStat: { Metric: dsql("MultiRegionWriteDPU", id), Period: 300, Stat: "Sum" }, ReturnData: false },
    ];
    const out = await client().send(new GetMetricDataCommand({ StartTime: new Date(end.getTime() - 3 * HOUR), EndTime: end, MetricDataQueries: queries }));
    const byId = new Map((out.MetricDataResults ?? []).map((r) => [r.Id!, r] as [string, MetricDataResult]));
    expect([...byId.keys()]).toEqual(["rate", "dpu", "parts"]);
    const rate = byId.get("rate")!;
    expect(rate.Label).toBe("OCC rate");
    expect(rate.StatusCode).toBe("Complete");
    expect(rate.Timestamps!.length).toBe(36);
    expect(rate.Timestamps![0]).toBeInstanceOf(Date);
    // Newest first by default.
    expect(rate.Timestamps![0].getTime()).toBeGreaterThan(rate.Timestamps![1].getTime());
    // The seeded OCC incident (started two hours before the emulator's start) is above 5 %.
    expect(Math.max(...rate.Values!)).toBeGreaterThan(5);
    // TotalDPU is the sum of its parts.
    const dpu = byId.get("dpu")!.Values!;
    const parts = byId.get("parts")!.Values!;
    dpu.forEach((v, i) => expect(parts[i]).toBeCloseTo(v, 6));
  });

  it("follows NextToken when MaxDatapoints is exceeded, in ascending order on request", async () => {
    const id = idOf("eu-west-1", "payments-eu");
    const end = new Date(Math.floor(Date.now() / HOUR) * HOUR);
    const input = {
      StartTime: new Date(end.getTime() - 2 * HOUR),
      EndTime: end,
      ScanBy: "TimestampAscending" as const,
      MaxDatapoints: 50,
      MetricDataQueries: [
        { Id: "dpu", MetricStat: { Metric: dsql("TotalDPU", id), Period: 60, Stat: "Sum" } },
        { Id: "half", Expression: "dpu / 2" },
      ],
    };
    const { merged, pages } = await allPages(input, "eu-west-1");
    expect(pages).toBe(Math.ceil(240 / 50));
    const dpu = merged.get("dpu")!;
    expect(dpu.Timestamps.length).toBe(120);
    expect(dpu.codes[0]).toBe("PartialData");
    expect(dpu.codes.at(-1)).toBe("Complete");
    const ts = dpu.Timestamps.map((t) => t.getTime());
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
    expect(new Set(ts).size).toBe(120);
    merged.get("half")!.Values.forEach((v, i) => expect(v).toBeCloseTo(dpu.Values[i] / 2, 9));
  });

  it("returns no datapoints for an idle cluster (missing, not zero), and zeros with FILL", async () => {
    const id = idOf("us-east-1", "analytics-dev");
    const end = new Date(Math.floor(Date.now() / HOUR) * HOUR);
    const out = await client().send(
      new GetMetricDataCommand({
        StartTime: new Date(end.getTime() - 6 * HOUR),
        EndTime: end,
        MetricDataQueries: [
          { Id: "dpu", MetricStat: { Metric: dsql("TotalDPU", id), Period: 3600, Stat: "Sum" } },
          { Id: "filled", Expression: "FILL(dpu, 0)" },
        ],
      }),
    );
    const [dpu, filled] = out.MetricDataResults!;
    expect(dpu.Values).toEqual([]);
    expect(dpu.StatusCode).toBe("Complete");
    expect(filled.Values).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("raises ValidationException (code ValidationError) for bad queries", async () => {
    const id = idOf("us-east-1", "orders-prod");
    const base = { StartTime: new Date(Date.now() - HOUR), EndTime: new Date() };
    const err = await client()
      .send(new GetMetricDataCommand({ ...base, MetricDataQueries: [{ Id: "Bad", MetricStat: { Metric: dsql("TotalDPU", id), Period: 60, Stat: "Sum" } }] }))
      .catch((e) => e);
    expect(err).toBeInstanceOf(ValidationException);
    expect(err.Code).toBe("ValidationError");
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(err.message).toMatch(/MetricDataQueries\.member\.1\.Id/);

    const tooMany = Array.from({ length: 501 }, (_, i) => ({ Id: `q${i}`, MetricStat: { Metric: dsql("TotalDPU", id), Period: 60, Stat: "Sum" } }));
    await expect(client().send(new GetMetricDataCommand({ ...base, MetricDataQueries: tooMany }))).rejects.toBeInstanceOf(ValidationException);
    await expect(client().send(new GetMetricDataCommand({ ...base, MetricDataQueries: [{ Id: "a", MetricStat: { Metric: dsql("TotalDPU", id), Period: 90, Stat: "Sum" } }] }))).rejects.toThrow(
      /Period/,
    );
    await expect(client().send(new GetMetricDataCommand({ ...base, MetricDataQueries: [{ Id: "e", Expression: "nope * 2" }] }))).rejects.toThrow(/Unrecognized identifier 'nope'/);
  });
});

describe("CloudWatch GetMetricStatistics, ListMetrics, PutMetricData", () => {
  it("round-trips PutMetricData through GetMetricData, GetMetricStatistics and ListMetrics", async () => {
    const t = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000);
    const metric = { MetricName: "JobsQueued", Dimensions: [{ Name: "Queue", Value: "emails" }] };
    await client("us-east-2").send(
      new PutMetricDataCommand({
        Namespace: "DsqlOps/Test",
        MetricData: [
          { ...metric, Timestamp: t, Value: 4, Unit: "Count" },
          { ...metric, Timestamp: t, Values: [1, 10], Counts: [2, 1], Unit: "Count" },
        ],
      }),
    );
    const stats = await client("us-east-2").send(
      new GetMetricStatisticsCommand({
        Namespace: "DsqlOps/Test",
        ...metric,
        StartTime: new Date(t.getTime() - 60_000),
        EndTime: new Date(t.getTime() + 60_000),
        Period: 60,
        Statistics: ["Sum", "SampleCount", "Maximum"],
      }),
    );
    expect(stats.Datapoints).toEqual([{ Timestamp: t, Sum: 16, SampleCount: 4, Maximum: 10, Unit: "Count" }]);
    const data = await client("us-east-2").send(
      new GetMetricDataCommand({
        StartTime: new Date(t.getTime() - 60_000),
        EndTime: new Date(t.getTime() + 60_000),
        MetricDataQueries: [{ Id: "q", MetricStat: { Metric: { Namespace: "DsqlOps/Test", ...metric }, Period: 60, Stat: "Average" } }],
      }),
    );
    expect(data.MetricDataResults![0].Values).toEqual([4]);
    const listed = await client("us-east-2").send(new ListMetricsCommand({ Namespace: "DsqlOps/Test" }));
    expect(listed.Metrics).toEqual([{ Namespace: "DsqlOps/Test", ...metric }]);
    // Stored per region.
    const other = await client("eu-west-1").send(new ListMetricsCommand({ Namespace: "DsqlOps/Test" }));
    expect(other.Metrics).toEqual([]);
  });

  it("lists the DSQL and AWS/Usage metrics of active clusters, not of idle ones", async () => {
    const active = idOf("us-east-1", "orders-prod");
    const idle = idOf("us-east-1", "analytics-dev");
    const dsqlMetrics = await client().send(new ListMetricsCommand({ Namespace: "AWS/AuroraDSQL", Dimensions: [{ Name: "ClusterId", Value: active }] }));
    expect(dsqlMetrics.Metrics!.map((m) => m.MetricName).sort()).toContain("MultiRegionWriteDPU");
    expect(dsqlMetrics.Metrics!.length).toBe(14);
    const none = await client().send(new ListMetricsCommand({ Namespace: "AWS/AuroraDSQL", Dimensions: [{ Name: "ClusterId", Value: idle }] }));
    expect(none.Metrics).toEqual([]);
    const usage = await client().send(new ListMetricsCommand({ Namespace: "AWS/Usage", MetricName: "CallCount", Dimensions: [{ Name: "ResourceId", Value: `cluster/${active}` }] }));
    expect(usage.Metrics!.map((m) => m.Dimensions!.find((d) => d.Name === "Resource")!.Value).sort()).toEqual(["DbConnect", "DbConnectAdmin"]);
  });

  it("raises InvalidParameterValueException (code InvalidParameterValue) for a bad period", async () => {
    const err = await client()
      .send(new GetMetricStatisticsCommand({ ...dsql("TotalDPU", idOf("us-east-1", "orders-prod")), StartTime: new Date(Date.now() - HOUR), EndTime: new Date(), Period: 45, Statistics: ["Sum"] }))
      .catch((e) => e);
    expect(err).toBeInstanceOf(InvalidParameterValueException);
    expect(err.Code).toBe("InvalidParameterValue");
  });
});

describe("CloudWatch alarms through the real SDK", () => {
  it("shows the seeded demo alarms with real state and history", async () => {
    const orders = idOf("us-east-1", "orders-prod");
    const { MetricAlarms } = await client().send(new DescribeAlarmsCommand({ AlarmNamePrefix: "dsql-occ-rate-" }));
    expect(MetricAlarms).toHaveLength(1);
    const occ = MetricAlarms![0];
    expect(occ.AlarmName).toBe(`dsql-occ-rate-${orders}`);
    // The OCC incident is under way at the emulator's start.
    expect(occ.StateValue).toBe("ALARM");
    expect(occ.StateReason).toMatch(/^Threshold Crossed: \d out of the last 5 datapoints/);
    expect(occ.StateUpdatedTimestamp).toBeInstanceOf(Date);
    expect(occ.Metrics!.find((m) => m.ReturnData)!.Expression).toMatch(/100 \* occ \/ tx/);
    const history = await client().send(new DescribeAlarmHistoryCommand({ AlarmName: occ.AlarmName, HistoryItemType: "StateUpdate" }));
    expect(history.AlarmHistoryItems![0].HistorySummary).toBe("Alarm updated from OK to ALARM");
    const dpu = await client("ap-northeast-1").send(new DescribeAlarmsCommand({}));
    expect(dpu.MetricAlarms!.map((a) => [a.MetricName, a.StateValue])).toEqual([["TotalDPU", "OK"]]);
  });

  it("creates a metric-math alarm and a static one, describes, filters and deletes them", async () => {
    const id = idOf("eu-west-1", "payments-eu");
    const metric = (name: string) => dsql(name, id);
    const cw = client("eu-west-1");
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: "it-occ-rate",
        EvaluationPeriods: 5,
        DatapointsToAlarm: 3,
        Threshold: 5,
        ComparisonOperator: "GreaterThanThreshold",
        TreatMissingData: "notBreaching",
        Metrics: [
          { Id: "tx", MetricStat: { Metric: metric("TotalTransactions"), Period: 60, Stat: "Sum" }, ReturnData: false },
          { Id: "occ", MetricStat: { Metric: metric("OccConflicts"), Period: 60, Stat: "Sum" }, ReturnData: false },
          { Id: "rate", Expression: "100 * occ / tx", ReturnData: true },
        ],
        Tags: [{ Key: "team", Value: "payments" }],
      }),
    );
    await cw.send(
      new PutMetricAlarmCommand({ AlarmName: "it-dpu", ...metric("TotalDPU"), Statistic: "Sum", Period: 300, EvaluationPeriods: 1, Threshold: 1e12, ComparisonOperator: "GreaterThanThreshold" }),
    );
    const { MetricAlarms } = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: "it-" }));
    expect(MetricAlarms!.map((a) => [a.AlarmName, a.StateValue])).toEqual([
      ["it-dpu", "INSUFFICIENT_DATA"],
      ["it-occ-rate", "INSUFFICIENT_DATA"],
    ]);
    expect(MetricAlarms![1].AlarmArn).toMatch(/^arn:aws:cloudwatch:eu-west-1:\d{12}:alarm:it-occ-rate$/);
    const forMetric = await cw.send(new DescribeAlarmsForMetricCommand({ ...metric("TotalDPU") }));
    expect(forMetric.MetricAlarms!.map((a) => a.AlarmName)).toEqual(["it-dpu"]);
    const created = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: "it-occ-rate" }));
    expect(created.AlarmHistoryItems![0]).toMatchObject({ HistoryItemType: "ConfigurationUpdate", HistorySummary: 'Alarm "it-occ-rate" created' });
    expect(created.AlarmHistoryItems![0].Timestamp).toBeInstanceOf(Date);

    await expect(cw.send(new DeleteAlarmsCommand({ AlarmNames: ["it-dpu", "not-there"] }))).rejects.toBeInstanceOf(ResourceNotFound);
    await cw.send(new DeleteAlarmsCommand({ AlarmNames: ["it-dpu", "it-occ-rate"] }));
    expect((await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: "it-" }))).MetricAlarms).toEqual([]);
  });

  it("rejects a bad alarm with InvalidParameterValueException", async () => {
    const err = await client()
      .send(
        new PutMetricAlarmCommand({
          AlarmName: "x",
          Namespace: "A",
          MetricName: "B",
          Statistic: "Sum",
          Period: 60,
          EvaluationPeriods: 2,
          DatapointsToAlarm: 3,
          Threshold: 1,
          ComparisonOperator: "GreaterThanThreshold",
        }),
      )
      .catch((e) => e);
    expect(err).toBeInstanceOf(InvalidParameterValueException);
    expect(err.$metadata.httpStatusCode).toBe(400);
  });
});

describe("CloudWatch over the AWS Query protocol (form-encoded, XML answers)", () => {
  const queryClient = (region = "us-east-1") =>
    new CloudWatchClient({
      ...emu.clientConfig(region),
      protocol: AwsQueryProtocol,
      protocolSettings: {
        defaultNamespace: "com.amazonaws.cloudwatch",
        xmlNamespace: "http://monitoring.amazonaws.com/doc/2010-08-01/",
        version: "2010-08-01",
        serviceTarget: "GraniteServiceVersion20100801",
      },
    } as CloudWatchClientConfig);

  it("answers GetMetricData with the same data as JSON 1.0, including math and paging", async () => {
    const id = idOf("us-east-1", "orders-prod");
    const end = new Date(Math.floor(Date.now() / HOUR) * HOUR);
    const input = {
      StartTime: new Date(end.getTime() - HOUR),
      EndTime: end,
      MaxDatapoints: 70,
      MetricDataQueries: [
        { Id: "tx", MetricStat: { Metric: dsql("TotalTransactions", id), Period: 60, Stat: "Sum" }, ReturnData: false },
        { Id: "occ", MetricStat: { Metric: dsql("OccConflicts", id), Period: 60, Stat: "Sum" } },
        { Id: "rate", Expression: "IF(tx > 0, 100 * occ / tx, 0)", Label: "OCC %" },
      ],
    };
    const first = await queryClient().send(new GetMetricDataCommand(input));
    expect(first.MetricDataResults!.map((r) => [r.Id, r.Values!.length, r.StatusCode])).toEqual([
      ["occ", 60, "Complete"],
      ["rate", 10, "PartialData"],
    ]);
    expect(first.MetricDataResults![0].Timestamps![0]).toBeInstanceOf(Date);
    expect(first.NextToken).toBeTruthy();
    const second = await queryClient().send(new GetMetricDataCommand({ ...input, NextToken: first.NextToken }));
    expect(second.MetricDataResults![1].Values).toHaveLength(50);
    const json = await allPages(input);
    expect([...first.MetricDataResults![1].Values!, ...second.MetricDataResults![1].Values!]).toEqual(json.merged.get("rate")!.Values);
    expect(first.MetricDataResults![0].Timestamps).toEqual(json.merged.get("occ")!.Timestamps);
  });

  it("round-trips PutMetricData, GetMetricStatistics with percentiles, and alarms", async () => {
    const qc = queryClient("ap-northeast-1");
    const t = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000);
    await qc.send(new PutMetricDataCommand({ Namespace: "DsqlOps/Query", MetricData: [{ MetricName: "Latency", Values: [1, 2, 3, 4], Timestamp: t, Unit: "Milliseconds" }] }));
    const stats = await qc.send(
      new GetMetricStatisticsCommand({
        Namespace: "DsqlOps/Query",
        MetricName: "Latency",
        StartTime: new Date(t.getTime() - 60_000),
        EndTime: new Date(t.getTime() + 60_000),
        Period: 60,
        ExtendedStatistics: ["p50", "p99"],
      }),
    );
    expect(stats.Datapoints).toEqual([{ Timestamp: t, Unit: "Milliseconds", ExtendedStatistics: { p50: 2, p99: 4 } }]);
    await qc.send(
      new PutMetricAlarmCommand({
        AlarmName: "q-alarm",
        Namespace: "DsqlOps/Query",
        MetricName: "Latency",
        Statistic: "Average",
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanThreshold",
        ActionsEnabled: false,
      }),
    );
    const alarms = await qc.send(new DescribeAlarmsCommand({ AlarmNames: ["q-alarm"] }));
    expect(alarms.MetricAlarms).toHaveLength(1);
    expect(alarms.MetricAlarms![0]).toMatchObject({ AlarmName: "q-alarm", ActionsEnabled: false, Period: 60, Threshold: 1, AlarmActions: [] });
    expect(alarms.MetricAlarms![0].AlarmConfigurationUpdatedTimestamp).toBeInstanceOf(Date);
  });

  it("raises the SDK's exception classes from XML errors, with the Query error code", async () => {
    const err = await queryClient()
      .send(new GetMetricStatisticsCommand({ Namespace: "A", MetricName: "B", StartTime: new Date(Date.now() - HOUR), EndTime: new Date(), Period: 45, Statistics: ["Sum"] }))
      .catch((e) => e);
    expect(err).toBeInstanceOf(InvalidParameterValueException);
    expect(err.Code).toBe("InvalidParameterValue");
    expect(err.$metadata.httpStatusCode).toBe(400);
    const v = await queryClient()
      .send(new GetMetricDataCommand({ StartTime: new Date(), EndTime: new Date(Date.now() - 1000), MetricDataQueries: [{ Id: "a", Expression: "1" }] }))
      .catch((e) => e);
    expect(v).toBeInstanceOf(ValidationException);
    expect(v.message).toMatch(/StartTime must be less than/);
  });
});
