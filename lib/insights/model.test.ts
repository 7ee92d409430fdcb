import { describe, expect, it } from "vitest";
import { buildInsights, change, LABEL, type InsightSeries } from "./model";

const M = 60_000;
const w = { startMs: 0, endMs: 3 * M, stepMs: M }; // four steps: 0, 1, 2, 3 min
const s = (wait: string, statement: string, app: string | undefined, role: string, values: (number | undefined)[]): InsightSeries => ({
  labels: { [LABEL.wait]: wait, [LABEL.statement]: statement, ...(app && { [LABEL.app]: app }), [LABEL.role]: role },
  points: values.flatMap((v, i) => (v === undefined ? [] : [[i * M, v] as [number, number]])),
});
const series = [
  s("OnCpu", "SELECT 1", "api", "r1", [1, 1, 1, 1]),
  s("SequentialScanRead", "SELECT big", "reports", "r2", [4, 3, undefined, undefined]),
  s("ClientRead", "SELECT 1", "worker", "r3", [2, 2, 2, 2]),
  s("OnCpu", "SELECT big", undefined, "r2", [0.5, 0.5, 0.5, 0.5]),
];

describe("Database Insights model", () => {
  const ins = buildInsights({ window: w, series, dayBefore: [s("", "SELECT big", undefined, "r2", [1])], computeDpu: 100 });

  it("stacks the load by wait event per step, largest wait first", () => {
    expect(ins.waits).toEqual(["ClientRead", "SequentialScanRead", "OnCpu"]);
    expect(ins.timeline[0]).toEqual({ t: 0, byWait: { OnCpu: 1.5, SequentialScanRead: 4, ClientRead: 2 } });
    expect(ins.timeline[3].byWait.SequentialScanRead).toBeUndefined();
    // Steps without a sample count as zero: the scan averages 1.75 over the four steps.
    expect(ins.totalAas).toBeCloseTo(1.5 + 1.75 + 2);
  });

  it("ranks statements, applications and roles, beside the earlier windows", () => {
    expect(ins.top.statement.map((r) => [r.key, r.aas, r.dayBefore])).toEqual([
      ["SELECT 1", 3, undefined],
      ["SELECT big", 2.25, 1],
    ]);
    expect(ins.top.app.map((r) => r.key)).toEqual(["worker", "reports", "api", ""]);
    expect(ins.top.role[0]).toMatchObject({ key: "r2", aas: 2.25, waits: { SequentialScanRead: 1.75, OnCpu: 0.5 } });
    expect(change(2.5, 1)).toBe(1.5);
    expect(change(1, undefined)).toBeUndefined();
  });

  it("finds the sessions idle in transaction and ascribes them their share of compute", () => {
    expect(ins.leaks).toEqual([{ app: "worker", role: "r3", aas: 2, sessionSeconds: 360, estimatedDpu: (100 * 2) / 5.25 }]);
    expect(buildInsights({ window: w, series }).leaks[0].estimatedDpu).toBeUndefined();
  });
});
