import type { Scope } from "../aws/scope";
import { metricsEngine, type MetricSeries, type MetricsEngine } from "../metrics/engine";
import { currentHour, DAY_MS, BASELINE_DAYS, HOUR_MS, type HourWindow } from "./baselines";
import { metricSignals, TRIAGE_METRICS, type Signal, type TriageMetric } from "./signals";

/**
 * The metric half of triage for one region: ONE engine fetch for every cluster of the region,
 * covering the last 7 days and 2 hours at 10-minute buckets (about 1,020 points per series), so
 * the current hour and its 7-day baselines come from the same answer. The engine batches the
 * queries into the fewest GetMetricData calls and caches them for a minute.
 */

/** Fine enough that "the last hour" lags now by at most 10 minutes; coarse enough for 7 days in one window. */
export const TRIAGE_PERIOD_S = 600;

export interface ClusterMetricFacts {
  signals: Signal[];
  /** Set when a series could not be read: the cluster is then unchecked, not clean. */
  error?: string;
  notes: string[];
}

export interface RegionMetricFacts {
  window: HourWindow;
  byCluster: Map<string, ClusterMetricFacts>;
  calls: number;
  queries: number;
}

export async function regionMetricFacts(
  scope: Scope,
  clusters: { identifier: string; createdMs: number }[],
  opts: { engine?: MetricsEngine; nowMs: number; thresholdPct: number },
): Promise<RegionMetricFacts> {
  const engine = opts.engine ?? metricsEngine();
  const result = await engine.fetch({
    ...scope,
    window: { startMs: opts.nowMs - BASELINE_DAYS * DAY_MS - 2 * HOUR_MS, endMs: opts.nowMs },
    series: clusters.flatMap((c) => TRIAGE_METRICS.map((metric) => ({ cluster: c.identifier, metric, period: TRIAGE_PERIOD_S }))),
  });
  const period = result.series[0]?.period ?? TRIAGE_PERIOD_S;
  const window = currentHour(opts.nowMs, period);
  const byKey = new Map(result.series.map((s) => [`${s.cluster}|${s.metric}`, s]));
  const byCluster = new Map<string, ClusterMetricFacts>();
  for (const c of clusters) {
    const got = TRIAGE_METRICS.map((m) => byKey.get(`${c.identifier}|${m}`)).filter((s): s is MetricSeries => !!s);
    const messages = [...new Set(got.flatMap((s) => s.messages))];
    const failed = got.length < TRIAGE_METRICS.length || got.some((s) => s.status === "error");
    if (failed) {
      byCluster.set(c.identifier, { signals: [], error: messages.join("; ") || "CloudWatch returned no data for this cluster", notes: [] });
      continue;
    }
    const series = Object.fromEntries(got.map((s) => [s.metric, s.points])) as Record<TriageMetric, [number, number][]>;
    byCluster.set(c.identifier, {
      signals: metricSignals({ series, window, thresholdPct: opts.thresholdPct, createdMs: c.createdMs }),
      notes: got.some((s) => s.status === "partial") ? [`CloudWatch returned partial data: ${messages.join("; ") || "no detail"}`] : [],
    });
  }
  return { window, byCluster, calls: result.calls, queries: result.queries };
}
