import type { Scope } from "../aws/scope";
import { config } from "../aws/config";
import { type Price } from "../cost";
import { regionPrice } from "../cost/pricing";
import { DPU_KINDS, METRICS, type MetricKey, type MetricUnit } from "./catalog";
import { metricsEngine, type MetricSeries, type MetricsEngine, type SeriesStatus } from "./engine";
import { latest, occState, type OccState } from "./occ";
import type { ResolvedRange } from "./range";

/**
 * The cluster page's metrics: every panel's series in one planned request, shipped to the
 * browser densely (a start, a period and the values) so a 30-day page stays small.
 */

export interface PanelDef {
  id: string;
  title: string;
  metrics: readonly MetricKey[];
  /** Why the panel exists, in a line. */
  hint?: string;
}

export const PANELS: readonly PanelDef[] = [
  { id: "dpu", title: "DPU by kind", metrics: [...DPU_KINDS, "TotalDPU"], hint: "Billable activity per period; TotalDPU includes multi-Region writes, charged in this region." },
  { id: "occ", title: "OCC conflict rate", metrics: ["OccRate"], hint: "100 × OccConflicts / TotalTransactions, computed by CloudWatch." },
  { id: "transactions", title: "Transactions", metrics: ["TotalTransactions", "ReadOnlyTransactions"] },
  { id: "latency", title: "Commit latency (P50)", metrics: ["CommitLatency"] },
  { id: "timeouts", title: "Query timeouts", metrics: ["QueryTimeouts"] },
  { id: "compute", title: "Compute time", metrics: ["ComputeTime"] },
  { id: "bytes", title: "Bytes read and written", metrics: ["BytesRead", "BytesWritten"] },
  { id: "storage", title: "Storage", metrics: ["ClusterStorageSize"] },
  { id: "connections", title: "Active connections", metrics: ["Connections"], hint: "AWS/Usage ResourceCount (ClusterConnectionCount)." },
];

export interface WireSeries {
  metric: MetricKey;
  label: string;
  /** values[i] is the bucket starting at window.startMs + i × period; null = no datapoint. */
  values: (number | null)[];
  status: SeriesStatus;
  messages: string[];
}

export interface WirePanel {
  id: string;
  title: string;
  hint?: string;
  unit: MetricUnit;
  series: WireSeries[];
  status: SeriesStatus;
  messages: string[];
}

export interface ClusterMetrics extends Scope {
  clusterId: string;
  range: Pick<ResolvedRange, "key" | "label" | "params">;
  /** Aligned window and the period of every series, seconds. */
  startMs: number;
  endMs: number;
  period: number;
  fetchedAt: number;
  /** Until when asking again returns these same figures (the engine's answer stands). */
  freshUntil: number;
  thresholdPct: number;
  price: Price;
  occ: { ratePct: number | null; at: number | null; state: OccState };
  /** No DPU and no transaction in the range: the cluster did nothing (not an error). */
  idle: boolean;
  panels: WirePanel[];
  messages: string[];
}

/** Four significant digits: plenty for a chart, and a third of the bytes of a full double. */
export const round4 = (v: number) => (v === 0 || !Number.isFinite(v) ? v : Number(v.toPrecision(4)));

function dense(s: MetricSeries, startMs: number, buckets: number): (number | null)[] {
  const out: (number | null)[] = new Array(buckets).fill(null);
  const step = s.period * 1000;
  for (const [t, v] of s.points) {
    const i = Math.floor((t - startMs) / step);
    if (i >= 0 && i < buckets) out[i] = round4(v);
  }
  return out;
}

const worst = (xs: SeriesStatus[]): SeriesStatus => (xs.includes("error") ? "error" : xs.includes("partial") ? "partial" : "complete");

export interface ClusterMetricsOptions {
  engine?: MetricsEngine;
  nowMs?: number;
  thresholdPct?: number;
}

export async function clusterMetrics(scope: Scope, clusterId: string, range: ResolvedRange, opts: ClusterMetricsOptions = {}): Promise<ClusterMetrics> {
  const { account, region } = scope;
  const engine = opts.engine ?? metricsEngine();
  const nowMs = opts.nowMs ?? Date.now();
  const thresholdPct = opts.thresholdPct ?? config().occThresholdPct;
  const metrics = [...new Set(PANELS.flatMap((p) => p.metrics))];
  const r = await engine.fetch({ account, region, window: { startMs: range.startMs, endMs: range.endMs }, series: metrics.map((metric) => ({ cluster: clusterId, metric })) });
  const byMetric = new Map(r.series.map((s) => [s.metric, s]));
  const period = r.series[0].period;
  const buckets = Math.max(0, Math.ceil((Math.min(r.window.endMs, nowMs) - r.window.startMs) / (period * 1000)));
  const panels = PANELS.map((p): WirePanel => {
    const series = p.metrics.map((m): WireSeries => {
      const s = byMetric.get(m)!;
      return { metric: m, label: s.label, values: dense(s, r.window.startMs, buckets), status: s.status, messages: s.messages };
    });
    return { id: p.id, title: p.title, hint: p.hint, unit: METRICS[p.metrics[0]].unit, series, status: worst(series.map((s) => s.status)), messages: [...new Set(series.flatMap((s) => s.messages))] };
  });
  const occ = latest(byMetric.get("OccRate")!.points);
  const activity = (["TotalDPU", "TotalTransactions"] as const).map((m) => byMetric.get(m)!);
  return {
    account,
    region,
    clusterId,
    range: { key: range.key, label: range.label, params: range.params },
    startMs: r.window.startMs,
    endMs: r.window.endMs,
    period,
    fetchedAt: nowMs,
    freshUntil: r.freshUntil,
    thresholdPct,
    price: await regionPrice(region),
    occ: { ratePct: occ?.v ?? null, at: occ?.t ?? null, state: occState(occ?.v, thresholdPct) },
    idle: activity.every((s) => s.status !== "error" && s.points.every(([, v]) => v === 0)),
    panels,
    messages: r.messages,
  };
}
