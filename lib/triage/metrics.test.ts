import { describe, expect, it } from "vitest";
import { TtlCache } from "../cache";
import { createMetricsEngine } from "../metrics/engine";
import { fakeCloudWatch } from "../metrics/testing";
import { DAY_MS, HOUR_MS } from "./baselines";
import { regionMetricFacts, triageWindows } from "./metrics";

const scope = { account: "123456789012", region: "us-east-1" };
const start = Date.UTC(2026, 11, 4, 9, 3, 0);
const cluster = { identifier: `c${"0".repeat(25)}`, createdMs: start - 60 * DAY_MS };

describe("triage metrics", () => {
  it("reads the 7-day baselines once an hour and only the recent window each minute", async () => {
    const fake = fakeCloudWatch();
    const clock = { t: start };
    const engine = createMetricsEngine({ send: fake.send, now: () => clock.t, cache: new TtlCache(100, () => clock.t), maxOpenMs: 600_000 });
    const spanOf = (c: (typeof fake.calls)[number]) => (c.input.EndTime as Date).getTime() - (c.input.StartTime as Date).getTime();
    for (let minute = 0; minute < 60; minute++) {
      clock.t = start + minute * 60_000;
      await regionMetricFacts(scope, [cluster], { engine, nowMs: clock.t, thresholdPct: 5 });
    }
    const baselineCalls = fake.calls.filter((c) => spanOf(c) > DAY_MS);
    const recentCalls = fake.calls.filter((c) => spanOf(c) <= 2 * HOUR_MS);
    // 09:03 to 10:02: the clock hour changes once, at 10:00.
    expect(baselineCalls).toHaveLength(2);
    // The recent window's answer is kept a minute (10-minute buckets: a tenth of the period, at least a minute).
    expect(recentCalls).toHaveLength(60);
    expect(baselineCalls.length + recentCalls.length).toBe(fake.calls.length);
  });

  it("joins the two windows without a gap or an overlap, so a spike against the same hour on earlier days is still seen", async () => {
    const { baseline, recent } = triageWindows(start);
    expect(baseline.endMs).toBe(recent.startMs);
    expect(recent.startMs).toBe(Date.UTC(2026, 11, 4, 8, 0, 0));
    // TotalDPU is 100 per bucket on earlier days and 10,000 in the last two hours.
    const fake = fakeCloudWatch({ value: (metric, _d, t) => (metric === "TotalDPU" ? (t >= start - 2 * HOUR_MS ? 10_000 : 100) : metric === "OccConflicts" ? 0 : 100) });
    const engine = createMetricsEngine({ send: fake.send, now: () => start, cache: new TtlCache(100, () => start), maxOpenMs: 600_000 });
    const facts = await regionMetricFacts(scope, [cluster], { engine, nowMs: start, thresholdPct: 5 });
    const signals = facts.byCluster.get(cluster.identifier)!.signals;
    const spike = signals.find((s) => s.kind === "dpuSpike");
    expect(spike, JSON.stringify(signals)).toBeDefined();
    // Six 10-minute buckets of the current hour at 10,000 each, against 600 on each earlier day.
    expect(spike!.evidence.value).toBe(60_000);
    expect(spike!.evidence.baseline).toBe(600);
    expect(facts.freshUntil).toBe(start + 60_000);
  });
});
