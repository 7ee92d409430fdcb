import { describe, expect, it } from "vitest";
import { TtlCache } from "../cache";
import { answerMaxAgeMs, CLOSED_TTL_MS, createMetricsEngine, PUBLISH_LAG_MS, type EngineOptions, type MetricsQuery } from "./engine";
import type { Loaded, SharedAnswers } from "./answer";
import { fakeCloudWatch } from "./testing";

const H = 3_600_000;
const now = Date.UTC(2026, 10, 25, 14, 0, 30);
const id = (i: number) => `c${String(i).padStart(25, "0")}`;
const lastHour = { startMs: now - H, endMs: now };

function engine(fake: ReturnType<typeof fakeCloudWatch>, clock = { t: now }, more: Partial<EngineOptions> = {}) {
  return createMetricsEngine({ send: fake.send, now: () => clock.t, cache: new TtlCache(100, () => clock.t), maxOpenMs: 600_000, ...more });
}

const fleetQuery = (n: number, region = "us-east-1"): MetricsQuery => ({
  account: "123456789012",
  region,
  window: lastHour,
  series: Array.from({ length: n }, (_, i) => [
    { cluster: id(i), metric: "TotalDPU" as const },
    { cluster: id(i), metric: "OccRate" as const },
  ]).flat(),
});

describe("metrics engine", () => {
  it("answers with domain series computed by CloudWatch, in request order", async () => {
    const fake = fakeCloudWatch();
    const r = await engine(fake).fetch(fleetQuery(2));
    expect(r.series.map((s) => s.metric)).toEqual(["TotalDPU", "OccRate", "TotalDPU", "OccRate"]);
    const occ = r.series[1];
    expect(occ.id).toBe(`${id(0)}:OccRate@60`);
    expect(occ.unit).toBe("percent");
    expect(occ.points.length).toBeGreaterThan(0);
    expect(occ.points.every(([, v]) => v === 2)).toBe(true);
    expect(r.calls).toBe(1);
    expect(r.queries).toBe(8);
    expect(fake.calls[0].input.ScanBy).toBe("TimestampAscending");
  });

  it("makes ceil(queries / 500) calls per region", async () => {
    const fake = fakeCloudWatch();
    const r = await engine(fake).fetch(fleetQuery(300)); // 300 × (dpu + occ + tx + rate) = 1200 queries
    expect(r.queries).toBe(1200);
    expect(fake.calls).toHaveLength(3);
    expect(fake.calls.every((c) => c.input.MetricDataQueries!.length <= 500)).toBe(true);
  });

  it("follows every NextToken and merges the pages", async () => {
    const fake = fakeCloudWatch({ pageSize: 7 });
    const r = await engine(fake).fetch({ account: "123456789012", region: "us-east-1", window: lastHour, series: [{ cluster: id(1), metric: "BytesRead" }] });
    expect(fake.calls.length).toBeGreaterThan(1);
    expect(fake.calls[1].input.NextToken).toBe("1");
    expect(r.series[0].status).toBe("complete");
    const ts = r.series[0].points.map(([t]) => t);
    expect(new Set(ts).size).toBe(ts.length);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
    expect(r.series[0].points.length).toBeGreaterThanOrEqual(60);
  });

  it("coalesces identical concurrent requests into one set of calls", async () => {
    const fake = fakeCloudWatch({ delayMs: 20 });
    const e = engine(fake);
    const results = await Promise.all(Array.from({ length: 10 }, () => e.fetch(fleetQuery(150))));
    expect(fake.calls).toHaveLength(2);
    expect(results.filter((r) => !r.cached)).toHaveLength(1);
    expect(results[9].series).toEqual(results[0].series);
  });

  it("keeps a 1-minute answer for a minute", async () => {
    const fake = fakeCloudWatch();
    const clock = { t: now };
    const e = engine(fake, clock);
    const q = fleetQuery(1);
    await e.fetch(q);
    clock.t += 30_000;
    await e.fetch(q);
    expect(fake.calls).toHaveLength(1);
    clock.t += 31_000; // 61 s after the load: older than the 60 s period
    await e.fetch(q);
    expect(fake.calls).toHaveLength(2);
  });

  it("keeps an answer a tenth of its finest period: a 1-hour panel is read every 6 minutes, not every minute", async () => {
    const fake = fakeCloudWatch();
    const clock = { t: now };
    const e = engine(fake, clock);
    const q: MetricsQuery = { account: "123456789012", region: "us-east-1", window: { startMs: now - 7 * 24 * H, endMs: now }, series: [{ cluster: id(1), metric: "TotalDPU", period: 3600 }] };
    const first = await e.fetch(q);
    expect(first.freshUntil).toBe(now + 360_000);
    for (let i = 0; i < 5; i++) {
      clock.t += 60_000;
      expect((await e.fetch(q)).cached).toBe(true);
    }
    expect(fake.calls).toHaveLength(1);
    clock.t += 61_000;
    await e.fetch(q);
    expect(fake.calls).toHaveLength(2);
  });

  it("never keeps an open window longer than the configured maximum, nor less than a minute", () => {
    const open = { startMs: now - 30 * 24 * H, endMs: now };
    expect(answerMaxAgeMs([86_400], open, now, 600_000)).toBe(600_000);
    expect(answerMaxAgeMs([86_400], open, now, 60_000)).toBe(60_000);
    expect(answerMaxAgeMs([60, 3600], open, now, 600_000)).toBe(60_000);
    expect(answerMaxAgeMs([600], open, now, 600_000)).toBe(60_000);
    expect(answerMaxAgeMs([1800], open, now, 600_000)).toBe(180_000);
  });

  it("keeps a closed window's answer for hours: its datapoints are final", async () => {
    const fake = fakeCloudWatch();
    const clock = { t: now };
    const e = engine(fake, clock, { maxOpenMs: 60_000 });
    const q: MetricsQuery = { account: "123456789012", region: "us-east-1", window: { startMs: now - 7 * 24 * H, endMs: now - 2 * H }, series: [{ cluster: id(1), metric: "TotalDPU", period: 600 }] };
    expect((await e.fetch(q)).freshUntil).toBe(now + CLOSED_TTL_MS);
    // A window that ends within the publishing delay is still open.
    expect(answerMaxAgeMs([600], { startMs: now - H, endMs: now - PUBLISH_LAG_MS + 1 }, now, 600_000)).toBe(60_000);
    clock.t += 5 * H;
    await e.fetch(q);
    expect(fake.calls).toHaveLength(1);
  });

  it("counts an answer read from another instance from when that instance loaded it", async () => {
    const fake = fakeCloudWatch();
    const clock = { t: now };
    const theirs: Loaded = { byKey: new Map(), messages: [], calls: 1, queries: 2, loadedAt: now - 50_000 };
    const shared: SharedAnswers = { get: async () => (clock.t < now + 10_000 ? theirs : undefined), claim: async () => true, put: async () => {} };
    const e = engine(fake, clock, { shared });
    const q = fleetQuery(1);
    const r = await e.fetch(q);
    expect(r.cached).toBe(true);
    expect(r.freshUntil).toBe(now + 10_000);
    expect(fake.calls).toHaveLength(0);
    // Ten seconds on, the local copy has expired with the shared one: this instance asks CloudWatch.
    clock.t += 11_000;
    expect((await e.fetch(q)).cached).toBe(false);
    expect(fake.calls).toHaveLength(1);
  });

  it("reads a missing counter datapoint as zero, but leaves gauge gaps alone", async () => {
    // An idle cluster: no datapoints at all.
    const fake = fakeCloudWatch({ value: () => undefined });
    const r = await engine(fake).fetch({
      account: "123456789012",
      region: "us-east-1",
      window: lastHour,
      series: [
        { cluster: id(1), metric: "TotalDPU" },
        { cluster: id(1), metric: "ClusterStorageSize" },
        { cluster: id(1), metric: "OccRate" },
      ],
    });
    const [dpu, storage, occ] = r.series;
    expect(dpu.status).toBe("complete");
    expect(dpu.points.length).toBeGreaterThanOrEqual(56);
    expect(dpu.points.every(([, v]) => v === 0)).toBe(true);
    // Zero-filled only for buckets that ended a publishing delay ago: the newest ones are unknown.
    expect(dpu.points.at(-1)![0] + 60_000).toBeLessThanOrEqual(now - PUBLISH_LAG_MS);
    expect(dpu.points.at(-1)![0] + 60_000).toBeGreaterThan(now - PUBLISH_LAG_MS - 60_000);
    expect(storage.points).toEqual([]);
    expect(occ.points).toEqual([]);
  });

  it("reports per-query errors instead of hiding them", async () => {
    const fake = fakeCloudWatch({ statusFor: (m) => (m === "CommitLatency" ? { StatusCode: "Forbidden", message: "not authorized to read this metric" } : undefined) });
    const r = await engine(fake).fetch({
      account: "123456789012",
      region: "us-east-1",
      window: lastHour,
      series: [
        { cluster: id(1), metric: "CommitLatency" },
        { cluster: id(1), metric: "TotalDPU" },
      ],
    });
    expect(r.series[0].status).toBe("error");
    expect(r.series[0].messages[0]).toMatch(/not authorized/);
    expect(r.series[1].status).toBe("complete");
  });

  it("does not cache failures", async () => {
    const fake = fakeCloudWatch({ fail: Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }) });
    const e = engine(fake);
    await expect(e.fetch(fleetQuery(1))).rejects.toThrow("Rate exceeded");
    await expect(e.fetch(fleetQuery(1))).rejects.toThrow("Rate exceeded");
    expect(fake.calls).toHaveLength(2);
  });

  it("raises the period for long ranges and aligns the window to it", async () => {
    const fake = fakeCloudWatch();
    const r = await engine(fake).fetch({ account: "123456789012", region: "us-east-1", window: { startMs: now - 30 * 24 * H, endMs: now }, series: [{ cluster: id(1), metric: "TotalDPU" }] });
    expect(r.series[0].period).toBe(1800);
    expect(r.series[0].points.length).toBeLessThanOrEqual(1500);
    expect(r.window.startMs % 1_800_000).toBe(0);
    expect((fake.calls[0].input.StartTime as Date).getTime()).toBe(r.window.startMs);
  });
});
