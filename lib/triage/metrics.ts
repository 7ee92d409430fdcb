import type { Scope } from "../aws/scope";
import { metricsEngine, type MetricSeries, type MetricsEngine } from "../metrics/engine";
import { currentHour, DAY_MS, BASELINE_DAYS, HOUR_MS, type HourWindow } from "./baselines";
import { metricSignals, TRIAGE_METRICS, type Signal, type TriageMetric } from "./signals";

/**
 * The metric half of triage for one region, for every cluster of the region at 10-minute buckets
 * in two engine fetches: the last hour or two (read again each minute), and the 7 days before it
 * that the baselines need (a closed window, so read once an hour: its datapoints are final). The
 * engine batches each into the fewest GetMetricData calls and caches it for as long as it holds.
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
  /** Until when the recent window's answer stands (asking sooner returns the same figures). */
  freshUntil: number;
}

export async function regionMetricFacts(
  scope: Scope,
  clusters: { identifier: string; createdMs: number }[],
  opts: { engine?: MetricsEngine; nowMs: number; thresholdPct: number },
): Promise<RegionMetricFacts> {
  const engine = opts.engine ?? metricsEngine();
  const series = clusters.flatMap((c) => TRIAGE_METRICS.map((metric) => ({ cluster: c.identifier, metric, period: TRIAGE_PERIOD_S })));
  const { baseline, recent } = triageWindows(opts.nowMs);
  const [old, now] = await Promise.all([engine.fetch({ ...scope, window: baseline, series }), engine.fetch({ ...scope, window: recent, series })]);
  const period = now.series[0]?.period ?? TRIAGE_PERIOD_S;
  const window = currentHour(opts.nowMs, period);
  const byKey = new Map(old.series.map((s, i) => [`${s.cluster}|${s.metric}`, joined(s, now.series[i])]));
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
  return { window, byCluster, calls: old.calls + now.calls, queries: old.queries + now.queries, freshUntil: now.freshUntil };
}

/**
 * The windows of the two fetches, adjacent at an hour boundary: the recent one starts an hour
 * before the current clock hour (so it holds the current hour whatever the minute), and the
 * baseline covers the 7 days and an hour before that, so every day's same hour is in it.
 */
export function triageWindows(nowMs: number): { baseline: HourWindow; recent: HourWindow } {
  const hourStart = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
  return { baseline: { startMs: hourStart - BASELINE_DAYS * DAY_MS - 2 * HOUR_MS, endMs: hourStart - HOUR_MS }, recent: { startMs: hourStart - HOUR_MS, endMs: nowMs } };
}

/** One series from the baseline's and the recent window's (same cluster, metric and period; the windows do not overlap). */
function joined(old: MetricSeries, recent: MetricSeries | undefined): MetricSeries {
  if (!recent) return { ...old, status: "error" };
  const firstRecent = recent.points[0]?.[0] ?? Infinity;
  const worst = [old.status, recent.status].includes("error") ? "error" : [old.status, recent.status].includes("partial") ? "partial" : "complete";
  return { ...recent, points: [...old.points.filter(([t]) => t < firstRecent), ...recent.points], status: worst, messages: [...new Set([...old.messages, ...recent.messages])] };
}
