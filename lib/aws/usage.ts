/**
 * The cost of watching: every AWS call this instance makes, counted per hour, service and API, in
 * the unit AWS bills it by (GetMetricData: the metrics requested, each MetricStat of each call,
 * pages included; the other paid CloudWatch reads: requests). The SDK clients report each call
 * (lib/aws/clients.ts); lib/watch-cost.ts keeps the counts in the store, so the About page shows
 * every instance's, and prices them.
 */

export interface UsageCount {
  /** Start of the UTC hour, ISO. */
  hour: string;
  service: string;
  api: string;
  /** "metrics" for GetMetricData, "requests" otherwise. */
  unit: "metrics" | "requests";
  count: number;
}

const HOUR_MS = 3_600_000;
const KEY = Symbol.for("dsql-ops.aws-usage");
// One table per process: Next.js bundles this module once per route.
const counts: Map<string, UsageCount> = ((globalThis as Record<symbol, unknown>)[KEY] ??= new Map()) as Map<string, UsageCount>;

/** What one call costs in AWS's unit: the metrics a GetMetricData asks for, or one request. */
export function billedUnits(api: string, input: unknown): { unit: UsageCount["unit"]; count: number } {
  if (api === "GetMetricData") {
    const queries = ((input as { MetricDataQueries?: { MetricStat?: unknown }[] })?.MetricDataQueries ?? []).filter((q) => q.MetricStat);
    return { unit: "metrics", count: queries.length };
  }
  return { unit: "requests", count: 1 };
}

export function recordUsage(service: string, api: string, input: unknown, at = Date.now()): void {
  const hour = new Date(Math.floor(at / HOUR_MS) * HOUR_MS).toISOString();
  const { unit, count } = billedUnits(api, input);
  const key = `${hour}|${service}|${api}`;
  if (!counts.has(key)) prune(at);
  const c = counts.get(key) ?? { hour, service, api, unit, count: 0 };
  c.count += count;
  counts.set(key, c);
}

/** Hours older than the About page reads (7 days) are in the store already: the process forgets them. */
function prune(at: number) {
  const oldest = new Date(at - 8 * 24 * HOUR_MS).toISOString();
  for (const [key, c] of counts) if (c.hour < oldest) counts.delete(key);
}

/** This instance's counts since it started (or since `since`, an ISO hour). */
export function usageCounts(since?: string): UsageCount[] {
  return [...counts.values()].filter((c) => !since || c.hour >= since).map((c) => ({ ...c }));
}
