import "server-only";
import type { ClusterKey } from "../aws/scope";
import { metricsEngine } from "../metrics/engine";
import { promqlClient, type PromqlClient } from "../metrics/promql";
import { indexSuggestions, type IndexSuggestion } from "./advisor";
import { regionPrice } from "../cost/pricing";
import type { Price } from "../cost/prices";
import { AAS_METRIC, buildInsights, contentionOf, LABEL, type Contention, type Insights } from "./model";

/**
 * Loads a cluster's Database Insights for a time range with three PromQL calls, whatever the page
 * shows: one range query broken down by wait event, statement, application and role at once (the
 * chart, the top lists and the leaks are all cut from it here), and one instant query each for the
 * same window a day and a week earlier. ComputeDPU, QueryTimeouts and the OCC figures come from one
 * GetMetricData read through the metrics engine. All of it is cached and shared like every CloudWatch answer.
 */

/** CloudWatch lets a PromQL query cover 24 hours: a longer range shows its last day. */
export const MAX_SPAN_MS = 24 * 3_600_000;
/** About this many steps on the chart. */
const TARGET_STEPS = 120;
const MINUTE = 60_000;

export interface ClusterInsights extends Insights {
  /** Set when the range was cut to the last 24 hours. */
  clipped: boolean;
  /** Query timeouts over the window (CloudWatch QueryTimeouts, Sum), beside the leaks. */
  queryTimeouts?: number;
  computeDpu?: number;
  /** OCC contention beside the conflict rate (lib/insights/model.ts contentionOf). */
  contention: Contention;
  /** The Region's DPU price, for the dollars of the estimates. */
  price?: Price;
  /** Scan-to-index advice for the top statements (lib/insights/advisor.ts). */
  suggestions: IndexSuggestion[];
  /** PromQL calls this load made (0 when every answer was cached or shared). */
  calls: number;
}

export const selector = (clusterId: string) => `{"${AAS_METRIC}", "${LABEL.cluster}"="${clusterId.replace(/["\\]/g, "")}"}`;
/** A PromQL `by (...)` clause over CloudWatch's quoted UTF-8 label names. */
export const by = (...labels: string[]) => `(${labels.map((l) => `"${l}"`).join(", ")})`;

/** The window on whole minutes (DASH publishes per minute), with a step of whole minutes. */
export function insightWindow(startMs: number, endMs: number): { startMs: number; endMs: number; stepMs: number; clipped: boolean } {
  const end = Math.floor(endMs / MINUTE) * MINUTE;
  const clipped = end - startMs > MAX_SPAN_MS;
  const span = Math.max(5 * MINUTE, Math.min(MAX_SPAN_MS, end - startMs));
  const stepMs = Math.max(1, Math.ceil(span / TARGET_STEPS / MINUTE)) * MINUTE;
  const steps = Math.floor(span / stepMs);
  return { startMs: end - (steps - 1) * stepMs, endMs: end, stepMs, clipped };
}

export async function loadInsights(c: ClusterKey, range: { startMs: number; endMs: number }, client: PromqlClient = promqlClient()): Promise<ClusterInsights> {
  const { clipped, ...w } = insightWindow(range.startMs, range.endMs);
  const sel = selector(c.identifier);
  const stepS = w.stepMs / 1000;
  // Each step: the minutes it covers summed and divided by their number, so a minute without sessions counts as zero.
  const rangeQuery = `sum by ${by(LABEL.wait, LABEL.statement, LABEL.app, LABEL.role)} (sum_over_time(${sel}[${stepS}s])) / ${stepS / 60}`;
  const spanS = (w.endMs - w.startMs + w.stepMs) / 1000;
  const earlier = (offset: string) => `sum by ${by(LABEL.statement, LABEL.app, LABEL.role)} (sum_over_time(${sel}[${spanS}s] offset ${offset})) / ${spanS / 60}`;
  const scope = { account: c.account, region: c.region };
  const window = { startMs: w.startMs - w.stepMs, endMs: w.endMs };
  const [now, day, week, metrics, price] = await Promise.all([
    client.query(scope, { query: rangeQuery, startMs: w.startMs, endMs: w.endMs, stepMs: w.stepMs }),
    client.query(scope, { query: earlier("1d"), endMs: w.endMs }),
    client.query(scope, { query: earlier("1w"), endMs: w.endMs }),
    metricsEngine()
      .fetch({
        ...scope,
        window,
        series: [
          { cluster: c.identifier, metric: "ComputeDPU" },
          { cluster: c.identifier, metric: "QueryTimeouts" },
          { cluster: c.identifier, metric: "OccConflicts" },
          { cluster: c.identifier, metric: "TotalTransactions" },
          { cluster: c.identifier, metric: "TotalDPU" },
        ],
      })
      .catch(() => undefined),
    regionPrice(c.region).catch(() => undefined),
  ]);
  const sum = (metric: string) => {
    const s = metrics?.series.find((x) => x.metric === metric && x.status !== "error");
    return s ? s.points.reduce((a, [, v]) => a + v, 0) : undefined;
  };
  const computeDpu = sum("ComputeDPU");
  const insights = buildInsights({ window: w, series: now.series, dayBefore: day.series, weekBefore: week.series, computeDpu });
  return {
    ...insights,
    suggestions: await indexSuggestions(insights.top.statement),
    clipped,
    computeDpu,
    queryTimeouts: sum("QueryTimeouts"),
    contention: contentionOf({ window: w, series: now.series, conflicts: sum("OccConflicts"), transactions: sum("TotalTransactions"), totalDpu: sum("TotalDPU") }),
    price,
    calls: [now, day, week].filter((a) => a.called).length,
  };
}
