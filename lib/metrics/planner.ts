import type { MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { EXPR_METRICS, STAT_METRICS, type ExprMetricKey, type MetricKey, type StatMetricKey } from "./catalog";
import { pointCount, type Window } from "./period";

/**
 * The planner: turns "these clusters × metrics at these periods" into the fewest GetMetricData
 * calls. Pure (no AWS), so batching is unit-tested without a network.
 */

/** CloudWatch limits per GetMetricData call (API reference). */
export const MAX_QUERIES_PER_CALL = 500;
export const MAX_DATAPOINTS_PER_CALL = 100_800;

export interface SeriesSpec {
  /** The source account of the cluster, when read from a monitoring account (cross-account observability). */
  account?: string;
  cluster: string;
  metric: MetricKey;
  /** Seconds, already valid for the window (see choosePeriod). */
  period: number;
}

export interface PlannedQuery extends SeriesSpec {
  /** Canonical identity: the cache key part and the join key for results. */
  key: string;
  /** False for expression inputs nobody asked for: CloudWatch does not return them. */
  returnData: boolean;
  /** Keys of the inputs, for expressions. */
  inputs?: string[];
}

export interface Batch {
  queries: MetricDataQuery[];
  /** Query Id (unique within the call) → canonical key. */
  keyOf: Map<string, string>;
  /** Datapoints the call may return at most (returned queries × points per series). */
  datapoints: number;
}

export interface Plan {
  /** Every query of the plan, expression inputs included. */
  queries: PlannedQuery[];
  batches: Batch[];
}

export const seriesKey = (s: SeriesSpec) => `${s.account ? `${s.account}:` : ""}${s.cluster}|${s.metric}|${s.period}`;

const isExpr = (m: MetricKey): m is ExprMetricKey => m in EXPR_METRICS;

/**
 * Groups queries into units that must travel together: an expression and its inputs (an input
 * shared by two expressions joins their units). Plain metric queries are units of one.
 */
export function planUnits(specs: SeriesSpec[]): PlannedQuery[][] {
  const requested = new Map<string, SeriesSpec>();
  for (const s of specs) requested.set(seriesKey(s), s);
  const byKey = new Map<string, PlannedQuery>();
  const unitOf = new Map<string, PlannedQuery[]>();

  const add = (spec: SeriesSpec, returnData: boolean): PlannedQuery => {
    const key = seriesKey(spec);
    let q = byKey.get(key);
    if (!q) {
      q = { ...spec, key, returnData };
      byKey.set(key, q);
    }
    q.returnData ||= returnData;
    return q;
  };

  for (const spec of requested.values()) {
    if (!isExpr(spec.metric)) continue;
    const inputs = EXPR_METRICS[spec.metric].inputs.map((m) => add({ account: spec.account, cluster: spec.cluster, metric: m, period: spec.period }, requested.has(seriesKey({ ...spec, metric: m }))));
    const expr = add(spec, true);
    expr.inputs = inputs.map((i) => i.key);
    // Merge the units these queries already belong to.
    const merged = new Set<PlannedQuery>([expr, ...inputs]);
    for (const q of [expr, ...inputs]) for (const other of unitOf.get(q.key) ?? []) merged.add(other);
    const unit = [...merged];
    for (const q of unit) unitOf.set(q.key, unit);
  }
  for (const spec of requested.values()) if (!isExpr(spec.metric) && !unitOf.has(seriesKey(spec))) unitOf.set(seriesKey(spec), [add(spec, true)]);

  const units = [...new Set(unitOf.values())];
  // Inputs before expressions inside a unit, so ids read naturally in logs.
  for (const u of units) u.sort((a, b) => Number(!!a.inputs) - Number(!!b.inputs));
  return units;
}

function toQuery(q: PlannedQuery, id: string, idOf: Map<string, string>): MetricDataQuery {
  if (q.inputs) {
    const def = EXPR_METRICS[q.metric as ExprMetricKey];
    // Period set explicitly: an expression over inputs of one period returns that period.
    return { Id: id, Expression: def.expression(q.inputs.map((k) => idOf.get(k)!)), Label: def.label, Period: q.period, ReturnData: true };
  }
  const def = STAT_METRICS[q.metric as StatMetricKey];
  return {
    Id: id,
    ...(q.account && { AccountId: q.account }),
    MetricStat: { Metric: { Namespace: def.namespace, MetricName: def.name, Dimensions: def.dimensions(q.cluster) }, Period: q.period, Stat: def.stat },
    ReturnData: q.returnData,
  };
}

/**
 * Packs units into calls: first-fit decreasing on the query count, also keeping each call under
 * CloudWatch's datapoint cap so no call needs extra pages. Expression units are indivisible;
 * single queries fill the gaps, so the number of calls is ceil(queries / 500) in practice.
 */
export function plan(specs: SeriesSpec[], window: Window, maxQueries = MAX_QUERIES_PER_CALL, maxDatapoints = MAX_DATAPOINTS_PER_CALL): Plan {
  const units = planUnits(specs);
  const pointsOf = (q: PlannedQuery) => (q.returnData ? pointCount(window, q.period) : 0);
  units.sort((a, b) => b.length - a.length);
  const bins: { units: PlannedQuery[][]; size: number; points: number }[] = [];
  for (const u of units) {
    if (u.length > maxQueries) throw new Error(`an expression with ${u.length} inputs does not fit in one GetMetricData call`);
    const pts = u.reduce((n, q) => n + pointsOf(q), 0);
    let bin = bins.find((b) => b.size + u.length <= maxQueries && (b.points + pts <= maxDatapoints || b.size === 0));
    if (!bin) {
      bin = { units: [], size: 0, points: 0 };
      bins.push(bin);
    }
    bin.units.push(u);
    bin.size += u.length;
    bin.points += pts;
  }
  const batches = bins.map((bin): Batch => {
    const idOf = new Map<string, string>();
    const flat = bin.units.flat();
    flat.forEach((q, i) => idOf.set(q.key, `q${i}`));
    return {
      queries: flat.map((q) => toQuery(q, idOf.get(q.key)!, idOf)),
      keyOf: new Map([...idOf].map(([k, id]) => [id, k])),
      datapoints: bin.points,
    };
  });
  return { queries: units.flat(), batches };
}

/** The fewest calls the queries could take: what the benchmark holds the plan to. */
export const minimumCalls = (queryCount: number) => Math.ceil(queryCount / MAX_QUERIES_PER_CALL);
