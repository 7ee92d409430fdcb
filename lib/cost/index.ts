import { formatDistanceStrict } from "date-fns";
import { FREE_TIER, type Price } from "./prices";

/**
 * DPUs and storage to dollars. The bill has two lines, DPU and storage (dsql-facts §2):
 * - DPU: a cluster's TotalDPU includes its MultiRegionWriteDPU, which AWS charges in the region
 *   where the write started, i.e. the region of the cluster whose metrics report it. So each
 *   cluster's DPUs are priced at its own region's rate and never attributed to a peer.
 * - Storage: GB-months, the time integral of ClusterStorageSize over the billing month.
 * Figures are before the free tier, which is an account-wide allowance shown on its own.
 */

export { FREE_TIER, priceFor, PUBLISHED_PRICES, type Price } from "./prices";

/** AWS bills storage in binary gigabytes. */
export const GB = 1024 ** 3;
const DAY_MS = 86_400_000;

export interface MonthBounds {
  startMs: number;
  endMs: number;
}

/** The calendar month (UTC, as AWS bills) that holds `nowMs`. */
export function monthBounds(nowMs: number): MonthBounds {
  const d = new Date(nowMs);
  return { startMs: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), endMs: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
}

export const dpuDollars = (dpu: number, price: Price): number | null => (price.known ? (dpu * price.dpuPerMillion) / 1e6 : null);
export const storageDollars = (gbMonths: number, price: Price): number | null => (price.known ? gbMonths * price.storageGbMonth : null);

/**
 * GB-months stored between `fromMs` and `toMs`, from storage samples (bucket start, bytes).
 * A sample holds until the next one; before the first sample the first value is assumed,
 * so a gap in the gauge does not read as an empty cluster.
 */
export function gbMonths(samples: [number, number][], fromMs: number, toMs: number, month: MonthBounds): number {
  const pts = samples.filter(([t]) => t < toMs).sort((a, b) => a[0] - b[0]);
  if (!pts.length || toMs <= fromMs) return 0;
  let byteMs = 0;
  for (let i = 0; i < pts.length; i++) {
    const segStart = i === 0 ? fromMs : Math.max(fromMs, pts[i][0]);
    const segEnd = i + 1 < pts.length ? Math.min(toMs, pts[i + 1][0]) : toMs;
    if (segEnd > segStart) byteMs += pts[i][1] * (segEnd - segStart);
  }
  return byteMs / GB / (month.endMs - month.startMs);
}

export interface CostFigures {
  dpu: number;
  gbMonths: number;
  /** Null when the region's price is unknown. */
  dpuCost: number | null;
  storageCost: number | null;
  total: number | null;
}

export function costOf(dpu: number, gbm: number, price: Price): CostFigures {
  const dpuCost = dpuDollars(dpu, price);
  const storageCost = storageDollars(gbm, price);
  return { dpu, gbMonths: gbm, dpuCost, storageCost, total: dpuCost === null || storageCost === null ? null : dpuCost + storageCost };
}

export interface Forecast extends CostFigures {
  /** What the forecast takes for granted, in words. */
  assumption: string;
}

/** How far back the run rate looks. */
export const RUN_RATE_WINDOW_MS = 7 * DAY_MS;

/**
 * Month-end forecast: month to date plus the recent run rate until the end of the month.
 * The run rate is the DPU of the last 7 days (or of the month so far, if shorter) per hour;
 * storage is assumed to stay at its latest size.
 */
export function forecastMonthEnd(args: { dailyDpu: [number, number][]; mtd: CostFigures; latestStorageBytes: number | null; nowMs: number; price: Price }): Forecast {
  const { dailyDpu, mtd, latestStorageBytes, nowMs, price } = args;
  const month = monthBounds(nowMs);
  const spanStart = Math.max(month.startMs, nowMs - RUN_RATE_WINDOW_MS);
  // Daily buckets: a bucket partly inside the span counts in proportion.
  let recent = 0;
  for (const [t, v] of dailyDpu) {
    const overlap = Math.min(t + DAY_MS, nowMs) - Math.max(t, spanStart);
    const length = Math.min(t + DAY_MS, nowMs) - t;
    if (overlap > 0 && length > 0) recent += (v * overlap) / length;
  }
  const elapsed = Math.max(1, nowMs - spanStart);
  const remaining = Math.max(0, month.endMs - nowMs);
  const dpu = mtd.dpu + (recent / elapsed) * remaining;
  const gbm = mtd.gbMonths + ((latestStorageBytes ?? 0) / GB) * (remaining / (month.endMs - month.startMs));
  const span = formatDistanceStrict(spanStart, nowMs);
  return {
    ...costOf(dpu, gbm, price),
    assumption: `Assumes the DPU rate of the last ${span} continues until the end of the month and storage stays at its current size; before the free tier.`,
  };
}

export interface Allowance {
  used: number;
  allowance: number;
  remaining: number;
  /** 0..100 (can exceed 100). */
  pct: number;
}

const allowance = (used: number, total: number): Allowance => ({ used, allowance: total, remaining: Math.max(0, total - used), pct: (100 * used) / total });

/** The account's free tier this month: one allowance for the whole account, not per cluster. */
export function freeTierUsage(totalDpu: number, totalGbMonths: number) {
  return { dpu: allowance(totalDpu, FREE_TIER.dpu), storage: allowance(totalGbMonths, FREE_TIER.storageGbMonth) };
}
