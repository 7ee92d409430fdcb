import { describe, expect, it } from "vitest";
import { currentHour, DAY_MS, detectDpuSpike, HOUR_MS, latencyAboveBaseline, median, ratePct, sameHourSums, windowMean, windowSum } from "./baselines";

const P = 600_000;
const NOW = Date.UTC(2026, 10, 25, 16, 47);

/** 10-minute buckets over the last 8 days, valued by `f(t)`. */
function series(f: (t: number) => number | undefined, nowMs = NOW): [number, number][] {
  const out: [number, number][] = [];
  const end = Math.floor(nowMs / P) * P;
  for (let t = end - 8 * DAY_MS; t <= end; t += P) {
    const v = f(t);
    if (v !== undefined) out.push([t, v]);
  }
  return out;
}

describe("the current hour", () => {
  it("is the last 60 minutes of complete buckets, ending where the bucket holding now starts", () => {
    const w = currentHour(NOW, 600);
    expect(new Date(w.endMs).toISOString()).toBe("2026-11-25T16:40:00.000Z");
    expect(w.endMs - w.startMs).toBe(HOUR_MS);
  });

  it("never spans less than one period", () => {
    const w = currentHour(NOW, 7200);
    expect(w.endMs - w.startMs).toBe(7200_000);
  });
});

describe("window statistics", () => {
  it("median of odd and even counts, null for none", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it("sums counters and averages gauges over the datapoints present", () => {
    const w = { startMs: 0, endMs: 3 * P };
    const pts: [number, number][] = [
      [0, 1],
      [P, 2],
      [3 * P, 100],
    ];
    expect(windowSum(pts, w)).toBe(3);
    expect(windowMean(pts, w)).toBe(1.5);
    expect(windowMean([], w)).toBeNull();
  });

  it("takes the OCC rate of the hour as a ratio of sums, not a mean of bucket rates", () => {
    const w = { startMs: 0, endMs: 2 * P };
    const occ: [number, number][] = [
      [0, 1],
      [P, 50],
    ];
    const tx: [number, number][] = [
      [0, 10],
      [P, 990],
    ];
    // Mean of rates would be (10 % + 5.05 %) / 2; the hour's rate is 51 / 1000.
    expect(ratePct(occ, tx, w).ratePct).toBeCloseTo(5.1, 6);
    expect(ratePct(occ, tx, w, 2000).ratePct).toBeNull();
  });
});

describe("DPU spike: the current hour against the same hour on the previous 7 days", () => {
  const w = currentHour(NOW, 600);
  // A daily cycle: the same hour of day always has the same load, other hours differ a lot.
  const daily = (t: number) => 100 + 50 * Math.sin((2 * Math.PI * (t % DAY_MS)) / DAY_MS);

  it("stays quiet on a steady daily cycle even when the hour is the daily peak", () => {
    const v = detectDpuSpike(series(daily), w);
    expect(v.days).toBe(7);
    expect(v.ratio).toBeCloseTo(1, 6);
    expect(v.spike).toBe(false);
  });

  it("flags six times the usual load", () => {
    const v = detectDpuSpike(
      series((t) => daily(t) * (t >= w.startMs ? 6 : 1)),
      w,
    );
    expect(v.ratio).toBeGreaterThan(5.9);
    expect(v.spike).toBe(true);
    expect(v.current).toBeCloseTo(windowSum(series(daily), w) * 6, 6);
  });

  it("uses the median, so one earlier spike at the same hour does not hide today's", () => {
    const yesterday = { startMs: w.startMs - DAY_MS, endMs: w.endMs - DAY_MS };
    const v = detectDpuSpike(
      series((t) => daily(t) * (t >= w.startMs || (t >= yesterday.startMs && t < yesterday.endMs) ? 6 : 1)),
      w,
    );
    expect(v.spike).toBe(true);
  });

  it("needs an absolute floor: a tiny cluster tripling its DPUs is not a spike", () => {
    const v = detectDpuSpike(
      series((t) => (t >= w.startMs ? 3 : 1)),
      w,
    );
    expect(v.ratio).toBeCloseTo(3, 6);
    expect(v.spike).toBe(false);
  });

  it("gives no verdict without 3 days of history (a new cluster), and leaves out days before creation", () => {
    const created = w.startMs - 2 * DAY_MS - 1;
    const v = detectDpuSpike(
      series((t) => (t >= w.startMs ? 600 : t >= created ? 100 : 0)),
      w,
      created,
    );
    expect(v.days).toBe(2);
    expect(v.baseline).toBeNull();
    expect(v.spike).toBe(false);
    expect(
      sameHourSums(
        series(() => 1),
        w,
        created,
      ).map((d) => d.day),
    ).toEqual([1, 2]);
  });

  it("flags load on a cluster that was silent at this hour every day", () => {
    const v = detectDpuSpike(
      series((t) => (t >= w.startMs ? 500 : 0)),
      w,
    );
    expect(v.ratio).toBe(Infinity);
    expect(v.spike).toBe(true);
  });
});

describe("CommitLatency against its 7-day median", () => {
  const w = currentHour(NOW, 600);

  it("flags a doubling", () => {
    const v = latencyAboveBaseline(
      series((t) => (t >= w.startMs ? 16 : 8)),
      w,
    );
    expect(v.baseline).toBe(8);
    expect(v.current).toBe(16);
    expect(v.above).toBe(true);
  });

  it("ignores a small absolute rise even at a large ratio (noise on a fast cluster)", () => {
    expect(
      latencyAboveBaseline(
        series((t) => (t >= w.startMs ? 2.5 : 1)),
        w,
      ).above,
    ).toBe(false);
  });

  it("ignores an ordinary daily peak", () => {
    const v = latencyAboveBaseline(
      series((t) => 8 + 2 * Math.cos((2 * Math.PI * ((t - w.startMs) % DAY_MS)) / DAY_MS)),
      w,
    );
    expect(v.above).toBe(false);
  });

  it("gives no verdict without enough history or without a current value", () => {
    expect(
      latencyAboveBaseline(
        series((t) => (t >= w.startMs - 3 * HOUR_MS ? 20 : undefined)),
        w,
      ).baseline,
    ).toBeNull();
    expect(
      latencyAboveBaseline(
        series((t) => (t < w.startMs ? 8 : undefined)),
        w,
      ),
    ).toMatchObject({ current: null, above: false });
  });
});
