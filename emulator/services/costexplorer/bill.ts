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
  /** Every cluster of an account in a Region, as a metric source. */
  clusters(region: string, account: string): MetricSource[];
}

const dayStart = (t: number) => Math.floor(t / DAY_MS) * DAY_MS;
const monthStart = (t: number) => Date.UTC(new Date(t).getUTCFullYear(), new Date(t).getUTCMonth(), 1);
const monthHours = (t: number) => {
  const d = new Date(t);
  return (Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - monthStart(t)) / HOUR_MS;
};

/** The end of the usage the bill holds at `nowMs`: the start of yesterday (UTC). */
export const billedUntil = (nowMs: number) => dayStart(nowMs) - DAY_MS;

/** One account's usage of a day in a Region: DPUs, and GB-months stored (the day's mean size over its hours of the month). */
function usageOf(src: BillSource, account: string, region: string, day: number, untilMs: number, nowMs: number) {
  let dpu = 0;
  let gbMonths = 0;
  const end = Math.min(day + DAY_MS, untilMs);
  for (const c of src.clusters(region, account)) {
    dpu += aggregate(c, CH.TotalDPU, day, end, nowMs).sum;
    const size = aggregate(c, CH.ClusterStorageSize, day, end, nowMs);
    if (size.count) gbMonths += ((size.sum / size.count / GB) * (size.count / 60)) / monthHours(day);
  }
  return { dpu, gbMonths };
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
      for (const r of byRegion) {
        const p = SCENARIO_PRICES[r.region];
        if (!p) continue;
        // The free part of the day is taken from each Region in proportion to its use.
        const dpuBilled = r.dpu * (dpu > 0 ? 1 - freeDpuToday / dpu : 1);
        const gbBilled = r.gbMonths * (gb > 0 ? 1 - freeGbToday / gb : 1);
        if (r.dpu > 0) out.push({ account, region: r.region, usageType: `${p.usagePrefix}-DSQL-DistributedProcessingUnits`, day, quantity: dpuBilled, usd: (dpuBilled * p.dpuPerMillion) / 1e6 });
        if (r.gbMonths > 0) out.push({ account, region: r.region, usageType: `${p.usagePrefix}-DSQL-Storage-ByteHrs`, day, quantity: gbBilled, usd: gbBilled * p.storageGbMonth });
      }
      if (freeDpuToday > 0) out.push({ account, region: "global", usageType: "Global-DSQL-DistributedProcessingUnits", day, quantity: freeDpuToday, usd: 0 });
      if (freeGbToday > 0) out.push({ account, region: "global", usageType: "Global-DSQL-Storage-ByteHrs", day, quantity: freeGbToday, usd: 0 });
    }
  }
  return out;
}
