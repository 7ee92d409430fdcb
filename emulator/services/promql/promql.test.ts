import { describe, expect, it } from "vitest";
import { evaluate, type RawSeries, type SeriesSource } from "./evaluate";
import { matchesAll } from "./index";
import { parsePromQL, PromQLError } from "./parse";

const M = 60_000;
const name = "db.active_sessions.avg";
/** Three series sampled every minute from t=0 to t=10 min: a ramp, a constant and a gap. */
const data: RawSeries[] = [
  { labels: { __name__: name, app: "a", wait: "OnCpu" }, times: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((m) => m * M), values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
  { labels: { __name__: name, app: "b", wait: "OnCpu" }, times: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((m) => m * M), values: Array(11).fill(2) },
  { labels: { __name__: name, app: "b", wait: "Commit" }, times: [0, 1].map((m) => m * M), values: [5, 5] },
  { labels: { __name__: "other", app: "a" }, times: [0], values: [100] },
];
const source: SeriesSource = {
  select: (ms, from, to) =>
    data
      .filter((s) => matchesAll(s.labels, ms))
      .map((s) => {
        const keep = s.times.map((t, i) => [t, s.values[i]]).filter(([t]) => t > from && t <= to);
        return { labels: s.labels, times: keep.map((k) => k[0]), values: keep.map((k) => k[1]) };
      }),
};
const at = (query: string, tMin: number) => evaluate(parsePromQL(query), source, { startMs: tMin * M, endMs: tMin * M, stepMs: M });
const vec = (query: string, tMin: number) => {
  const v = at(query, tMin);
  if (v.kind !== "vector") throw new Error("expected a vector");
  return Object.fromEntries(v.series.map((s) => [JSON.stringify(s.labels), s.values[0]]));
};

describe("PromQL parsing (the Prometheus grammar)", () => {
  it("reads CloudWatch's quoted UTF-8 names, scoped labels, ranges and offsets", () => {
    const e = parsePromQL(`avg_over_time({"db.active_sessions.avg", "@resource.aws.auroradsql.cluster_id"=~"ab.*"}[5m] offset 1d)`);
    expect(e).toEqual({
      kind: "call",
      fn: "avg_over_time",
      args: [
        {
          kind: "selector",
          matchers: [
            { name: "__name__", op: "=", value: "db.active_sessions.avg" },
            { name: "@resource.aws.auroradsql.cluster_id", op: "=~", value: "ab.*" },
          ],
          offsetMs: 86_400_000,
          rangeMs: 300_000,
        },
      ],
    });
  });

  it("reads aggregations with their grouping either side, and operator precedence", () => {
    const a = parsePromQL(`sum by ("db.wait.event", app) (x)`);
    const b = parsePromQL(`sum(x) by ("db.wait.event", app)`);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ kind: "agg", op: "sum", by: ["db.wait.event", "app"] });
    expect(parsePromQL("1 + 2 * 3")).toMatchObject({ kind: "binary", op: "+", rhs: { kind: "binary", op: "*" } });
  });

  it("refuses broken queries with a position, and shapes it does not evaluate", () => {
    expect(() => parsePromQL("sum(")).toThrow(/parse error/);
    expect(() => parsePromQL("")).toThrow(PromQLError);
    expect(() => parsePromQL('x{a=~"("}')).toThrow(/regular expression/);
    expect(() => parsePromQL("x[5m:1m]")).toThrow(/not supported/);
  });
});

describe("PromQL evaluation", () => {
  it("selects the latest sample within the 5-minute lookback, and nothing after it", () => {
    expect(vec(`{"${name}", app="b"}`, 4)).toEqual({
      [JSON.stringify({ __name__: name, app: "b", wait: "OnCpu" })]: 2,
      [JSON.stringify({ __name__: name, app: "b", wait: "Commit" })]: 5,
    });
    // The Commit series' last sample is at 1 min: still seen a second before 6 min, gone at 6 min (Prometheus 3's left-open lookback).
    expect(evaluate(parsePromQL(`{"${name}", wait="Commit"}`), source, { startMs: 6 * M - 1000, endMs: 6 * M - 1000, stepMs: M })).toMatchObject({ series: [{ values: Float64Array.from([5]) }] });
    expect(vec(`{"${name}", wait="Commit"}`, 6)).toEqual({});
  });

  it("aggregates by labels, and topk keeps the members' own labels", () => {
    expect(vec(`sum by (app) ({"${name}"})`, 3)).toEqual({ '{"app":"a"}': 3, '{"app":"b"}': 7 });
    expect(vec(`avg({"${name}"})`, 3)).toEqual({ "{}": (3 + 2 + 5) / 3 });
    expect(vec(`count without (wait) ({"${name}"})`, 3)).toEqual({ '{"app":"a"}': 1, '{"app":"b"}': 2 });
    expect(Object.keys(vec(`topk(1, {"${name}", wait="OnCpu"})`, 1))).toEqual([JSON.stringify({ __name__: name, app: "b", wait: "OnCpu" })]);
    expect(Object.keys(vec(`topk(1, {"${name}", wait="OnCpu"})`, 5))).toEqual([JSON.stringify({ __name__: name, app: "a", wait: "OnCpu" })]);
  });

  it("computes *_over_time over left-open windows, with offset", () => {
    // Window (5, 10] min holds 6..10 for the ramp.
    expect(vec(`avg_over_time({"${name}", app="a"}[5m])`, 10)).toEqual({ '{"app":"a","wait":"OnCpu"}': 8 });
    expect(vec(`max_over_time({"${name}", app="a"}[5m] offset 5m)`, 10)).toEqual({ '{"app":"a","wait":"OnCpu"}': 5 });
    expect(vec(`count_over_time({"${name}", app="a"}[3m])`, 10)).toEqual({ '{"app":"a","wait":"OnCpu"}': 3 });
    expect(vec(`rate({"${name}", app="a"}[5m])`, 10)).toEqual({ '{"app":"a","wait":"OnCpu"}': 4 / 240 });
  });

  it("does scalar and vector arithmetic, filters with comparisons, and matches one-to-one", () => {
    expect(at("2 * 3 + 1", 0)).toMatchObject({ kind: "scalar", values: Float64Array.from([7]) });
    expect(vec(`sum({"${name}"}) * 2`, 3)).toEqual({ "{}": 20 });
    expect(Object.keys(vec(`{"${name}"} > 2`, 3))).toEqual([JSON.stringify({ __name__: name, app: "a", wait: "OnCpu" }), JSON.stringify({ __name__: name, app: "b", wait: "Commit" })]);
    expect(vec(`sum by (app) ({"${name}"}) / on (app) sum by (app) ({"${name}", wait="OnCpu"})`, 3)).toEqual({ '{"app":"a"}': 1, '{"app":"b"}': 3.5 });
    expect(() => at(`{"${name}"} + on (app) {"${name}"}`, 3)).toThrow(/many-to-many/);
    expect(() => at("1 > 2", 0)).toThrow(/BOOL/);
  });

  it("evaluates a range query at every step, leaving out steps without data", () => {
    const v = evaluate(parsePromQL(`sum({"${name}", wait="Commit"})`), source, { startMs: 0, endMs: 10 * M, stepMs: 2 * M });
    expect(v.kind === "vector" && Array.from(v.series[0].values)).toEqual([5, 5, 5, NaN, NaN, NaN]);
  });

  it("requires a metric name, as CloudWatch does", () => {
    expect(() => at(`{app="a"}`, 1)).toThrow(/metric by name/);
  });
});
