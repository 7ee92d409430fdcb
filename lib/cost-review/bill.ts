import "server-only";
import { clusterKey } from "../aws/scope";
import { allocateBill, compareBill, type Bill, type BillComparison, type EstimateDay } from "../cost/bill-model";
import { regionPrice } from "../cost/pricing";
import { figuresFor, type ClusterSeries } from "./compare";
import type { Period } from "./period";

const DAY_MS = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const endOf = (bill: Bill, fallback: number) => (bill.billedThrough ? Date.parse(`${bill.billedThrough}T00:00:00Z`) + DAY_MS : fallback);

/** How a cluster's billed figure was had: Cost Explorer's per-resource lines, an allocation of its Region's lines, or both (resource-level for the last 14 days). */
export type BilledBasis = "resource" | "allocated" | "mixed";

export interface ClusterBill {
  usd: number;
  basis: BilledBasis;
}

/**
 * The bill for a cost review's current period beside its estimate, and each cluster's part of it
 * through the last billed day: from the per-resource lines (`resources`, from `resourcesFrom` on)
 * where Cost Explorer has them, and before that (or without them) allocated from its Region's
 * lines by its shares of TotalDPU and storage.
 */
export async function billAgainst(
  bill: Bill,
  ctx: {
    estimateDays: EstimateDay[];
    series: ClusterSeries[];
    period: Pick<Period, "startMs" | "toMs">;
    unread: { account: string; region: string }[];
    nowMs: number;
    resources?: { bill: Bill; fromMs: number };
  },
): Promise<{ comparison: BillComparison; clusters: Map<string, ClusterBill> }> {
  const regions = [...new Set([...ctx.estimateDays.map((d) => d.region), ...bill.lines.map((l) => l.region)])];
  const prices = Object.fromEntries(await Promise.all(regions.map(async (g) => [g, await regionPrice(g)] as const)));
  const comparison = compareBill(ctx.estimateDays, bill, prices, ctx.unread);

  // Before the per-resource lines (all of the period without them): allocated.
  const split = ctx.resources ? Math.max(ctx.period.startMs, ctx.resources.fromMs) : ctx.period.toMs;
  const early = { startMs: ctx.period.startMs, toMs: Math.min(split, endOf(bill, ctx.period.startMs)) };
  const earlyRows = split > ctx.period.startMs ? compareBill(ctx.estimateDays, { ...bill, lines: bill.lines.filter((l) => l.day < iso(split)) }, prices, ctx.unread).rows : [];
  const uses = ctx.series.map((s) => {
    const f = early.toMs > early.startMs ? figuresFor(s, early, ctx.nowMs) : { dpu: 0, gbMonths: 0 };
    return { key: clusterKey(s), account: s.account, region: s.region, dpu: f.dpu, gbMonths: f.gbMonths };
  });
  const allocated = allocateBill(earlyRows, uses);

  const byArn = new Map<string, number>();
  for (const l of ctx.resources?.bill.lines ?? []) if (l.resource && !l.freeTier) byArn.set(l.resource, (byArn.get(l.resource) ?? 0) + l.usd);
  const basis: BilledBasis = !ctx.resources ? "allocated" : split <= ctx.period.startMs ? "resource" : "mixed";
  // Cost Explorer names a cluster by its ARN (the aws partition: the one DSQL runs in).
  const arnOf = (s: ClusterSeries) => `arn:aws:dsql:${s.region}:${s.account}:cluster/${s.identifier}`;
  const clusters = new Map(ctx.series.map((s) => [clusterKey(s), { usd: (allocated.get(clusterKey(s)) ?? 0) + (byArn.get(arnOf(s)) ?? 0), basis }]));
  return { comparison, clusters };
}
