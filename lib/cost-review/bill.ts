import "server-only";
import { clusterKey } from "../aws/scope";
import { allocateBill, compareBill, type Bill, type BillComparison, type EstimateDay } from "../cost/bill-model";
import { regionPrice } from "../cost/pricing";
import { figuresFor, type ClusterSeries } from "./compare";
import type { Period } from "./period";

/**
 * The bill for a cost review's current period beside its estimate, and each cluster's allocated
 * part of it (over the days the bill covers, by its shares of TotalDPU and storage).
 */
export async function billAgainst(
  bill: Bill,
  ctx: { estimateDays: EstimateDay[]; series: ClusterSeries[]; period: Pick<Period, "startMs" | "toMs">; unread: { account: string; region: string }[]; nowMs: number },
): Promise<{ comparison: BillComparison; allocated: Map<string, number> }> {
  const regions = [...new Set([...ctx.estimateDays.map((d) => d.region), ...bill.lines.map((l) => l.region)])];
  const prices = Object.fromEntries(await Promise.all(regions.map(async (g) => [g, await regionPrice(g)] as const)));
  const comparison = compareBill(ctx.estimateDays, bill, prices, ctx.unread);
  const billedEnd = bill.billedThrough ? Date.parse(`${bill.billedThrough}T00:00:00Z`) + 86_400_000 : ctx.period.startMs;
  const covered = { startMs: ctx.period.startMs, toMs: Math.min(ctx.period.toMs, billedEnd) };
  const uses = ctx.series.map((s) => {
    const f = covered.toMs > covered.startMs ? figuresFor(s, covered, ctx.nowMs) : { dpu: 0, gbMonths: 0 };
    return { key: clusterKey(s), account: s.account, region: s.region, dpu: f.dpu, gbMonths: f.gbMonths };
  });
  return { comparison, allocated: allocateBill(comparison.rows, uses) };
}
