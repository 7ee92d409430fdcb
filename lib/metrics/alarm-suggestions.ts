import type { Scope } from "../aws/scope";
import { percentile } from "../stats";
import { metricsEngine, type MetricsEngine } from "./engine";

/**
 * Thresholds for the alarms the dashboard offers, from the cluster's own last 7 days, each with
 * its grounds in words: a threshold nobody can explain gets ignored or deleted at 3 a.m.
 */

export interface ThresholdSuggestion {
  value: number;
  grounds: string;
}

export interface AlarmSuggestions {
  /** TotalDPU per 5 minutes. */
  dpu: ThresholdSuggestion;
  /** QueryTimeouts per 5 minutes. */
  timeouts: ThresholdSuggestion;
  /** Average CommitLatency over 5 minutes, ms. */
  latency: ThresholdSuggestion;
}

const DAY_MS = 86_400_000;
const ALARM_PERIOD_S = 300;

const twoDigits = (n: number) => (n >= 100 ? Math.round(n) : Number(n.toPrecision(2)));

/**
 * The pure part: 7 days of the three series (values per `periodS`) to suggestions per 5 minutes.
 * DPU: 3 × the 99th percentile of a 5-minute period; timeouts: above the busiest 5 minutes seen
 * (at least 1); latency: 1.5 × the 99th percentile of 5-minute averages (at least 10 ms).
 */
export function suggestFrom(s: { dpu: number[]; timeouts: number[]; latencyMs: number[]; periodS: number }): AlarmSuggestions {
  const per5 = ALARM_PERIOD_S / s.periodS;
  const dpu99 = percentile(s.dpu, 99) * per5;
  const timeoutsMax = Math.max(0, ...s.timeouts) * per5;
  const latency99 = percentile(s.latencyMs, 99);
  const span = `the last 7 days in ${s.periodS / 60}-minute periods`;
  return {
    dpu: { value: Math.max(1, twoDigits(3 * dpu99)), grounds: `3 × the 99th percentile of ${span} (${twoDigits(dpu99)} DPU per 5 minutes)` },
    timeouts: {
      value: Math.max(1, Math.ceil(timeoutsMax)),
      grounds: timeoutsMax > 0 ? `above the most timeouts in 5 minutes over ${span} (${Math.ceil(timeoutsMax)})` : `no timeout over ${span}: any timeout is news`,
    },
    latency: {
      value: Math.max(10, twoDigits(1.5 * latency99)),
      grounds: s.latencyMs.length ? `1.5 × the 99th percentile of 5-minute averages over ${span} (${twoDigits(latency99)} ms)` : `no commit over ${span}: a floor of 10 ms`,
    },
  };
}

/** Reads the cluster's last 7 days (one GetMetricData call) and suggests the thresholds. */
/** Suggestions for several clusters of one account's Region from one read of their last 7 days (one GetMetricData call set). */
export async function suggestThresholdsFor(scope: Scope, clusterIds: string[], opts: { engine?: MetricsEngine; nowMs?: number } = {}): Promise<Map<string, AlarmSuggestions>> {
  if (!clusterIds.length) return new Map();
  const engine = opts.engine ?? metricsEngine();
  const nowMs = opts.nowMs ?? Date.now();
  const metrics = ["TotalDPU", "QueryTimeouts", "CommitLatency"] as const;
  const r = await engine.fetch({
    ...scope,
    window: { startMs: nowMs - 7 * DAY_MS, endMs: nowMs },
    series: clusterIds.flatMap((cluster) => metrics.map((metric) => ({ cluster, metric, period: ALARM_PERIOD_S }))),
  });
  return new Map(
    clusterIds.map((id) => {
      const mine = r.series.filter((x) => x.cluster === id);
      const values = (m: string) => mine.find((x) => x.metric === m)?.points.map(([, v]) => v) ?? [];
      return [id, suggestFrom({ dpu: values("TotalDPU"), timeouts: values("QueryTimeouts"), latencyMs: values("CommitLatency"), periodS: mine[0]?.period ?? ALARM_PERIOD_S })];
    }),
  );
}

export async function suggestThresholds(scope: Scope, clusterId: string, opts: { engine?: MetricsEngine; nowMs?: number } = {}): Promise<AlarmSuggestions> {
  return (await suggestThresholdsFor(scope, [clusterId], opts)).get(clusterId)!;
}
