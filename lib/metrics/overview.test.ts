import { describe, expect, it } from "vitest";
import { TtlCache } from "../cache";
import { createMetricsEngine } from "./engine";
import { lastHourPeriod, regionUsage } from "./overview";
import { fakeCloudWatch } from "./testing";

const month = Date.UTC(2026, 10, 1);

describe("lastHourPeriod", () => {
  it("splits the month into 'so far' and about the last hour, on 5-minute boundaries", () => {
    const now = Date.UTC(2026, 10, 25, 14, 7, 31);
    const p = lastHourPeriod(month, now);
    expect(p % 300).toBe(0);
    const boundary = month + p * 1000;
    expect(now - boundary).toBeGreaterThanOrEqual(3_600_000);
    expect(now - boundary).toBeLessThan(3_900_000);
  });

  it("uses plain hours early in the month", () => {
    expect(lastHourPeriod(month, month + 90 * 60_000)).toBe(3600);
  });
});

describe("regionUsage", () => {
  it("reads DPU today, month to date and the last hour's OCC rate in one call, two OCC points per cluster", async () => {
    const now = Date.UTC(2026, 10, 25, 14, 7, 31);
    const fake = fakeCloudWatch({ value: (metric, _d, t, period) => (metric === "OccConflicts" ? (t > now - 2 * 3_600_000 ? 8 : 1) * period : metric === "ClusterStorageSize" ? 2 ** 30 : 100 * period) });
    const engine = createMetricsEngine({ send: fake.send, now: () => now, cache: new TtlCache(10, () => now) });
    const ids = ["a".repeat(26), "b".repeat(26)];
    const r = await regionUsage({ account: "123456789012", region: "us-east-1" }, ids, { engine, nowMs: now, thresholdPct: 5, prices: {} });
    expect(fake.calls).toHaveLength(1);
    const occQuery = fake.calls[0].input.MetricDataQueries!.find((q) => q.MetricStat?.Metric?.MetricName === "OccConflicts")!;
    expect(occQuery.MetricStat!.Period).toBe(lastHourPeriod(month, now));
    const a = r.clusters[0];
    // 100 DPU a second: today since midnight, 24 full days + today for the month.
    expect(a.dpuToday).toBeCloseTo(100 * 86_400);
    expect(a.mtd.dpu).toBeCloseTo(100 * 86_400 * 25);
    expect(a.mtd.total).toBeCloseTo((a.mtd.dpu * 8) / 1e6 + a.mtd.gbMonths * 0.33, 6);
    // 8 conflicts per 100 transactions in the last hour: 8 %, red at a 5 % threshold.
    expect(a.occ.ratePct).toBeCloseTo(8);
    expect(a.occ.state).toBe("alarm");
  });
});
