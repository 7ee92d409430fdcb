import { emptyAgg } from "../../scenario/metrics";
import { PERCENTILE, validationError, type MetricId } from "./input";
import { evaluate, MathError, parseExpression, references, toSeries, type Series } from "./metric-math";
import { bucketStarts, noSamples, resetAgg, statValue, type DataQuery, type QueryResult, type SeriesSource } from "./model";

/** A query's account the caller may not read (not a source account linked to it). */
export const FORBIDDEN = Symbol("forbidden");

/** Finds where a metric's samples come from (undefined: nothing was ever published under it), in the caller's or the given account. */
export type Resolver = (m: MetricId, account?: string) => SeriesSource | undefined | typeof FORBIDDEN;

/**
 * Evaluates queries over a window as seen at `nowMs`: MetricStat queries from their sources,
 * expressions in dependency order. Returns every query's series (returned or not).
 */
export function runQueries(resolve: Resolver, queries: DataQuery[], startMs: number, endMs: number, nowMs: number, err = validationError): Map<string, QueryResult> {
  const grids = new Map<number, number[]>();
  const grid = (p: number) => grids.get(p) ?? grids.set(p, bucketStarts(startMs, endMs, p, nowMs)).get(p)!;
  const results = new Map<string, QueryResult>();
  const byId = new Map(queries.map((q) => [q.id, q]));

  for (const q of queries) {
    if (!q.stat) continue;
    const { metric, periodS, stat, unit } = q.stat;
    const source = resolve(metric, q.accountId);
    const series: Series = { ts: [], vs: [] };
    if (source === FORBIDDEN) {
      results.set(q.id, { id: q.id, label: q.label ?? metric.MetricName, series, messages: [{ Code: "Forbidden", Value: `Account ${q.accountId} is not a source account linked to this monitoring account` }], forbidden: true });
      continue;
    }
    if (source) {
      const acc = emptyAgg();
      const percentile = PERCENTILE.test(stat);
      for (const t of grid(periodS)) {
        const e = Math.min(t + periodS * 1000, endMs);
        resetAgg(acc);
        source.agg(t, e, nowMs, unit, acc);
        const v = statValue(stat, acc, percentile ? () => source.samples(t, e, nowMs, unit) : noSamples);
        if (v !== undefined) {
          series.ts.push(t);
          series.vs.push(v);
        }
      }
    }
    results.set(q.id, { id: q.id, label: q.label ?? metric.MetricName, series, messages: [] });
  }

  const parsed = new Map(
    queries
      .filter((q) => q.expression !== undefined)
      .map((q) => {
        try {
          return [q.id, parseExpression(q.expression!)] as const;
        } catch (e) {
          throw err(`Error in expression ${q.id}: ${(e as Error).message}`);
        }
      }),
  );
  const firstPeriod = queries.find((q) => q.stat)?.stat?.periodS ?? 60;
  const visiting = new Set<string>();
  const evalExpr = (id: string): QueryResult => {
    const done = results.get(id);
    if (done) return done;
    if (visiting.has(id)) throw err(`Error in expression ${id}: circular reference`);
    visiting.add(id);
    const q = byId.get(id)!;
    const node = parsed.get(id)!;
    const periodS = q.periodS ?? firstPeriod;
    for (const ref of references(node)) {
      if (!byId.has(ref) && !["REPEAT", "LINEAR"].includes(ref.toUpperCase())) throw err(`Error in expression ${id}: Unrecognized identifier '${ref}'`);
    }
    let result: QueryResult;
    try {
      const value = evaluate(node, {
        ref: (r) => (byId.has(r) ? evalExpr(r).series : undefined),
        metrics: () => queries.filter((x) => x.stat).map((x) => ({ id: x.id, series: results.get(x.id)!.series })),
        grid: grid(periodS),
        periodS,
      });
      const { series, dropped } = toSeries(value, grid(periodS));
      const messages = dropped ? [{ Code: "ArithmeticError", Value: "One or more data-points have been dropped due to non-numeric values (NaN, -Infinite, +Infinite)" }] : [];
      result = { id, label: q.label ?? id, series, messages };
    } catch (e) {
      if (e instanceof MathError) throw err(`Error in expression ${id}: ${e.message}`);
      throw e;
    }
    visiting.delete(id);
    results.set(id, result);
    return result;
  };
  for (const id of parsed.keys()) evalExpr(id);
  return results;
}
