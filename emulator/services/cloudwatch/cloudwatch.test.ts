import { beforeEach, describe, expect, it, vi } from "vitest";
import { Clock } from "../../clock";
import { AwsError } from "../../protocols/errors";
import { demoScenario, generatedFleet } from "../../scenario/fleet";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../../scenario/metrics";
import { json10Error } from "../../protocols/json10";
import { CloudWatchService } from ".";
import { bucketStarts, retained } from "./model";
import { cloudWatchErrorShape } from "./input";
import { CREATE_MS, DsqlService } from "../dsql";

let clock: Clock;
let dsql: DsqlService;
let cw: CloudWatchService;
let anchor: number;

beforeEach(() => {
  clock = new Clock(1);
  anchor = Math.floor(clock.now() / HOUR_MS) * HOUR_MS;
  dsql = new DsqlService(clock, demoScenario(), anchor);
  cw = new CloudWatchService(clock, dsql, anchor);
});

const idOf = (region: string, name: string) => dsql.all().find((c) => c.region === region && c.name === name)!.identifier;
const stat = (id: string, metric: string, period: number, s = "Sum", qid = "q") => ({
  Id: qid,
  MetricStat: { Metric: { Namespace: "AWS/AuroraDSQL", MetricName: metric, Dimensions: [{ Name: "ClusterId", Value: id }] }, Period: period, Stat: s },
});
type Result = { Id: string; Timestamps: Date[]; Values: number[]; StatusCode: string; Label: string };
async function gmd(input: Record<string, unknown>, region = "us-east-1") {
  return (await cw.call("GetMetricData", input, region)) as { MetricDataResults: Result[]; NextToken?: string };
}
const sec = (ms: number) => ms / 1000;

describe("periods and retention", () => {
  const now = Date.UTC(2026, 10, 25, 12, 30, 30);
  it("rounds the start down by age: minute within 15 days, 5 minutes within 63, the hour beyond", () => {
    expect(bucketStarts(now - HOUR_MS - 12_345, now, 60, now)[0]).toBe(Date.UTC(2026, 10, 25, 11, 30));
    expect(bucketStarts(now - 20 * DAY_MS + 3 * MINUTE_MS, now - 19 * DAY_MS, 300, now)[0]).toBe(Date.UTC(2026, 10, 5, 12, 30));
    expect(bucketStarts(now - 70 * DAY_MS, now - 69 * DAY_MS, 3600, now)[0]).toBe(Date.UTC(2026, 8, 16, 12));
  });
  it("keeps 1-minute data for 15 days, 5-minute for 63, hourly for 455, high resolution for 3 hours", () => {
    expect(retained(now - 14 * DAY_MS, 60, now)).toBe(true);
    expect(retained(now - 16 * DAY_MS, 60, now)).toBe(false);
    expect(retained(now - 16 * DAY_MS, 300, now)).toBe(true);
    expect(retained(now - 16 * DAY_MS, 600, now)).toBe(true);
    expect(retained(now - 64 * DAY_MS, 300, now)).toBe(false);
    expect(retained(now - 64 * DAY_MS, 3600, now)).toBe(true);
    expect(retained(now - 456 * DAY_MS, 3600, now)).toBe(false);
    expect(retained(now - 2 * HOUR_MS, 10, now)).toBe(true);
    expect(retained(now - 4 * HOUR_MS, 10, now)).toBe(false);
  });
  it("returns 1-minute points only for the part of the range within 15 days", async () => {
    const id = idOf("us-east-1", "orders-prod");
    const now = clock.now();
    const r = await gmd({ StartTime: sec(now - 15 * DAY_MS - HOUR_MS), EndTime: sec(now - 15 * DAY_MS + HOUR_MS), MetricDataQueries: [stat(id, "TotalDPU", 60)] });
    const ts = r.MetricDataResults[0].Timestamps.map((t) => t.getTime());
    expect(ts.length).toBeGreaterThan(50);
    expect(ts.length).toBeLessThanOrEqual(61);
    expect(Math.min(...ts)).toBeGreaterThanOrEqual(now - 15 * DAY_MS - MINUTE_MS);
  });
});

describe("GetMetricData", () => {
  it("gives the same totals at 60-s and 3600-s periods, and Average/Min/Max/SampleCount/percentiles consistent with them", async () => {
    const id = idOf("eu-west-1", "payments-eu");
    const start = anchor - 5 * HOUR_MS;
    const end = anchor - 2 * HOUR_MS;
    const queries = [
      stat(id, "TotalTransactions", 60, "Sum", "m"),
      stat(id, "TotalTransactions", 3600, "Sum", "h"),
      stat(id, "TotalTransactions", 3600, "Average", "avg"),
      stat(id, "TotalTransactions", 3600, "Maximum", "max"),
      stat(id, "TotalTransactions", 3600, "Minimum", "min"),
      stat(id, "TotalTransactions", 3600, "SampleCount", "n"),
      stat(id, "TotalTransactions", 3600, "p50", "p50"),
    ];
    const r = await gmd({ StartTime: sec(start), EndTime: sec(end), ScanBy: "TimestampAscending", MetricDataQueries: queries }, "eu-west-1");
    const by = Object.fromEntries(r.MetricDataResults.map((x) => [x.Id, x.Values]));
    expect(by.m).toHaveLength(180);
    const hourly = [0, 1, 2].map((h) => by.m.slice(h * 60, h * 60 + 60));
    hourly.forEach((xs, h) => {
      expect(by.h[h]).toBeCloseTo(xs.reduce((a, b) => a + b, 0), 6);
      expect(by.avg[h]).toBeCloseTo(by.h[h] / 60, 6);
      expect(by.max[h]).toBe(Math.max(...xs));
      expect(by.min[h]).toBe(Math.min(...xs));
      expect(by.n[h]).toBe(60);
      expect(by.p50[h]).toBe([...xs].sort((a, b) => a - b)[29]);
    });
  });

  it("serves MultiRegionWriteDPU only for multi-region clusters, and the AWS/Usage connection metrics", async () => {
    const now = clock.now();
    const window = { StartTime: sec(now - HOUR_MS), EndTime: sec(now) };
    const multi = await gmd({ ...window, MetricDataQueries: [stat(idOf("us-east-1", "orders-prod"), "MultiRegionWriteDPU", 300)] });
    expect(multi.MetricDataResults[0].Values.length).toBeGreaterThan(0);
    const single = await gmd({ ...window, MetricDataQueries: [stat(idOf("eu-west-1", "payments-eu"), "MultiRegionWriteDPU", 300)] }, "eu-west-1");
    expect(single.MetricDataResults[0].Values).toEqual([]);
    const id = idOf("eu-west-1", "payments-eu");
    const usage = await gmd(
      {
        ...window,
        MetricDataQueries: [
          {
            Id: "conn",
            MetricStat: {
              Metric: {
                Namespace: "AWS/Usage",
                MetricName: "ResourceCount",
                // Dimension order does not matter.
                Dimensions: [
                  { Name: "ResourceId", Value: `cluster/${id}` },
                  { Name: "Service", Value: "AuroraDSQL" },
                  { Name: "Type", Value: "Resource" },
                  { Name: "Resource", Value: "ClusterConnectionCount" },
                  { Name: "Class", Value: "None" },
                ],
              },
              Period: 300,
              Stat: "Maximum",
            },
          },
        ],
      },
      "eu-west-1",
    );
    expect(Math.max(...usage.MetricDataResults[0].Values)).toBeGreaterThan(0);
    // A metric of another region is not found here.
    const wrongRegion = await gmd({ ...window, MetricDataQueries: [stat(id, "TotalDPU", 300)] }, "us-east-1");
    expect(wrongRegion.MetricDataResults[0].Values).toEqual([]);
  });

  it("serves created clusters once CREATING is over, and keeps a deleted cluster's history", async () => {
    const base = dsql.all().find((c) => c.name === "payments-eu")!;
    const created = dsql.create("eu-west-1", { name: "restored", profile: base.profile, deletionProtectionEnabled: false });
    const q = { MetricDataQueries: [stat(created.identifier, "TotalTransactions", 60)] };
    const window = () => ({ StartTime: sec(created.creationTime - HOUR_MS), EndTime: sec(clock.now() + HOUR_MS) });
    expect((await gmd({ ...window(), ...q }, "eu-west-1")).MetricDataResults[0].Values).toEqual([]);
    clock.advance(CREATE_MS + 5 * MINUTE_MS);
    const points = (await gmd({ ...window(), ...q }, "eu-west-1")).MetricDataResults[0].Timestamps.map((t) => t.getTime());
    expect(points.length).toBeGreaterThanOrEqual(4);
    expect(Math.min(...points)).toBeGreaterThanOrEqual(created.creationTime + CREATE_MS - MINUTE_MS);

    const deletedAt = (created.deleteStartedAt = clock.now());
    clock.advance(2 * HOUR_MS);
    expect(dsql.find("eu-west-1", created.identifier)).toBeUndefined();
    // The history stays; it ends with the minute in which the deletion started.
    const after = (await gmd({ ...window(), ...q }, "eu-west-1")).MetricDataResults[0].Timestamps.map((t) => t.getTime());
    expect(after.length).toBeGreaterThanOrEqual(points.length);
    expect(after.length).toBeLessThanOrEqual(points.length + 1);
    expect(Math.max(...after)).toBeLessThan(deletedAt);
  });

  it("pages by datapoints with PartialData, pins the data to the first page, and rejects foreign tokens", async () => {
    const id = idOf("us-east-1", "orders-prod");
    const input = { StartTime: sec(anchor - 2 * HOUR_MS), EndTime: sec(anchor), MaxDatapoints: 100, MetricDataQueries: [stat(id, "TotalDPU", 60, "Sum", "a"), stat(id, "ReadDPU", 60, "Sum", "b")] };
    const p1 = await gmd(input);
    expect(p1.MetricDataResults.map((r) => [r.Id, r.Values.length, r.StatusCode])).toEqual([["a", 100, "PartialData"], ["b", 0, "PartialData"]]);
    clock.advance(5 * MINUTE_MS);
    const p2 = await gmd({ ...input, NextToken: p1.NextToken });
    expect(p2.MetricDataResults.map((r) => [r.Id, r.Values.length, r.StatusCode])).toEqual([["a", 20, "Complete"], ["b", 80, "PartialData"]]);
    const p3 = await gmd({ ...input, NextToken: p2.NextToken });
    expect(p3.MetricDataResults.map((r) => [r.Id, r.Values.length, r.StatusCode])).toEqual([["a", 0, "Complete"], ["b", 40, "Complete"]]);
    expect(p3.NextToken).toBeUndefined();
    // Descending by default: each page continues where the last stopped.
    expect(p2.MetricDataResults[0].Timestamps[0].getTime()).toBe(p1.MetricDataResults[0].Timestamps[99].getTime() - MINUTE_MS);
    await expect(gmd({ ...input, MaxDatapoints: 5, StartTime: sec(anchor - HOUR_MS), NextToken: p1.NextToken })).rejects.toMatchObject({ code: "InvalidNextToken" });
    await expect(gmd({ ...input, NextToken: "garbage" })).rejects.toMatchObject({ code: "InvalidNextToken" });
  });

  it("validates input with ValidationError (HTTP 400) as CloudWatch does", async () => {
    const id = idOf("us-east-1", "orders-prod");
    const ok = stat(id, "TotalDPU", 60);
    const window = { StartTime: sec(anchor - HOUR_MS), EndTime: sec(anchor) };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...window, MetricDataQueries: [] }, /MetricDataQueries is required/],
      [{ ...window, MetricDataQueries: Array.from({ length: 501 }, (_, i) => ({ ...ok, Id: `q${i}` })) }, /more than 500/],
      [{ ...window, MetricDataQueries: [ok, ok] }, /not unique/],
      [{ ...window, MetricDataQueries: [{ ...ok, Id: "1abc" }] }, /expected pattern/],
      [{ ...window, MetricDataQueries: [stat(id, "TotalDPU", 90)] }, /multiple of 60/],
      [{ ...window, MetricDataQueries: [stat(id, "TotalDPU", 60, "Median")] }, /not a valid statistic/],
      [{ ...window, MetricDataQueries: [{ ...ok, Expression: "1" }] }, /Exactly one/],
      [{ StartTime: window.EndTime, EndTime: window.StartTime, MetricDataQueries: [ok] }, /StartTime must be less than/],
      [{ ...window, MetricDataQueries: [ok, { Id: "e", Expression: "q + (" }] }, /Error in expression e/],
      [{ ...window, MetricDataQueries: [{ Id: "a", Expression: "b" }, { Id: "b", Expression: "a" }] }, /circular/],
      [{ ...window, ScanBy: "Sideways", MetricDataQueries: [ok] }, /ScanBy/],
      [{ ...window, StartTime: "yesterday", MetricDataQueries: [ok] }, /not a valid timestamp/],
    ];
    for (const [input, message] of cases) {
      const e = await gmd(input).catch((x) => x);
      expect(e, String(message)).toBeInstanceOf(AwsError);
      expect(e.code).toBe("ValidationError");
      expect(e.status).toBe(400);
      expect(e.message).toMatch(message);
    }
  });

  it("accepts ISO-8601 strings (Query protocol) as well as epoch seconds (JSON 1.0)", async () => {
    const id = idOf("us-east-1", "orders-prod");
    const q = [stat(id, "TotalDPU", 300)];
    const a = await gmd({ StartTime: sec(anchor - HOUR_MS), EndTime: sec(anchor), MetricDataQueries: q });
    const b = await gmd({ StartTime: new Date(anchor - HOUR_MS).toISOString(), EndTime: new Date(anchor).toISOString(), MetricDataQueries: q });
    expect(b.MetricDataResults[0].Values).toEqual(a.MetricDataResults[0].Values);
    expect(a.MetricDataResults[0].Values).toHaveLength(12);
  });
});

describe("background pre-computation", () => {
  it("warms the hourly aggregates of every cluster, and answers meanwhile", async () => {
    expect(cw.warm.clusters).toBe(dsql.all().length);
    const id = idOf("us-east-1", "orders-prod");
    // A read while warming works and agrees with the warmed cache afterwards.
    const q = { StartTime: sec(anchor - 7 * DAY_MS), EndTime: sec(anchor), MetricDataQueries: [stat(id, "TotalDPU", 86_400)] };
    const during = await gmd(q);
    await vi.waitFor(() => expect(cw.warm.done).toBe(cw.warm.clusters), { timeout: 30_000, interval: 50 });
    const after = await gmd(q);
    expect(after.MetricDataResults[0].Values).toEqual(during.MetricDataResults[0].Values);
    expect(after.MetricDataResults[0].Values).toHaveLength(7);
  });
});

describe("ListMetrics", () => {
  it("pages 500 metrics at a time and filters by dimension name alone", async () => {
    // 40 single-region clusters per region: 13 DSQL metrics and 3 AWS/Usage metrics each.
    const fleet = new DsqlService(clock, generatedFleet(120), anchor);
    const service = new CloudWatchService(clock, fleet, anchor);
    type Page = { Metrics: { MetricName: string; Dimensions: { Value: string }[] }[]; NextToken?: string };
    const list = async (input: Record<string, unknown>, region: string) => {
      const pages: Page[] = [];
      let token: string | undefined;
      do {
        const out = (await service.call("ListMetrics", { ...input, NextToken: token }, region)) as Page;
        pages.push(out);
        token = out.NextToken;
      } while (token);
      return pages;
    };
    const dsqlPages = await list({ Namespace: "AWS/AuroraDSQL" }, "us-east-1");
    expect(dsqlPages.map((p) => p.Metrics.length)).toEqual([500, 20]);
    const keys = dsqlPages.flatMap((p) => p.Metrics.map((m) => `${m.Dimensions[0].Value}/${m.MetricName}`));
    expect(new Set(keys).size).toBe(520);
    const usage = await list({ Namespace: "AWS/Usage", Dimensions: [{ Name: "ResourceId" }] }, "eu-west-1");
    expect(usage.map((p) => p.Metrics.length)).toEqual([120]);
    const all = await list({}, "ap-northeast-1");
    expect(all.map((p) => p.Metrics.length)).toEqual([500, 140]);
    await expect(service.call("ListMetrics", { Namespace: "AWS/Usage", NextToken: dsqlPages[0].NextToken }, "us-east-1")).rejects.toMatchObject({ code: "InvalidNextToken" });
  });
});

describe("GetMetricStatistics and PutMetricData validation", () => {
  it("limits GetMetricStatistics to 1,440 datapoints", async () => {
    const id = idOf("us-east-1", "orders-prod");
    const e: AwsError = await cw
      .call("GetMetricStatistics", { Namespace: "AWS/AuroraDSQL", MetricName: "TotalDPU", Dimensions: [{ Name: "ClusterId", Value: id }], StartTime: sec(anchor - 2 * DAY_MS), EndTime: sec(anchor), Period: 60, Statistics: ["Sum"] }, "us-east-1")
      .then(() => new AwsError("None", "no error", 200), (x: AwsError) => x);
    expect(e).toMatchObject({ code: "InvalidParameterCombination", status: 400 });
    expect(e.message).toMatch(/2,880 datapoints, which exceeds the limit of 1,440/);
  });
  it("names the error structure in JSON 1.0 __type and keeps the Query-era code in x-amzn-query-error", () => {
    const r = json10Error(new AwsError("InvalidParameterValue", "bad", 400), "com.amazonaws.cloudwatch", cloudWatchErrorShape);
    expect(JSON.parse(r.body).__type).toBe("com.amazonaws.cloudwatch#InvalidParameterValueException");
    expect(r.headers["x-amzn-query-error"]).toBe("InvalidParameterValue;Sender");
    expect(cloudWatchErrorShape("ValidationError")).toBe("ValidationException");
    expect(cloudWatchErrorShape("ResourceNotFound")).toBe("ResourceNotFound");
  });
  it("refuses the AWS/ namespaces and inconsistent values", async () => {
    await expect(cw.call("PutMetricData", { Namespace: "AWS/AuroraDSQL", MetricData: [{ MetricName: "x", Value: 1 }] }, "us-east-1")).rejects.toMatchObject({ code: "InvalidParameterValue" });
    await expect(cw.call("PutMetricData", { Namespace: "App", MetricData: [{ MetricName: "x", Value: 1, Values: [1] }] }, "us-east-1")).rejects.toMatchObject({ code: "InvalidParameterCombination" });
    await expect(cw.call("PutMetricData", { Namespace: "App", MetricData: [{ MetricName: "x", Value: 1, Timestamp: sec(Date.now() - 15 * DAY_MS) }] }, "us-east-1")).rejects.toMatchObject({ code: "InvalidParameterValue" });
    await expect(cw.call("NoSuchAction", {}, "us-east-1")).rejects.toMatchObject({ code: "InvalidAction" });
  });
});
