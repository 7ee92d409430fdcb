import { beforeEach, describe, expect, it } from "vitest";
import { demoScenario } from "./fleet";
import { CH, CHANNELS, HOUR_MS, MINUTE_MS, minuteValues, READ_DPU_PER_BYTE, WRITE_DPU_PER_BYTE, type MetricSource } from "./metrics";
import { aggregate, clearMetricCache, samples } from "./metric-cache";

const anchorMs = Date.UTC(2026, 10, 25, 12);
const seeds = demoScenario().clusters;
function source(name: string, region: string, over: Partial<MetricSource> = {}): MetricSource {
  const c = seeds.find((x) => x.name === name && x.region === region)!;
  return {
    key: `arn/${region}/${name}`,
    identifier: c.identifier,
    region,
    profile: c.profile,
    anchorMs,
    dataFromMs: anchorMs - 300 * 24 * HOUR_MS,
    dataUntilMs: Infinity,
    peers: c.peers ? 1 : 0,
    ...over,
  };
}
const values = (src: MetricSource, minute: number) => {
  const out = new Float64Array(CHANNELS);
  minuteValues(src, minute, out);
  return out;
};
const minuteOf = (ms: number) => Math.floor(ms / MINUTE_MS);

beforeEach(() => clearMetricCache());

describe("metric functions of time", () => {
  const orders = source("orders-prod", "us-east-1");

  it("are pure: the same cluster and minute give the same values", () => {
    const m = minuteOf(anchorMs) - 1234;
    expect([...values(orders, m)]).toEqual([...values({ ...orders }, m)]);
    expect(values(orders, m)[CH.TotalTransactions]).not.toBe(values(orders, m + 1)[CH.TotalTransactions]);
  });

  it("derive the DPUs from bytes and compute time with the published formulas, TotalDPU being their sum", () => {
    const v = values(orders, minuteOf(anchorMs) - 500);
    expect(v[CH.WriteDPU]).toBeCloseTo(Math.max(v[CH.BytesWritten], 1024) * WRITE_DPU_PER_BYTE, 9);
    expect(v[CH.ReadDPU]).toBeCloseTo(Math.max(v[CH.BytesRead], 2048) * READ_DPU_PER_BYTE, 9);
    expect(v[CH.ComputeDPU]).toBeCloseTo(v[CH.ComputeTime] / 1000, 9);
    expect(v[CH.MultiRegionWriteDPU]).toBeCloseTo(v[CH.WriteDPU], 9);
    expect(v[CH.TotalDPU]).toBeCloseTo(v[CH.ComputeDPU] + v[CH.ReadDPU] + v[CH.WriteDPU] + v[CH.MultiRegionWriteDPU], 9);
    expect(v[CH.ReadOnlyTransactions]).toBeLessThanOrEqual(v[CH.TotalTransactions]);
  });

  it("follow a daily cycle and quieter weekends", () => {
    // orders-prod peaks at 15:00 UTC; compare the hour sums at the peak and 12 hours later on a weekday.
    const wed = Date.UTC(2026, 10, 25);
    const hourSum = (startMs: number) => aggregate(orders, CH.TotalTransactions, startMs, startMs + HOUR_MS, Infinity).sum;
    expect(hourSum(wed + 15 * HOUR_MS)).toBeGreaterThan(2.5 * hourSum(wed + 3 * HOUR_MS));
    const sat = Date.UTC(2026, 10, 28);
    expect(hourSum(sat + 15 * HOUR_MS)).toBeLessThan(0.8 * hourSum(wed + 15 * HOUR_MS));
  });

  it("show the incidents: OCC above 5 %, a DPU spike several times normal, a query-timeout burst", () => {
    const rate = (src: MetricSource, ms: number) => {
      const v = values(src, minuteOf(ms));
      return v[CH.OccConflicts] / v[CH.TotalTransactions];
    };
    expect(rate(orders, anchorMs - 30 * MINUTE_MS)).toBeGreaterThan(0.05);
    expect(rate(orders, anchorMs - 5 * HOUR_MS)).toBeLessThan(0.03);

    const payments = source("payments-eu", "eu-west-1");
    const dpu = (ms: number) => aggregate(payments, CH.TotalDPU, ms, ms + 30 * MINUTE_MS, Infinity).sum;
    // The same hour of the previous day, without the batch job.
    expect(dpu(anchorMs - 30 * MINUTE_MS)).toBeGreaterThan(3 * dpu(anchorMs - 24 * HOUR_MS - 30 * MINUTE_MS));

    const reporting = source("reporting-eu", "eu-west-1");
    const timeouts = (ms: number) => aggregate(reporting, CH.QueryTimeouts, ms, ms + HOUR_MS, Infinity).sum;
    expect(timeouts(anchorMs - 2 * HOUR_MS)).toBeGreaterThan(20 * 60 * 0.8);
    expect(timeouts(anchorMs - 48 * HOUR_MS)).toBeLessThan(60);
  });

  it("emit nothing for idle clusters, before creation, after deletion, or for minutes not yet over", () => {
    const idle = source("analytics-dev", "us-east-1");
    expect(aggregate(idle, CH.TotalDPU, anchorMs - HOUR_MS, anchorMs, Infinity).count).toBe(0);
    const young = { ...orders, key: "young", dataFromMs: anchorMs - 30 * MINUTE_MS };
    expect(aggregate(young, CH.TotalDPU, anchorMs - HOUR_MS, anchorMs, Infinity).count).toBe(30);
    const gone = { ...orders, key: "gone", dataUntilMs: anchorMs - 50 * MINUTE_MS };
    expect(aggregate(gone, CH.TotalDPU, anchorMs - HOUR_MS, anchorMs, Infinity).count).toBe(10);
    expect(aggregate(orders, CH.TotalDPU, anchorMs - HOUR_MS, anchorMs + HOUR_MS, anchorMs + 90_000).count).toBe(61);
  });

  it("aggregate whole hours from the cache exactly as minute by minute", () => {
    const start = anchorMs - 3 * HOUR_MS - 17 * MINUTE_MS;
    const end = anchorMs - 7 * MINUTE_MS;
    for (const ch of [CH.TotalTransactions, CH.CommitLatency, CH.ClusterStorageSize, CH.TotalDPU]) {
      const xs = samples(orders, ch, start, end, Infinity);
      const a = aggregate(orders, ch, start, end, Infinity);
      const b = aggregate(orders, ch, start, end, Infinity); // second time from the cache
      for (const agg of [a, b]) {
        expect(agg.count).toBe(xs.length);
        expect(agg.sum).toBeCloseTo(
          xs.reduce((x, y) => x + y, 0),
          6,
        );
        expect(agg.min).toBe(Math.min(...xs));
        expect(agg.max).toBe(Math.max(...xs));
      }
    }
  });
});
