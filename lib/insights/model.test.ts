import { describe, expect, it } from "vitest";
import { buildInsights, change, contentionOf, LABEL, type InsightSeries } from "./model";

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

  it("explains OCC contention: the measured rate, who waits in COMMIT, and the estimated DPUs of retried work", () => {
    const commits = [s("Commit", "COMMIT", "checkout", "r1", [3, 3, 3, 3]), s("Commit", "COMMIT", "sync", "r2", [1, 1, undefined, undefined]), ...series];
    const c = contentionOf({ window: w, series: commits, conflicts: 50, transactions: 1000, totalDpu: 2000 });
    expect(c.ratePct).toBe(5);
    expect(c.commitAas).toBeCloseTo(3.5);
    // 50 conflicts at 2 DPUs a transaction, shared by Commit waits (3 : 0.5).
    expect(c.retryDpu).toBe(100);
    expect(c.byApp.map((r) => [r.app, r.role])).toEqual([
      ["checkout", "r1"],
      ["sync", "r2"],
    ]);
    expect(c.byApp[0].share).toBeCloseTo(3 / 3.5);
    expect(c.byApp[0].estimatedRetryDpu).toBeCloseTo((100 * 3) / 3.5);
    expect(c.byApp[1].estimatedRetryDpu).toBeCloseTo((100 * 0.5) / 3.5);
    // Without CloudWatch's figures: who waits is still known, the cost is not.
    const unread = contentionOf({ window: w, series: commits });
    expect(unread.ratePct).toBeUndefined();
    expect(unread.byApp[0].estimatedRetryDpu).toBeUndefined();
    expect(contentionOf({ window: w, series: commits, conflicts: 0, transactions: 0, totalDpu: 0 }).ratePct).toBeUndefined();
  });
});
