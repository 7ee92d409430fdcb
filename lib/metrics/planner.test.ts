import { describe, expect, it } from "vitest";
import { minimumCalls, plan, planUnits, type SeriesSpec } from "./planner";

const window = { startMs: Date.UTC(2026, 10, 25), endMs: Date.UTC(2026, 10, 25, 1) };
const cluster = (i: number) => `c${String(i).padStart(25, "0")}`;

describe("planUnits", () => {
  it("puts an expression and its inputs together, inputs not returned unless asked for", () => {
    const units = planUnits([{ cluster: cluster(1), metric: "OccRate", period: 60 }]);
    expect(units).toHaveLength(1);
    const [occ, tx, rate] = units[0];
    expect([occ.metric, tx.metric, rate.metric]).toEqual(["OccConflicts", "TotalTransactions", "OccRate"]);
    expect(occ.returnData).toBe(false);
    expect(rate.inputs).toEqual([occ.key, tx.key]);
  });

  it("reuses a requested metric as the expression input instead of asking twice", () => {
    const units = planUnits([
      { cluster: cluster(1), metric: "TotalTransactions", period: 60 },
      { cluster: cluster(1), metric: "OccRate", period: 60 },
      { cluster: cluster(1), metric: "TotalTransactions", period: 60 },
    ]);
    const all = units.flat();
    expect(all).toHaveLength(3);
    expect(all.find((q) => q.metric === "TotalTransactions")!.returnData).toBe(true);
  });
});

describe("plan", () => {
  it("sends one call for up to 500 queries and builds valid ids and expressions", () => {
    const specs: SeriesSpec[] = [];
    for (let i = 0; i < 100; i++) specs.push({ cluster: cluster(i), metric: "TotalDPU", period: 60 }, { cluster: cluster(i), metric: "OccRate", period: 60 });
    const p = plan(specs, window);
    expect(p.queries).toHaveLength(400);
    expect(p.batches).toHaveLength(1);
    const q = p.batches[0].queries;
    expect(q.every((x) => /^[a-z][a-zA-Z0-9_]*$/.test(x.Id!))).toBe(true);
    expect(new Set(q.map((x) => x.Id)).size).toBe(q.length);
    const expr = q.find((x) => x.Expression)!;
    const [, a, b] = /^100 \* (\w+) \/ (\w+)$/.exec(expr.Expression!)!;
    const byId = new Map(q.map((x) => [x.Id, x]));
    expect(byId.get(a)!.MetricStat!.Metric!.MetricName).toBe("OccConflicts");
    expect(byId.get(b)!.MetricStat!.Metric!.MetricName).toBe("TotalTransactions");
    expect(byId.get(a)!.MetricStat!.Metric!.Dimensions).toEqual(byId.get(b)!.MetricStat!.Metric!.Dimensions);
    expect(byId.get(a)!.MetricStat!.Metric!.Dimensions).toEqual([{ Name: "ClusterId", Value: expect.stringMatching(/^c\d{25}$/) }]);
    expect(byId.get(a)!.MetricStat!.Stat).toBe("Sum");
  });

  it("batches at 500 with the minimum number of calls, expression inputs always in the expression's call", () => {
    for (const n of [167, 200, 333, 500, 1000]) {
      const specs: SeriesSpec[] = [];
      for (let i = 0; i < n; i++) specs.push({ cluster: cluster(i), metric: "OccRate", period: 60 }, { cluster: cluster(i), metric: "ClusterStorageSize", period: 60 });
      const p = plan(specs, window);
      expect(p.batches.length).toBe(minimumCalls(p.queries.length));
      for (const b of p.batches) {
        expect(b.queries.length).toBeLessThanOrEqual(500);
        const ids = new Set(b.queries.map((q) => q.Id));
        for (const q of b.queries) if (q.Expression) for (const id of q.Expression.match(/q\d+/g)!) expect(ids.has(id)).toBe(true);
      }
      expect(p.batches.reduce((s, b) => s + b.queries.length, 0)).toBe(n * 4);
    }
  });

  it("names a cluster's source account on its metric queries, expression inputs included, and only there", () => {
    const p = plan(
      [
        { account: "210987654321", cluster: cluster(1), metric: "OccRate", period: 300 },
        { cluster: cluster(2), metric: "TotalDPU", period: 300 },
      ],
      window,
    );
    const qs = p.batches[0].queries;
    const stats = qs.filter((q) => q.MetricStat);
    expect(stats.filter((q) => q.AccountId === "210987654321").map((q) => q.MetricStat!.Metric!.MetricName).sort()).toEqual(["OccConflicts", "TotalTransactions"]);
    expect(stats.find((q) => q.MetricStat!.Metric!.Dimensions![0].Value === cluster(2))!.AccountId).toBeUndefined();
    // The expression reads its inputs where they are: it names no account itself.
    expect(qs.find((q) => q.Expression)!.AccountId).toBeUndefined();
  });

  it("uses the right statistic per metric", () => {
    const p = plan(
      (["TotalDPU", "ClusterStorageSize", "CommitLatency", "Connections"] as const).map((metric) => ({ cluster: cluster(1), metric, period: 60 })),
      window,
    );
    const stat = Object.fromEntries(p.batches[0].queries.map((q) => [q.MetricStat!.Metric!.MetricName, q.MetricStat!.Stat]));
    expect(stat).toEqual({ TotalDPU: "Sum", ClusterStorageSize: "Maximum", CommitLatency: "Average", ResourceCount: "Maximum" });
    const conn = p.batches[0].queries.find((q) => q.MetricStat!.Metric!.Namespace === "AWS/Usage")!;
    expect(conn.MetricStat!.Metric!.Dimensions).toContainEqual({ Name: "ResourceId", Value: `cluster/${cluster(1)}` });
  });

  it("keeps each call under the datapoint cap", () => {
    // 400 one-minute series over 24 h = 576,000 points: more than fits in one call.
    const day = { startMs: window.startMs, endMs: window.startMs + 86_400_000 };
    const specs: SeriesSpec[] = Array.from({ length: 400 }, (_, i) => ({ cluster: cluster(i), metric: "TotalDPU", period: 60 }));
    const p = plan(specs, day);
    expect(p.batches.every((b) => b.datapoints <= 100_800)).toBe(true);
    expect(p.batches.length).toBe(Math.ceil((400 * 1440) / 100_800));
  });
});
