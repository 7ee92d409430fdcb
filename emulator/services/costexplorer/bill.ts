import { aggregate } from "../../scenario/metric-cache";
import { CH, DAY_MS, HOUR_MS, type MetricSource } from "../../scenario/metrics";
import { SCENARIO_PRICES } from "../../scenario/prices";

/**
 * The Aurora DSQL bill of the emulated organisation, as Cost Explorer reports it: per account,
 * day and usage type, from the same scenario metrics CloudWatch serves. What makes it differ from
 * an estimate from metrics, as AWS's does:
 * - the free tier (100,000 DPUs and 1 GB-month per account and month) is used up day by day from
 *   the start of the month and billed at $0 under `Global-DSQL-*` usage types;
 * - the bill lags: usage of the last 24 to 48 hours is not in it yet (it runs to the start of
 *   yesterday, UTC).
 * Simplifications: no credits, Savings Plans or refunds; DPU and storage are the only lines (as
 * the user guide says); amounts are not rounded to cents until the invoice, as in Cost Explorer.
 */

export const SERVICE = "Amazon Aurora DSQL";
const FREE_DPU = 100_000;
const FREE_GB_MONTH = 1;
const GB = 1024 ** 3;

export interface BillLine {
  account: string;
  /** The cluster's ARN (Cost Explorer's RESOURCE_ID) and its tags. */
  resource: string;
  tags: Record<string, string>;
  /** A Region, or "global" for the free tier's lines. */
  region: string;
  usageType: string;
  /** UTC day start. */
  day: number;
  quantity: number;
  usd: number;
}

export interface BillSource {
  accounts: string[];
  regions: string[];
  /** Every cluster of an account in a Region: its metric source, ARN and tags. */
  clusters(region: string, account: string): { src: MetricSource; arn: string; tags: Record<string, string> }[];
}

const dayStart = (t: number) => Math.floor(t / DAY_MS) * DAY_MS;
const monthStart = (t: number) => Date.UTC(new Date(t).getUTCFullYear(), new Date(t).getUTCMonth(), 1);
const monthHours = (t: number) => {
  const d = new Date(t);
  return (Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - monthStart(t)) / HOUR_MS;
};

/** The end of the usage the bill holds at `nowMs`: the start of yesterday (UTC). */
export const billedUntil = (nowMs: number) => dayStart(nowMs) - DAY_MS;

/** Each cluster's usage of a day: DPUs, and GB-months stored (the day's mean size over its hours of the month). */
function usageOf(src: BillSource, account: string, region: string, day: number, untilMs: number, nowMs: number) {
  const end = Math.min(day + DAY_MS, untilMs);
  const clusters = src.clusters(region, account).map((c) => {
    const size = aggregate(c.src, CH.ClusterStorageSize, day, end, nowMs);
    return { arn: c.arn, tags: c.tags, dpu: aggregate(c.src, CH.TotalDPU, day, end, nowMs).sum, gbMonths: size.count ? ((size.sum / size.count / GB) * (size.count / 60)) / monthHours(day) : 0 };
  });
  return { clusters, dpu: clusters.reduce((s, c) => s + c.dpu, 0), gbMonths: clusters.reduce((s, c) => s + c.gbMonths, 0) };
}

/** Every line of the bill for the days in [fromMs, toMs) of the given accounts. */
export function billLines(src: BillSource, accounts: string[], fromMs: number, toMs: number, nowMs: number): BillLine[] {
  const until = billedUntil(nowMs);
  const out: BillLine[] = [];
  const from = dayStart(fromMs);
  for (const account of accounts) {
    // The free tier is used from the first of the month: start there even when the request starts later.
    let freeDpu = 0;
    let freeGb = 0;
    let month = -1;
    for (let day = monthStart(from); day < Math.min(toMs, until); day += DAY_MS) {
      if (monthStart(day) !== month) {
        month = monthStart(day);
        freeDpu = FREE_DPU;
        freeGb = FREE_GB_MONTH;
      }
      const byRegion = src.regions.map((region) => ({ region, ...usageOf(src, account, region, day, until, nowMs) }));
      const dpu = byRegion.reduce((s, r) => s + r.dpu, 0);
      const gb = byRegion.reduce((s, r) => s + r.gbMonths, 0);
      const freeDpuToday = Math.min(freeDpu, dpu);
      const freeGbToday = Math.min(freeGb, gb);
      freeDpu -= freeDpuToday;
      freeGb -= freeGbToday;
      if (day < from) continue;
      // The free part of the day is taken from each cluster in proportion to its use.
      const dpuShare = dpu > 0 ? 1 - freeDpuToday / dpu : 1;
      const gbShare = gb > 0 ? 1 - freeGbToday / gb : 1;
      for (const r of byRegion) {
        const p = SCENARIO_PRICES[r.region];
        if (!p) continue;
        for (const c of r.clusters) {
          const base = { account, region: r.region, resource: c.arn, tags: c.tags, day };
          const dpuBilled = c.dpu * dpuShare;
          const gbBilled = c.gbMonths * gbShare;
          if (c.dpu > 0) out.push({ ...base, usageType: `${p.usagePrefix}-DSQL-DistributedProcessingUnits`, quantity: dpuBilled, usd: (dpuBilled * p.dpuPerMillion) / 1e6 });
          if (c.gbMonths > 0) out.push({ ...base, usageType: `${p.usagePrefix}-DSQL-Storage-ByteHrs`, quantity: gbBilled, usd: gbBilled * p.storageGbMonth });
          // The free tier's $0 lines carry the clusters that used it.
          if (c.dpu > 0 && freeDpuToday > 0) out.push({ ...base, region: "global", usageType: "Global-DSQL-DistributedProcessingUnits", quantity: c.dpu * (1 - dpuShare), usd: 0 });
          if (c.gbMonths > 0 && freeGbToday > 0) out.push({ ...base, region: "global", usageType: "Global-DSQL-Storage-ByteHrs", quantity: c.gbMonths * (1 - gbShare), usd: 0 });
        }
      }
    }
  }
  return out;
}
