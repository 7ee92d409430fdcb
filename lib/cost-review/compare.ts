import { costOf, dpuDollars, forecastMonthEnd, gbMonths, monthBounds, storageDollars, type Price } from "../cost";
import { DPU_KINDS } from "../metrics/catalog";
import { DAY_MS, daysOf, type Comparison, type Period } from "./period";

/**
 * The cost review's arithmetic: per-cluster dollars of two periods from daily DPU and storage
 * series, the change and each line's share of it, the top movers, per-kind and per-tag views,
 * a daily chart and the month-end forecast. Pure; lib/cost-review/index.ts fetches the series.
 * Dollars are before the free tier (an account-wide allowance), like lib/cost.
 */

export type DpuKind = (typeof DPU_KINDS)[number];
export const COST_KINDS: readonly DpuKind[] = DPU_KINDS;
export const NO_TAG = "(untagged)";
/**
 * The "group by" choice that groups by AWS account rather than by a tag: tag keys starting with
 * "aws:" are AWS's own, so no user tag can be mistaken for it.
 */
export const ACCOUNT_GROUP = "aws:account";
export const accountLabel = (c: { account: string; accountName: string }) => (c.accountName === c.account ? c.account : `${c.accountName} (${c.account})`);

export interface ClusterSeries {
  account: string;
  accountName: string;
  region: string;
  identifier: string;
  name: string;
  tags: Record<string, string>;
  price: Price;
  /** Daily Sum per UTC day: [day start, DPU]. */
  dpu: Record<DpuKind | "TotalDPU", [number, number][]>;
  /** Daily Maximum of ClusterStorageSize: [day start, bytes]. */
  storage: [number, number][];
}

export interface Figures {
  dpu: number;
  byKind: Record<DpuKind, number>;
  gbMonths: number;
  dpuCost: number | null;
  storageCost: number | null;
  total: number | null;
  kindCost: Record<DpuKind, number | null>;
}

/** Sum of daily buckets over [from, to); a bucket partly inside counts in proportion to the part that has data by `nowMs`. */
export function sumOver(points: [number, number][], from: number, to: number, nowMs: number): number {
  let s = 0;
  for (const [t, v] of points) {
    const dataEnd = Math.min(t + DAY_MS, nowMs);
    const overlap = Math.min(dataEnd, to) - Math.max(t, from);
    if (overlap > 0 && dataEnd > t) s += (v * overlap) / (dataEnd - t);
  }
  return s;
}

/** GB-months over [from, to) even when it spans months: each month's part is prorated by that month's length. */
export function gbMonthsAcross(samples: [number, number][], from: number, to: number): number {
  let total = 0;
  for (let start = from; start < to;) {
    const month = monthBounds(start);
    const end = Math.min(to, month.endMs);
    total += gbMonths(samples, start, end, month);
    start = end;
  }
  return total;
}

export function figuresFor(c: ClusterSeries, p: Pick<Period, "startMs" | "toMs">, nowMs: number): Figures {
  const byKind = Object.fromEntries(COST_KINDS.map((k) => [k, sumOver(c.dpu[k], p.startMs, p.toMs, nowMs)])) as Record<DpuKind, number>;
  const dpu = sumOver(c.dpu.TotalDPU, p.startMs, p.toMs, nowMs);
  const gbm = gbMonthsAcross(c.storage, p.startMs, p.toMs);
  const cost = costOf(dpu, gbm, c.price);
  const kindCost = Object.fromEntries(COST_KINDS.map((k) => [k, dpuDollars(byKind[k], c.price)])) as Record<DpuKind, number | null>;
  return { dpu, byKind, gbMonths: gbm, dpuCost: cost.dpuCost, storageCost: cost.storageCost, total: cost.total, kindCost };
}

export interface Change {
  current: number | null;
  previous: number | null;
  delta: number | null;
  /** delta as a share of the whole change (0..1, may be negative or above 1); null when nothing changed or unpriced. */
  share: number | null;
}

/** Fills in each line's share of the total change (the sum of the priced deltas). */
export function withShares<T extends { change: Change }>(lines: T[]): T[] {
  const total = lines.reduce((s, l) => s + (l.change.delta ?? 0), 0);
  return lines.map((l) => ({ ...l, change: { ...l.change, share: l.change.delta === null || Math.abs(total) < 1e-9 ? null : l.change.delta / total } }));
}

const change = (current: number | null, previous: number | null): Change => ({ current, previous, delta: current === null || previous === null ? null : current - previous, share: null });

export interface ClusterCostRow {
  account: string;
  accountName: string;
  region: string;
  identifier: string;
  name: string;
  tags: Record<string, string>;
  /** The value of the chosen tag key (groupBy), or NO_TAG; the account for ACCOUNT_GROUP. */
  group?: string;
  priced: boolean;
  current: Figures;
  previous: Figures;
  change: Change;
  /** Its part of the bill through the last billed day (lib/cost-review/bill.ts), when the bill was read. */
  billed?: { usd: number; basis: "resource" | "allocated" | "mixed" };
}

export interface GroupRow {
  group: string;
  clusters: number;
  /** Clusters of the group whose region has no known price (their dollars are not in the figures). */
  unpriced: number;
  change: Change;
}

export interface KindRow {
  key: DpuKind | "Storage";
  label: string;
  change: Change;
}

export interface DailyCost {
  day: number;
  dpuCost: number;
  storageCost: number;
  total: number;
  /** The same day of the previous period (by position), null past its end. */
  previousTotal: number | null;
}

export interface ReviewTotals {
  current: { dpu: number; gbMonths: number; dpuCost: number; storageCost: number; total: number };
  previous: { dpu: number; gbMonths: number; dpuCost: number; storageCost: number; total: number };
  delta: number;
  /** delta / previous, null over a zero previous. */
  deltaPct: number | null;
}

export interface ForecastSummary {
  total: number;
  dpuCost: number;
  storageCost: number;
  assumption: string;
  /** The whole previous month, for comparison. */
  previousMonthTotal: number;
}

export interface Unpriced {
  region: string;
  reason: string;
  clusters: number;
  dpu: number;
  gbMonths: number;
}

export interface ReviewCore {
  totals: ReviewTotals;
  clusters: ClusterCostRow[];
  movers: ClusterCostRow[];
  kinds: KindRow[];
  groups: GroupRow[] | null;
  daily: DailyCost[];
  forecast: ForecastSummary | null;
  unpriced: Unpriced[];
}

export const KIND_LABEL: Record<DpuKind | "Storage", string> = {
  ReadDPU: "Read DPU",
  WriteDPU: "Write DPU",
  ComputeDPU: "Compute DPU",
  MultiRegionWriteDPU: "Multi-Region write DPU",
  Storage: "Storage",
};

export const TOP_MOVERS = 5;

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

function totalsOf(rows: ClusterCostRow[], which: "current" | "previous") {
  const priced = rows.filter((r) => r.priced).map((r) => r[which]);
  return {
    dpu: sum(priced.map((f) => f.dpu)),
    gbMonths: sum(priced.map((f) => f.gbMonths)),
    dpuCost: sum(priced.map((f) => f.dpuCost ?? 0)),
    storageCost: sum(priced.map((f) => f.storageCost ?? 0)),
    total: sum(priced.map((f) => f.total ?? 0)),
  };
}

export function buildReview(series: ClusterSeries[], cmp: Comparison, nowMs: number, opts: { groupBy?: string } = {}): ReviewCore {
  const { current: cur, previous: prev } = cmp;
  const clusters = withShares(
    series.map((c): ClusterCostRow => {
      const current = figuresFor(c, cur, nowMs);
      const previous = figuresFor(c, prev, nowMs);
      return {
        account: c.account,
        accountName: c.accountName,
        region: c.region,
        identifier: c.identifier,
        name: c.name,
        tags: c.tags,
        group: opts.groupBy === ACCOUNT_GROUP ? accountLabel(c) : opts.groupBy ? (c.tags[opts.groupBy] ?? NO_TAG) : undefined,
        priced: c.price.known,
        current,
        previous,
        change: change(current.total, previous.total),
      };
    }),
  ).sort((a, b) => (b.current.total ?? -1) - (a.current.total ?? -1) || b.current.dpu - a.current.dpu || a.name.localeCompare(b.name));

  const c = totalsOf(clusters, "current");
  const p = totalsOf(clusters, "previous");
  const totals: ReviewTotals = { current: c, previous: p, delta: c.total - p.total, deltaPct: p.total > 0 ? (c.total - p.total) / p.total : null };

  const priced = clusters.filter((r) => r.priced);
  const kinds = withShares<KindRow>([
    ...COST_KINDS.map((k) => ({ key: k, label: KIND_LABEL[k], change: change(sum(priced.map((r) => r.current.kindCost[k] ?? 0)), sum(priced.map((r) => r.previous.kindCost[k] ?? 0))) })),
    { key: "Storage" as const, label: KIND_LABEL.Storage, change: change(c.storageCost, p.storageCost) },
  ]);

  const movers = priced
    .filter((r) => Math.abs(r.change.delta ?? 0) > 0.005)
    .sort((a, b) => Math.abs(b.change.delta!) - Math.abs(a.change.delta!))
    .slice(0, TOP_MOVERS);

  let groups: GroupRow[] | null = null;
  if (opts.groupBy) {
    const by = new Map<string, ClusterCostRow[]>();
    for (const r of clusters) by.set(r.group!, [...(by.get(r.group!) ?? []), r]);
    groups = withShares(
      [...by].map(([group, rows]): GroupRow => {
        const g = rows.filter((r) => r.priced);
        return {
          group,
          clusters: rows.length,
          unpriced: rows.length - g.length,
          change: change(g.length ? sum(g.map((r) => r.current.total!)) : null, g.length ? sum(g.map((r) => r.previous.total!)) : null),
        };
      }),
    ).sort((a, b) => (b.change.current ?? -1) - (a.change.current ?? -1) || a.group.localeCompare(b.group));
  }

  const pricedSeries = series.filter((s) => s.price.known);
  const dayCost = (d: number, until: number) => {
    let dpuCost = 0;
    let storageCost = 0;
    for (const s of pricedSeries) {
      dpuCost += dpuDollars(sumOver(s.dpu.TotalDPU, d, until, nowMs), s.price) ?? 0;
      storageCost += storageDollars(gbMonthsAcross(s.storage, d, until), s.price) ?? 0;
    }
    return { dpuCost, storageCost, total: dpuCost + storageCost };
  };
  const prevDays = daysOf(prev);
  const daily = daysOf(cur).map((d, i): DailyCost => {
    const here = dayCost(d, Math.min(d + DAY_MS, cur.toMs));
    const pd = prevDays[i];
    return { day: d, ...here, previousTotal: pd === undefined ? null : dayCost(pd, Math.min(pd + DAY_MS, prev.toMs)).total };
  });

  let forecast: ForecastSummary | null = null;
  if (cmp.kind === "month" && cmp.inProgress) {
    const parts = pricedSeries.map((s) => {
      const f = figuresFor(s, cur, nowMs);
      return forecastMonthEnd({
        dailyDpu: s.dpu.TotalDPU.filter(([t]) => t >= cur.startMs),
        mtd: costOf(f.dpu, f.gbMonths, s.price),
        latestStorageBytes: s.storage.at(-1)?.[1] ?? null,
        nowMs,
        price: s.price,
      });
    });
    forecast = {
      total: sum(parts.map((f) => f.total ?? 0)),
      dpuCost: sum(parts.map((f) => f.dpuCost ?? 0)),
      storageCost: sum(parts.map((f) => f.storageCost ?? 0)),
      assumption: parts[0]?.assumption ?? "No priced cluster: nothing to forecast.",
      previousMonthTotal: sum(pricedSeries.map((s) => figuresFor(s, { startMs: prev.startMs, toMs: prev.endMs }, nowMs).total ?? 0)),
    };
  }

  const unpriced = new Map<string, Unpriced>();
  for (const r of clusters) {
    if (r.priced) continue;
    const s = series.find((x) => x.region === r.region && x.identifier === r.identifier)!;
    const u = unpriced.get(r.region) ?? { region: r.region, reason: s.price.known ? "" : s.price.reason, clusters: 0, dpu: 0, gbMonths: 0 };
    u.clusters++;
    u.dpu += r.current.dpu;
    u.gbMonths += r.current.gbMonths;
    unpriced.set(r.region, u);
  }

  return {
    totals,
    clusters,
    movers,
    kinds,
    groups,
    daily,
    forecast,
    unpriced: [...unpriced.values()],
  };
}
