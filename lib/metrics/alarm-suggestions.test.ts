import { describe, expect, it } from "vitest";
import { suggestFrom } from "./alarm-suggestions";

describe("alarm threshold suggestions", () => {
  it("grounds each threshold in the cluster's own week, per 5 minutes whatever the period read", () => {
    const dpu = Array.from({ length: 1008 }, (_, i) => (i === 5 ? 5000 : 100)); // 10-minute periods
    const s = suggestFrom({ dpu, timeouts: [0, 0, 4, 0], latencyMs: Array.from({ length: 100 }, (_, i) => i + 1), periodS: 600 });
    // p99 of 10-minute DPUs is 100, i.e. 50 per 5 minutes; 3 × that.
    expect(s.dpu).toEqual({ value: 150, grounds: "3 × the 99th percentile of the last 7 days in 10-minute periods (50 DPU per 5 minutes)" });
    expect(s.timeouts.value).toBe(2);
    expect(s.timeouts.grounds).toMatch(/most timeouts in 5 minutes/);
    expect(s.latency).toEqual({ value: 149, grounds: "1.5 × the 99th percentile of 5-minute averages over the last 7 days in 10-minute periods (99 ms)" });
  });

  it("suggests a floor for a quiet cluster, and says why", () => {
    const s = suggestFrom({ dpu: [], timeouts: [], latencyMs: [], periodS: 300 });
    expect(s.dpu.value).toBe(1);
    expect(s.timeouts).toEqual({ value: 1, grounds: "no timeout over the last 7 days in 5-minute periods: any timeout is news" });
    expect(s.latency.value).toBe(10);
  });
});
