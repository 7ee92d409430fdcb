import { PromQLError, type Expr, type Matcher } from "./parse";

/**
 * Evaluates a parsed PromQL expression at every step of [start, end] at once: each instant vector
 * is a set of series holding one value per step (NaN where absent), so a range query costs one pass
 * over the raw samples per selector instead of one per step. The subset is what a dashboard asks
 * of Database Insights: selectors with `offset`, aggregations (sum, avg, min, max, count, topk,
 * bottomk) with by/without, the *_over_time functions and rate, and arithmetic or comparisons
 * between scalars and vectors (one-to-one matching, with on/ignoring). Semantics follow Prometheus:
 * a 5-minute lookback for instant selectors, left-open range windows, __name__ dropped by
 * arithmetic and functions.
 */

export type Labels = Record<string, string>;

/** A stored series: ascending sample times (ms) and their values. */
export interface RawSeries {
  labels: Labels;
  times: number[];
  values: number[];
}

/** Where the evaluator reads samples: the series matching every matcher, with their samples in (fromMs, toMs]. */
export interface SeriesSource {
  select(matchers: Matcher[], fromMs: number, toMs: number): RawSeries[];
}

export interface Range {
  startMs: number;
  endMs: number;
  stepMs: number;
}

export interface Series {
  labels: Labels;
  values: Float64Array;
}
export type Value = { kind: "scalar"; values: Float64Array } | { kind: "vector"; series: Series[] };

export const LOOKBACK_MS = 5 * 60_000;

const keyOf = (labels: Labels) =>
  JSON.stringify(
    Object.keys(labels)
      .sort()
      .map((k) => [k, labels[k]]),
  );
const dropName = ({ __name__: _drop, ...rest }: Labels) => rest;
const pick = (labels: Labels, names: string[]) => Object.fromEntries(names.filter((n) => labels[n] !== undefined).map((n) => [n, labels[n]]));
const omit = (labels: Labels, names: string[]) => Object.fromEntries(Object.entries(labels).filter(([k]) => !names.includes(k)));

/** Reducers over the samples of one range window (the *_over_time family and rate). */
const OVER_TIME: Record<string, (v: number[], t: number[], rangeMs: number) => number> = {
  avg_over_time: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  sum_over_time: (v) => v.reduce((a, b) => a + b, 0),
  min_over_time: (v) => Math.min(...v),
  max_over_time: (v) => Math.max(...v),
  count_over_time: (v) => v.length,
  last_over_time: (v) => v[v.length - 1],
  // Simplification: no extrapolation to the window's edges, and no counter-reset handling beyond clamping.
  rate: (v, t) => (v.length < 2 ? NaN : Math.max(0, v[v.length - 1] - v[0]) / ((t[t.length - 1] - t[0]) / 1000)),
};

const SIMPLE: Record<string, (x: number, arg: number) => number> = {
  abs: (x) => Math.abs(x),
  ceil: (x) => Math.ceil(x),
  floor: (x) => Math.floor(x),
  round: (x, to) => Math.round(x / (Number.isNaN(to) ? 1 : to)) * (Number.isNaN(to) ? 1 : to),
  clamp_min: (x, m) => Math.max(x, m),
  clamp_max: (x, m) => Math.min(x, m),
};

const ARITH: Partial<Record<string, (a: number, b: number) => number>> = {
  "+": (a, b) => a + b,
  "-": (a, b) => a - b,
  "*": (a, b) => a * b,
  "/": (a, b) => a / b,
  "%": (a, b) => a % b,
  "^": (a, b) => a ** b,
};
const COMPARE: Partial<Record<string, (a: number, b: number) => boolean>> = {
  "==": (a, b) => a === b,
  "!=": (a, b) => a !== b,
  ">": (a, b) => a > b,
  "<": (a, b) => a < b,
  ">=": (a, b) => a >= b,
  "<=": (a, b) => a <= b,
};

export function stepsOf(r: Range): number[] {
  const out: number[] = [];
  for (let t = r.startMs; t <= r.endMs; t += r.stepMs) out.push(t);
  return out;
}

export function evaluate(expr: Expr, source: SeriesSource, range: Range): Value {
  const steps = stepsOf(range);
  const n = steps.length;
  const filled = (v: number) => new Float64Array(n).fill(v);

  /** Per step, the window (end - width, end] of a raw series' samples: [first index, end index). */
  function windows(raw: RawSeries, offsetMs: number, widthMs: number, visit: (i: number, lo: number, hi: number) => void) {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const end = steps[i] - offsetMs;
      while (hi < raw.times.length && raw.times[hi] <= end) hi++;
      while (lo < hi && raw.times[lo] <= end - widthMs) lo++;
      visit(i, lo, hi);
    }
  }

  function fetch(sel: Extract<Expr, { kind: "selector" }>, widthMs: number): RawSeries[] {
    if (!sel.matchers.some((m) => m.name === "__name__" && m.op === "=")) throw new PromQLError("the query must select a metric by name (an equality matcher on __name__)");
    return source.select(sel.matchers, range.startMs - sel.offsetMs - widthMs, range.endMs - sel.offsetMs);
  }

  function vector(e: Expr): Series[] {
    const v = ev(e);
    if (v.kind !== "vector") throw new PromQLError("expected instant vector, got scalar");
    return v.series;
  }
  function scalarAt(e: Expr): Float64Array {
    const v = ev(e);
    if (v.kind !== "scalar") throw new PromQLError("expected scalar, got instant vector");
    return v.values;
  }

  function aggregate(e: Extract<Expr, { kind: "agg" }>): Value {
    const input = vector(e.expr);
    const group = (l: Labels) => (e.by ? pick(l, e.by) : e.without ? omit(dropName(l), e.without) : {});
    const groups = new Map<string, { labels: Labels; members: Series[] }>();
    for (const s of input) {
      const labels = group(s.labels);
      const k = keyOf(labels);
      const g = groups.get(k) ?? { labels, members: [] };
      g.members.push(s);
      groups.set(k, g);
    }
    if (e.op === "topk" || e.op === "bottomk") {
      if (!e.param) throw new PromQLError(`${e.op} needs a parameter`);
      const k = Math.floor(scalarAt(e.param)[0]);
      const out = new Map<Series, Float64Array>();
      for (const g of groups.values()) {
        for (let i = 0; i < n; i++) {
          const present = g.members.filter((s) => !Number.isNaN(s.values[i]));
          present.sort((a, b) => (e.op === "topk" ? b.values[i] - a.values[i] : a.values[i] - b.values[i]));
          for (const s of present.slice(0, Math.max(0, k))) {
            const vals = out.get(s) ?? filled(NaN);
            vals[i] = s.values[i];
            out.set(s, vals);
          }
        }
      }
      return { kind: "vector", series: [...out].map(([s, values]) => ({ labels: s.labels, values })) };
    }
    if (!["sum", "avg", "min", "max", "count"].includes(e.op)) throw new PromQLError(`aggregation ${e.op} is not supported by the emulator`);
    const series: Series[] = [];
    for (const g of groups.values()) {
      const values = filled(NaN);
      for (let i = 0; i < n; i++) {
        const xs = g.members.map((s) => s.values[i]).filter((x) => !Number.isNaN(x));
        if (!xs.length) continue;
        const sum = xs.reduce((a, b) => a + b, 0);
        values[i] = { sum, avg: sum / xs.length, min: Math.min(...xs), max: Math.max(...xs), count: xs.length }[e.op as "sum"] ?? NaN;
      }
      series.push({ labels: g.labels, values });
    }
    return { kind: "vector", series };
  }

  function call(e: Extract<Expr, { kind: "call" }>): Value {
    const reduce = OVER_TIME[e.fn];
    if (reduce) {
      const sel = e.args[0];
      if (e.args.length !== 1 || sel?.kind !== "selector" || sel.rangeMs === undefined) throw new PromQLError(`expected type range vector in call to function "${e.fn}"`);
      const rangeMs = sel.rangeMs;
      return {
        kind: "vector",
        series: fetch(sel, rangeMs).map((raw) => {
          const values = filled(NaN);
          windows(raw, sel.offsetMs, rangeMs, (i, lo, hi) => {
            if (hi > lo) values[i] = reduce(raw.values.slice(lo, hi), raw.times.slice(lo, hi), rangeMs);
          });
          return { labels: dropName(raw.labels), values };
        }),
      };
    }
    if (e.fn === "time") return { kind: "scalar", values: Float64Array.from(steps, (t) => t / 1000) };
    if (e.fn === "vector") return { kind: "vector", series: [{ labels: {}, values: scalarAt(e.args[0]) }] };
    if (e.fn === "scalar") {
      const s = vector(e.args[0]);
      return { kind: "scalar", values: s.length === 1 ? s[0].values : filled(NaN) };
    }
    const f = SIMPLE[e.fn];
    if (!f) throw new PromQLError(`function "${e.fn}" is not supported by the emulator's PromQL subset`);
    const arg = e.args[1] ? scalarAt(e.args[1]) : filled(NaN);
    return { kind: "vector", series: vector(e.args[0]).map((s) => ({ labels: dropName(s.labels), values: s.values.map((x, i) => f(x, arg[i])) })) };
  }

  function binary(e: Extract<Expr, { kind: "binary" }>): Value {
    const arith = ARITH[e.op];
    const cmp = COMPARE[e.op];
    if (arith === undefined && cmp === undefined) throw new PromQLError(`operator ${e.op} is not supported by the emulator`);
    /** One element: the result value, or NaN to drop it (a comparison that fails, without bool). */
    const apply = (a: number, b: number, keep: number) => (arith !== undefined ? arith(a, b) : cmp!(a, b) ? (e.bool ? 1 : keep) : e.bool ? 0 : NaN);
    const l = ev(e.lhs);
    const r = ev(e.rhs);
    if (l.kind === "scalar" && r.kind === "scalar") {
      if (cmp !== undefined && !e.bool) throw new PromQLError("comparisons between scalars must use BOOL modifier");
      return { kind: "scalar", values: l.values.map((a, i) => apply(a, r.values[i], a)) };
    }
    // Arithmetic, and comparisons with bool, drop the metric name; a filtering comparison keeps it.
    const out = (labels: Labels) => (arith !== undefined || e.bool ? dropName(labels) : labels);
    if (l.kind === "vector" && r.kind === "scalar") return { kind: "vector", series: l.series.map((s) => ({ labels: out(s.labels), values: s.values.map((a, i) => apply(a, r.values[i], a)) })) };
    if (l.kind === "scalar" && r.kind === "vector") return { kind: "vector", series: r.series.map((s) => ({ labels: out(s.labels), values: s.values.map((b, i) => apply(l.values[i], b, b)) })) };
    const sig = (labels: Labels) => keyOf(e.on ? pick(labels, e.on) : omit(dropName(labels), e.ignoring ?? []));
    const rhs = new Map<string, Series>();
    for (const s of (r as { series: Series[] }).series) {
      const k = sig(s.labels);
      if (rhs.has(k)) throw new PromQLError("found duplicate series for the match group on the right hand-side of the operation: many-to-many matching not allowed", "execution");
      rhs.set(k, s);
    }
    const series: Series[] = [];
    for (const s of (l as { series: Series[] }).series) {
      const m = rhs.get(sig(s.labels));
      if (m) series.push({ labels: out(s.labels), values: s.values.map((a, i) => apply(a, m.values[i], a)) });
    }
    return { kind: "vector", series };
  }

  function ev(e: Expr): Value {
    switch (e.kind) {
      case "number":
        return { kind: "scalar", values: filled(e.value) };
      case "neg": {
        const v = ev(e.expr);
        return v.kind === "scalar"
          ? { kind: "scalar", values: v.values.map((x) => -x) }
          : { kind: "vector", series: v.series.map((s) => ({ labels: dropName(s.labels), values: s.values.map((x) => -x) })) };
      }
      case "selector": {
        if (e.rangeMs !== undefined) throw new PromQLError("a range vector is only allowed as the argument of a function such as avg_over_time");
        return {
          kind: "vector",
          series: fetch(e, LOOKBACK_MS).map((raw) => {
            const values = filled(NaN);
            windows(raw, e.offsetMs, LOOKBACK_MS, (i, lo, hi) => {
              if (hi > lo) values[i] = raw.values[hi - 1];
            });
            return { labels: raw.labels, values };
          }),
        };
      }
      case "agg":
        return aggregate(e);
      case "call":
        return call(e);
      case "binary":
        return binary(e);
    }
  }

  const v = ev(expr);
  // Series with no value at any step are not part of the answer.
  return v.kind === "vector" ? { kind: "vector", series: v.series.filter((s) => s.values.some((x) => !Number.isNaN(x))) } : v;
}
