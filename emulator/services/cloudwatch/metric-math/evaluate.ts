import { type MathContext, MathError, type MathValue, type Series, type Node } from "./parse";

/** Evaluating a parsed metric-math expression over series: operators, functions, FILL, reductions. */

const isSeries = (v: MathValue): v is Series => typeof v === "object" && !Array.isArray(v);

function apply(op: string, x: number, y: number): number {
  switch (op) {
    case "+":
      return x + y;
    case "-":
      return x - y;
    case "*":
      return x * y;
    case "/":
      return x / y;
    case "^":
      return x ** y;
    case ">":
      return x > y ? 1 : 0;
    case "<":
      return x < y ? 1 : 0;
    case ">=":
      return x >= y ? 1 : 0;
    case "<=":
      return x <= y ? 1 : 0;
    case "==":
      return x === y ? 1 : 0;
    case "!=":
      return x !== y ? 1 : 0;
    case "&&":
      return x !== 0 && y !== 0 ? 1 : 0;
    case "||":
      return x !== 0 || y !== 0 ? 1 : 0;
  }
  throw new MathError(`Unknown operator ${op}`);
}

const mapSeries = (s: Series, f: (v: number, i: number) => number): Series => ({ ts: s.ts, vs: s.vs.map(f) });

/** Combines two series on their shared timestamps. */
function zip(a: Series, b: Series, f: (x: number, y: number) => number): Series {
  const out: Series = { ts: [], vs: [] };
  let i = 0;
  let j = 0;
  while (i < a.ts.length && j < b.ts.length) {
    if (a.ts[i] === b.ts[j]) {
      out.ts.push(a.ts[i]);
      out.vs.push(f(a.vs[i], b.vs[j]));
      i++;
      j++;
    } else if (a.ts[i] < b.ts[j]) i++;
    else j++;
  }
  return out;
}

function combine(a: MathValue, b: MathValue, f: (x: number, y: number) => number): MathValue {
  if (Array.isArray(a)) return a.map((s) => combine(s, b, f) as Series);
  if (Array.isArray(b)) return b.map((s) => combine(a, s, f) as Series);
  if (typeof a === "number" && typeof b === "number") return f(a, b);
  if (typeof a === "number") return mapSeries(b as Series, (y) => f(a, y));
  if (typeof b === "number") return mapSeries(a, (x) => f(x, b));
  return zip(a, b, f);
}

function unaryMap(v: MathValue, f: (x: number) => number): MathValue {
  if (typeof v === "number") return f(v);
  if (Array.isArray(v)) return v.map((s) => mapSeries(s, f));
  return mapSeries(v, f);
}

/** Per-timestamp reduction across an array of series (the union of their timestamps). */
function across(list: Series[], reduce: (xs: number[]) => number): Series {
  const byTs = new Map<number, number[]>();
  for (const s of list) s.ts.forEach((t, i) => (byTs.get(t) ?? byTs.set(t, []).get(t)!).push(s.vs[i]));
  const ts = [...byTs.keys()].sort((x, y) => x - y);
  return { ts, vs: ts.map((t) => reduce(byTs.get(t)!)) };
}

const REDUCERS: Record<string, (xs: number[]) => number> = {
  SUM: (xs) => xs.reduce((a, b) => a + b, 0),
  AVG: (xs) => xs.reduce((a, b) => a + b, 0) / xs.length,
  MIN: (xs) => Math.min(...xs),
  MAX: (xs) => Math.max(...xs),
};

function valueAt(v: MathValue, t: number): number | undefined {
  if (typeof v === "number") return v;
  if (Array.isArray(v)) throw new MathError("IF takes single time series, not arrays");
  const k = binarySearch(v.ts, t);
  return k < 0 ? undefined : v.vs[k];
}

function binarySearch(ts: number[], t: number): number {
  let lo = 0;
  let hi = ts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid] === t) return mid;
    if (ts[mid] < t) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function fill(s: Series, how: MathValue | string, grid: number[]): Series {
  const out: Series = { ts: [], vs: [] };
  const known = new Map(s.ts.map((t, i) => [t, s.vs[i]]));
  let prev: number | undefined;
  grid.forEach((t) => {
    const v = known.get(t);
    if (v !== undefined) {
      out.ts.push(t);
      out.vs.push(v);
      prev = v;
      return;
    }
    let f: number | undefined;
    if (typeof how === "number") f = how;
    else if (how === "REPEAT") f = prev;
    else if (how === "LINEAR") {
      const nextIdx = s.ts.findIndex((x) => x > t);
      const prevIdx = nextIdx === -1 ? s.ts.length - 1 : nextIdx - 1;
      if (prevIdx >= 0 && nextIdx >= 0) {
        const [t0, t1, v0, v1] = [s.ts[prevIdx], s.ts[nextIdx], s.vs[prevIdx], s.vs[nextIdx]];
        f = v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
      }
    } else if (isSeries(how as MathValue)) f = valueAt(how as Series, t);
    if (f !== undefined) {
      out.ts.push(t);
      out.vs.push(f);
    }
  });
  return out;
}

export function evaluate(node: Node, ctx: MathContext): MathValue {
  const ev = (n: Node): MathValue => evaluate(n, ctx);
  switch (node.t) {
    case "num":
      return node.v;
    case "str":
      throw new MathError(`A string ("${node.v}") is only allowed as a function argument`);
    case "ref": {
      const v = ctx.ref(node.id);
      if (v === undefined) throw new MathError(`Unrecognized identifier '${node.id}'`);
      return v;
    }
    case "neg":
      return unaryMap(ev(node.e), (x) => -x);
    case "not":
      return unaryMap(ev(node.e), (x) => (x === 0 ? 1 : 0));
    case "bin":
      return combine(ev(node.a), ev(node.b), (x, y) => apply(node.op, x, y));
    case "list":
      return node.items.flatMap((n) => {
        const v = ev(n);
        if (typeof v === "number") throw new MathError("An array may only hold time series");
        return Array.isArray(v) ? v : [v];
      });
    case "call":
      return call(node.fn, node.args, ctx, ev);
  }
}

function call(fn: string, args: Node[], ctx: MathContext, ev: (n: Node) => MathValue): MathValue {
  const arity = (min: number, max = min) => {
    if (args.length < min || args.length > max) throw new MathError(`${fn} takes ${min === max ? min : `${min} to ${max}`} arguments, got ${args.length}`);
  };
  switch (fn) {
    case "METRICS": {
      arity(0, 1);
      const filter = args[0] ? (args[0].t === "str" ? args[0].v : undefined) : "";
      if (filter === undefined) throw new MathError("METRICS takes a string filter");
      return ctx
        .metrics()
        .filter((m) => m.id.includes(filter))
        .map((m) => m.series);
    }
    case "SUM":
    case "AVG":
    case "MIN":
    case "MAX": {
      arity(1);
      const v = ev(args[0]);
      if (typeof v === "number") return v;
      if (Array.isArray(v)) return across(v, REDUCERS[fn]);
      // Over one series, these functions return a scalar (CloudWatch draws it as a flat line).
      return v.vs.length ? REDUCERS[fn](v.vs) : NaN;
    }
    case "ABS":
      arity(1);
      return unaryMap(ev(args[0]), Math.abs);
    case "CEIL":
      arity(1);
      return unaryMap(ev(args[0]), Math.ceil);
    case "FLOOR":
      arity(1);
      return unaryMap(ev(args[0]), Math.floor);
    case "DIFF":
    case "RATE": {
      arity(1);
      const v = ev(args[0]);
      const one = (s: Series): Series => {
        const out: Series = { ts: s.ts.slice(1), vs: [] };
        for (let i = 1; i < s.ts.length; i++) {
          const d = s.vs[i] - s.vs[i - 1];
          out.vs.push(fn === "DIFF" ? d : d / ((s.ts[i] - s.ts[i - 1]) / 1000));
        }
        return out;
      };
      if (typeof v === "number") throw new MathError(`${fn} takes a time series`);
      return Array.isArray(v) ? v.map(one) : one(v);
    }
    case "FILL": {
      arity(2);
      const v = ev(args[0]);
      const a1 = args[1];
      const how = a1.t === "ref" && ["REPEAT", "LINEAR"].includes(a1.id.toUpperCase()) ? a1.id.toUpperCase() : ev(a1);
      if (Array.isArray(how)) throw new MathError("FILL's second argument must be a number, a time series, REPEAT or LINEAR");
      if (typeof v === "number") return v;
      return Array.isArray(v) ? v.map((s) => fill(s, how, ctx.grid)) : fill(v, how, ctx.grid);
    }
    case "IF": {
      arity(2, 3);
      const cond = ev(args[0]);
      const a = ev(args[1]);
      const b = args[2] ? ev(args[2]) : undefined;
      if (typeof cond === "number") return cond !== 0 ? a : (b ?? NaN);
      if (Array.isArray(cond)) throw new MathError("IF takes a single time series as its condition");
      const out: Series = { ts: [], vs: [] };
      cond.ts.forEach((t, i) => {
        const pick = cond.vs[i] !== 0 ? a : b;
        const v = pick === undefined ? undefined : valueAt(pick, t);
        if (v !== undefined) {
          out.ts.push(t);
          out.vs.push(v);
        }
      });
      return out;
    }
    case "PERIOD":
      arity(1);
      return ctx.periodS;
  }
  throw new MathError(`Unknown function ${fn}`);
}

/**
 * The final series of an expression: scalars become a flat line over the window, non-finite
 * points are dropped (the count is returned so the caller can report it as CloudWatch does).
 */
export function toSeries(v: MathValue, grid: number[]): { series: Series; dropped: number } {
  if (Array.isArray(v)) throw new MathError("The expression returns an array of time series; GetMetricData needs a single time series per expression");
  const s = typeof v === "number" ? { ts: grid, vs: grid.map(() => v) } : v;
  const out: Series = { ts: [], vs: [] };
  let dropped = 0;
  s.ts.forEach((t, i) => {
    if (Number.isFinite(s.vs[i])) {
      out.ts.push(t);
      out.vs.push(s.vs[i]);
    } else dropped++;
  });
  return { series: out, dropped };
}
