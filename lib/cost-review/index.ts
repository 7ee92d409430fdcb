import type { Scope } from "../aws/scope";
import { config } from "../aws/config";
import { freeTierUsage } from "../cost";
import { regionPrice } from "../cost/pricing";
import { fleetTagValues, listFleet, type Cluster } from "../dsql/clusters";
import { toAppError } from "../errors";
import { DPU_KINDS } from "../metrics/catalog";
import { metricsEngine, type MetricsEngine } from "../metrics/engine";
import { buildReview, figuresFor, type ClusterSeries, type ReviewCore } from "./compare";
import { DAY_MS, daysOf, parseTagFilter, resolveComparison, type Comparison, type CostQuery } from "./period";
import type { Bill, BillComparison, EstimateDay } from "../cost/bill-model";
import { readBill, RESOURCE_DAYS } from "../cost/bill";
import { clusterKey } from "../aws/scope";
import { billAgainst } from "./bill";

/**
 * The cost review of the fleet: one engine fetch per region covering both periods at daily
 * buckets (DPU by kind, TotalDPU, storage), priced per region, compared, grouped and filtered by
 * a cluster tag. A region that fails shows its error; the others are still reviewed.
 */

export type { ClusterCostRow, DailyCost, GroupRow, KindRow, ReviewTotals } from "./compare";
export type { Comparison, CostQuery } from "./period";

const DAY_S = 86_400;
const METRICS = [...DPU_KINDS, "TotalDPU", "ClusterStorageSize"] as const;

export interface CostReview extends ReviewCore {
  generatedAt: number;
  comparison: Comparison;
  groupBy?: string;
  tag?: { key: string; value: string };
  /** Tag keys and their values across the fleet, for the group and filter pickers. */
  tagValues: Record<string, string[]>;
  regionErrors: (Scope & { accountName: string; message: string })[];
  /** Clusters left out because CloudWatch could not answer for them, or answered in part. */
  incomplete: { region: string; name: string; identifier: string; status: "error" | "partial"; message: string }[];
  /** Clusters reviewed (after the tag filter) and in the fleet. */
  counts: { reviewed: number; fleet: number };
  /** Each account's free-tier use in the chosen month (all its clusters, whatever the filter; one allowance per account); null for custom periods. */
  freeTier: ({ account: string; accountName: string } & ReturnType<typeof freeTierUsage>)[] | null;
  /** The estimate per account, Region and UTC day of the current period (all clusters, whatever the filter), for the bill beside it. */
  estimateDays: EstimateDay[];
  /** The bill from Cost Explorer beside the estimate (with `withBill`); null when not asked or not readable (`billError` says why). */
  bill: BillComparison | null;
  billError?: string;
  /** Why the clusters' parts of the bill are allocated rather than Cost Explorer's per-resource figures. */
  resourceBillNote?: string;
}

export interface CostReviewOptions {
  nowMs?: number;
  engine?: MetricsEngine;
  regions?: string[];
  /** Read the bill from Cost Explorer too (in parallel with the metrics) and allocate it to the clusters. */
  withBill?: boolean;
}

async function regionSeries(scope: Scope & { accountName: string }, clusters: Cluster[], cmp: Comparison, engine: MetricsEngine) {
  const { account, accountName, region } = scope;
  const price = await regionPrice(region);
  const r = await engine.fetch({
    account,
    region,
    window: { startMs: cmp.previous.startMs, endMs: cmp.current.toMs },
    series: clusters.flatMap((c) => METRICS.map((metric) => ({ cluster: c.identifier, metric, period: DAY_S }))),
  });
  const byKey = new Map(r.series.map((s) => [`${s.cluster}|${s.metric}`, s]));
  return clusters.map((c) => {
    const got = METRICS.map((m) => byKey.get(`${c.identifier}|${m}`)!);
    const status = got.some((s) => !s || s.status === "error") ? "error" : got.some((s) => s.status === "partial") ? "partial" : "complete";
    const series: ClusterSeries = {
      account,
      accountName,
      region,
      identifier: c.identifier,
      name: c.name,
      tags: c.tags,
      price,
      dpu: Object.fromEntries(got.filter((s) => s.metric !== "ClusterStorageSize").map((s) => [s.metric, s.points])) as ClusterSeries["dpu"],
      storage: got.find((s) => s.metric === "ClusterStorageSize")?.points ?? [],
    };
    return { series, status, message: [...new Set(got.flatMap((s) => s?.messages ?? []))].join("; ") };
  });
}

export async function costReview(query: CostQuery, opts: CostReviewOptions = {}): Promise<CostReview> {
  const nowMs = opts.nowMs ?? Date.now();
  const cmp = resolveComparison(query, nowMs);
  const tag = parseTagFilter(query.tag);
  const engine = opts.engine ?? metricsEngine();
  // The bill is read while the metrics are; Cost Explorer failing leaves the review standing.
  const settle = (p: Promise<Bill>) =>
    p.then(
      (bill) => ({ bill }),
      (err: unknown) => ({ error: toAppError(err).message }),
    );
  const billRead = opts.withBill ? settle(readBill(cmp.current.startMs, cmp.current.toMs, nowMs)) : undefined;
  // The per-resource lines cover the last 14 days (where the account turned them on).
  const resourcesFrom = Math.max(cmp.current.startMs, Math.floor(nowMs / DAY_MS) * DAY_MS - (RESOURCE_DAYS - 1) * DAY_MS);
  const resourcesRead = opts.withBill && resourcesFrom < cmp.current.toMs ? settle(readBill(resourcesFrom, cmp.current.toMs, nowMs, "resources")) : undefined;
  const fleet = await listFleet({ regions: opts.regions });
  const regionErrors: CostReview["regionErrors"] = fleet.filter((r) => r.error).map((r) => ({ account: r.account, accountName: r.accountName, region: r.region, message: r.error! }));

  const perRegion = await Promise.all(
    fleet
      .filter((r) => r.clusters.length)
      .map(async (r) => {
        try {
          return await regionSeries(r, r.clusters, cmp, engine);
        } catch (err) {
          regionErrors.push({ account: r.account, accountName: r.accountName, region: r.region, message: toAppError(err).message });
          return [];
        }
      }),
  );
  const all = perRegion.flat();
  const usable = all.filter((x) => x.status !== "error").map((x) => x.series);
  const selected = tag ? usable.filter((s) => s.tags[tag.key] === tag.value) : usable;

  const accounts = new Map(usable.map((s) => [s.account, s.accountName]));
  const freeTier = [...accounts].map(([account, accountName]) => {
    const f = usable.filter((s) => s.account === account).map((s) => figuresFor(s, cmp.current, nowMs));
    return {
      account,
      accountName,
      ...freeTierUsage(
        f.reduce((n, x) => n + x.dpu, 0),
        f.reduce((n, x) => n + x.gbMonths, 0),
      ),
    };
  });
  const days = estimateDays(usable, cmp.current, nowMs);
  const read = await billRead;
  const perResource = await resourcesRead;
  const billed =
    read && "bill" in read
      ? await billAgainst(read.bill, {
          estimateDays: days,
          series: usable,
          period: cmp.current,
          unread: regionErrors,
          nowMs,
          resources: perResource && "bill" in perResource ? { bill: perResource.bill, fromMs: resourcesFrom } : undefined,
        })
      : undefined;
  const review = buildReview(selected, cmp, nowMs, { groupBy: query.groupBy });
  return {
    generatedAt: nowMs,
    comparison: cmp,
    groupBy: query.groupBy,
    tag,
    tagValues: fleetTagValues(fleet),
    regionErrors: regionErrors.sort((a, b) => a.accountName.localeCompare(b.accountName) || a.region.localeCompare(b.region)),
    incomplete: all
      .filter((x) => x.status !== "complete" && (!tag || x.series.tags[tag.key] === tag.value))
      .map((x) => ({ region: x.series.region, name: x.series.name, identifier: x.series.identifier, status: x.status as "error" | "partial", message: x.message || "no detail from CloudWatch" })),
    counts: { reviewed: selected.length, fleet: fleet.reduce((n, r) => n + r.clusters.length, 0) },
    freeTier: cmp.kind === "month" ? freeTier : null,
    estimateDays: days,
    bill: billed?.comparison ?? null,
    billError: read && "error" in read ? read.error : undefined,
    resourceBillNote: perResource && "error" in perResource ? `Cost Explorer's per-resource data could not be read (${perResource.error}): each cluster's part of the bill is allocated` : undefined,
    ...review,
    clusters: billed ? review.clusters.map((c) => ({ ...c, billed: billed.clusters.get(clusterKey(c)) ?? { usd: 0, basis: "allocated" as const } })) : review.clusters,
  };
}

/** The current period's estimate per account, Region and day: what the bill is compared with. */
function estimateDays(series: ClusterSeries[], period: Comparison["current"], nowMs: number): EstimateDay[] {
  const byKey = new Map<string, EstimateDay>();
  for (const s of series) {
    for (const day of daysOf(period)) {
      const f = figuresFor(s, { startMs: Math.max(day, period.startMs), toMs: Math.min(day + 86_400_000, period.toMs) }, nowMs);
      const key = `${s.account}|${s.region}|${day}`;
      const d = byKey.get(key) ?? { account: s.account, region: s.region, day: new Date(day).toISOString().slice(0, 10), dpu: 0, gbMonths: 0, usd: 0 };
      d.dpu += f.dpu;
      d.gbMonths += f.gbMonths;
      d.usd = d.usd === null || f.total === null ? null : d.usd + f.total;
      byKey.set(key, d);
    }
  }
  return [...byKey.values()];
}
