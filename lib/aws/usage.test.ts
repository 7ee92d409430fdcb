import { describe, expect, it } from "vitest";
import { dollarsOf } from "../watch-cost";
import { billedUnits, recordUsage, usageCounts } from "./usage";

describe("the cost of watching", () => {
  it("bills GetMetricData by the metrics it requests (expressions are free), anything else by the request", () => {
    const input = { MetricDataQueries: [{ Id: "a", MetricStat: {} }, { Id: "b", MetricStat: {} }, { Id: "r", Expression: "a / b" }] };
    expect(billedUnits("GetMetricData", input)).toEqual({ unit: "metrics", count: 2 });
    expect(billedUnits("DescribeAlarms", {})).toEqual({ unit: "requests", count: 1 });
  });

  it("counts per hour, service and API", () => {
    const t = Date.UTC(2030, 0, 1, 10, 59);
    recordUsage("cloudwatch", "GetMetricData", { MetricDataQueries: [{ MetricStat: {} }] }, t);
    recordUsage("cloudwatch", "GetMetricData", { MetricDataQueries: [{ MetricStat: {} }, { MetricStat: {} }] }, t + 30_000);
    recordUsage("cloudwatch", "GetMetricData", { MetricDataQueries: [{ MetricStat: {} }] }, t + 90_000);
    const mine = usageCounts("2030-01-01T00:00:00.000Z");
    expect(mine).toEqual([
      { hour: "2030-01-01T10:00:00.000Z", service: "cloudwatch", api: "GetMetricData", unit: "metrics", count: 3 },
      { hour: "2030-01-01T11:00:00.000Z", service: "cloudwatch", api: "GetMetricData", unit: "metrics", count: 1 },
    ]);
    // A process that runs for months keeps only the hours the About page can still read from it.
    recordUsage("cloudwatch", "ListMetrics", {}, t + 9 * 24 * 3_600_000);
    expect(usageCounts("2030-01-01T00:00:00.000Z").map((c) => c.api)).toEqual(["ListMetrics"]);
  });

  it("prices CloudWatch's paid reads only", () => {
    expect(dollarsOf({ service: "cloudwatch", api: "GetMetricData", unit: "metrics", count: 250_000 })).toBeCloseTo(2.5, 9);
    expect(dollarsOf({ service: "cloudwatch", api: "ListMetrics", unit: "requests", count: 1000 })).toBeCloseTo(0.01, 9);
    expect(dollarsOf({ service: "cloudwatch", api: "DescribeAlarms", unit: "requests", count: 1000 })).toBe(0);
    expect(dollarsOf({ service: "dsql", api: "ListClusters", unit: "requests", count: 1000 })).toBe(0);
  });
});
