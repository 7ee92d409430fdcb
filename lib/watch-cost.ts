import "server-only";
import { randomUUID } from "node:crypto";
import { usageCounts, type UsageCount } from "./aws/usage";
import { inStore } from "./store";

/**
 * What watching the fleet costs in AWS calls, across every instance of the dashboard: each
 * instance writes its own hourly counts into the store (an idempotent upsert of its running
 * totals, so a retried or repeated flush never counts twice) and the About page adds them up.
 * Prices: CloudWatch GetMetricData is billed per 1,000 metrics requested, GetMetricStatistics and
 * ListMetrics per 1,000 requests; Cost Explorer per request; the alarm, DSQL and AWS Backup reads the
 * dashboard makes are not billed per call.
 */

export const CLOUDWATCH_PRICES = { metricsPer1000: 0.01, requestsPer1000: 0.01 } as const;
/** Cost Explorer's API: $0.01 per request (each page is a request). */
export const COST_EXPLORER_PER_REQUEST = 0.01;
const PAID_REQUESTS = new Set(["GetMetricStatistics", "ListMetrics"]);

const INSTANCE_KEY = Symbol.for("dsql-ops.instance-id");
/** This process's id in the shared counts (a restart is a new instance). */
export const instanceId: string = ((globalThis as Record<symbol, unknown>)[INSTANCE_KEY] ??= randomUUID()) as string;

export function dollarsOf(c: Pick<UsageCount, "service" | "api" | "unit" | "count">): number {
  if (c.service === "costexplorer") return c.count * COST_EXPLORER_PER_REQUEST;
  if (c.service !== "cloudwatch") return 0;
  if (c.unit === "metrics") return (c.count / 1000) * CLOUDWATCH_PRICES.metricsPer1000;
  return PAID_REQUESTS.has(c.api) ? (c.count / 1000) * CLOUDWATCH_PRICES.requestsPer1000 : 0;
}

/** Writes this instance's counts of the last two hours (the current one is still growing). */
export async function flushUsage(now = Date.now()): Promise<void> {
  const since = new Date(Math.floor(now / 3_600_000) * 3_600_000 - 3_600_000).toISOString();
  const rows = usageCounts(since);
  if (!rows.length) return;
  await inStore(async (db) => {
    for (const r of rows) {
      await db.query(
        `INSERT INTO aws_usage (hour, instance_id, service, api, unit, count) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (hour, instance_id, service, api) DO UPDATE SET count = EXCLUDED.count`,
        [r.hour, instanceId, r.service, r.api, r.unit, r.count],
      );
    }
  });
}

export interface WatchCost {
  /** From the first hour counted to the current one. */
  hours: number;
  instances: number;
  byApi: { service: string; api: string; unit: UsageCount["unit"]; count: number; dollars: number }[];
  dollars: number;
  /** The last complete 24 hours' cost, times 30. */
  monthlyProjection: number;
  lastDay: { count: number; dollars: number };
}

/** Every instance's counts of the last `days` days, priced. */
export async function watchCost(days = 7, now = Date.now()): Promise<WatchCost> {
  await flushUsage(now);
  const since = new Date(now - days * 86_400_000);
  const rows = await inStore((db) =>
    db.query<{ hour: Date | string; instance_id: string; service: string; api: string; unit: UsageCount["unit"]; count: string | number }>(
      "SELECT hour, instance_id, service, api, unit, count FROM aws_usage WHERE hour >= $1",
      [since.toISOString()],
    ),
  );
  const byApi = new Map<string, WatchCost["byApi"][number]>();
  const dayStart = now - 86_400_000;
  let lastDay = { count: 0, dollars: 0 };
  let first = now;
  for (const r of rows) {
    const count = Number(r.count);
    const hourMs = new Date(r.hour).getTime();
    first = Math.min(first, hourMs);
    const k = `${r.service}|${r.api}`;
    const a = byApi.get(k) ?? { service: r.service, api: r.api, unit: r.unit, count: 0, dollars: 0 };
    a.count += count;
    a.dollars += dollarsOf({ ...r, count });
    byApi.set(k, a);
    if (hourMs >= dayStart) lastDay = { count: lastDay.count + count, dollars: lastDay.dollars + dollarsOf({ ...r, count }) };
  }
  const list = [...byApi.values()].sort((a, b) => b.dollars - a.dollars || b.count - a.count);
  return {
    hours: rows.length ? Math.ceil((now - first) / 3_600_000) : 0,
    instances: new Set(rows.map((r) => r.instance_id)).size,
    byApi: list,
    dollars: list.reduce((s, a) => s + a.dollars, 0),
    monthlyProjection: lastDay.dollars * 30,
    lastDay,
  };
}
