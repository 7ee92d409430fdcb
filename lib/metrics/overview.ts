import type { Scope } from "../aws/scope";
import { ownAccountId } from "../aws/accounts";
import { config } from "../aws/config";
import { costOf, forecastMonthEnd, freeTierUsage, gbMonths, monthBounds, priceFor, type CostFigures, type Forecast, type MonthBounds, type Price } from "../cost";
import { regionPrice } from "../cost/pricing";
import { toAppError } from "../errors";
import { metricsEngine, type MetricSeries, type MetricsEngine, type SeriesStatus } from "./engine";
import { latest, occState, type OccState } from "./occ";

/**
 * The fleet overview's figures per cluster: DPUs today, dollars month to date (with a forecast)
 * and the current OCC rate, for all clusters of a region in one planned request: one window
 * (the month so far), daily DPU and storage buckets, hourly OCC rate by metric math.
 */

const DAY_S = 86_400;
const HOUR_S = 3_600;
const FIVE_MIN_MS = 300_000;

/**
 * The OCC period that puts a bucket boundary about an hour before now: the month so far is one
 * bucket and the last hour the other, so the "current" rate costs two datapoints per cluster
 * instead of an hourly series for the month. (GetMetricData buckets start at StartTime; a
 * multiple of 5 minutes suits CloudWatch's retention for data up to 63 days old.) Early in the
 * month, plain hours.
 */
export function lastHourPeriod(monthStartMs: number, nowMs: number): number {
  const boundary = Math.floor((nowMs - HOUR_S * 1000) / FIVE_MIN_MS) * FIVE_MIN_MS;
  const p = (boundary - monthStartMs) / 1000;
  return p > HOUR_S ? p : HOUR_S;
}

export interface ClusterUsage {
  identifier: string;
  /** Today (UTC) so far. */
  dpuToday: number;
  mtd: CostFigures;
  forecast: Forecast;
  occ: { ratePct: number | null; at: number | null; state: OccState };
  status: SeriesStatus;
  messages: string[];
}

export interface RegionUsage extends Scope {
  price: Price;
  clusters: ClusterUsage[];
  /** Set when the region's metrics could not be read; the other regions still render. */
  error?: string;
  queries: number;
  calls: number;
}

export interface UsageOptions {
  engine?: MetricsEngine;
  /** Read every account's metrics from this monitoring account (cross-account observability); by default DSQL_OPS_MONITORING_ACCOUNT decides. */
  monitoringAccount?: string | null;
  /** A cluster's account when it is not the scope's (a monitoring account reading a source account). */
  sourceAccountOf?: (identifier: string) => string | undefined;
  nowMs?: number;
  thresholdPct?: number;
  prices?: Parameters<typeof priceFor>[1];
}

export async function regionUsage(scope: Scope, clusterIds: string[], opts: UsageOptions = {}): Promise<RegionUsage> {
  const { account, region } = scope;
  const engine = opts.engine ?? metricsEngine();
  const nowMs = opts.nowMs ?? Date.now();
  const threshold = opts.thresholdPct ?? config().occThresholdPct;
  const price = opts.prices ? priceFor(region, opts.prices) : await regionPrice(region);
  const month = monthBounds(nowMs);
  const result = await engine.fetch({
    account,
    region,
    window: { startMs: month.startMs, endMs: nowMs },
    series: clusterIds.flatMap((cluster) => {
      const source = opts.sourceAccountOf?.(cluster);
      const account = source && source !== scope.account ? source : undefined;
      return [
        { account, cluster, metric: "TotalDPU" as const, period: DAY_S },
        // Daily Maximum: storage cost is then an upper bound, off by a day's growth at most.
        { account, cluster, metric: "ClusterStorageSize" as const, period: DAY_S },
        { account, cluster, metric: "OccRate" as const, period: lastHourPeriod(month.startMs, nowMs), exactPeriod: true },
      ];
    }),
  });
  // The engine hands every caller of the same minute the same series: derive the figures once.
  const sig = `${threshold}|${JSON.stringify(price)}|${Math.floor(nowMs / 60_000)}`;
  const memo = derived.get(result.series);
  const clusters = memo?.sig === sig ? memo.clusters : perCluster(clusterIds, result.series, { nowMs, threshold, price, month });
  if (memo?.sig !== sig) derived.set(result.series, { sig, clusters });
  return { account, region, price, clusters, queries: result.queries, calls: result.calls };
}

const derived = new WeakMap<MetricSeries[], { sig: string; clusters: ClusterUsage[] }>();

function perCluster(clusterIds: string[], series: MetricSeries[], ctx: { nowMs: number; threshold: number; price: Price; month: MonthBounds }): ClusterUsage[] {
  const { nowMs, threshold, price, month } = ctx;
  const todayStart = Math.floor(nowMs / (DAY_S * 1000)) * DAY_S * 1000;
  return clusterIds.map((identifier, i): ClusterUsage => {
    const [dpu, storage, occ] = series.slice(i * 3, i * 3 + 3);
    const dpuMonth = dpu.points.reduce((s, [, v]) => s + v, 0);
    const mtd = costOf(dpuMonth, gbMonths(storage.points, month.startMs, nowMs, month), price);
    // The newest bucket: the last hour (about), or the current hour early in the month.
    const last = latest(occ.points);
    const rate = last && last.t >= nowMs - 2 * HOUR_S * 1000 ? last.v : null;
    const parts = [dpu, storage, occ];
    return {
      identifier,
      dpuToday: dpu.points.find(([t]) => t === todayStart)?.[1] ?? 0,
      mtd,
      forecast: forecastMonthEnd({ dailyDpu: dpu.points, mtd, latestStorageBytes: latest(storage.points)?.v ?? null, nowMs, price }),
      occ: { ratePct: rate, at: rate === null ? null : last!.t, state: occState(rate, threshold) },
      status: parts.some((p) => p.status === "error") ? "error" : parts.some((p) => p.status === "partial") ? "partial" : "complete",
      messages: [...new Set(parts.flatMap((p) => p.messages))],
    };
  });
}

/** What the overview's table shows of a cluster's usage (and ships to the browser). */
export interface FleetUsage {
  dpuToday: number;
  /** Dollars month to date; null when the region's price is unknown (`priceNote` says why). */
  costMtd: number | null;
  forecast: number | null;
  priceNote?: string;
  occRatePct: number | null;
  occState: OccState;
  /** Partial data or per-query errors CloudWatch reported for this cluster. */
  note?: string;
}

export function toFleetUsage(u: ClusterUsage, price: Price): FleetUsage {
  return {
    dpuToday: u.dpuToday,
    costMtd: u.mtd.total,
    forecast: u.forecast.total,
    priceNote: price.known ? undefined : price.reason,
    occRatePct: u.occ.ratePct,
    occState: u.occ.state,
    note: u.status === "complete" ? undefined : `CloudWatch: ${u.status === "partial" ? "partial data" : "error"}${u.messages.length ? ` (${u.messages.join("; ")})` : ""}`,
  };
}

type ScopeClusters = Scope & { clusters: { identifier: string }[] };

/**
 * Every account's Region settled on its own: one failing shows its error while the others render.
 * With a monitoring account (DSQL_OPS_MONITORING_ACCOUNT), each Region's clusters of every account
 * are read from it together, one call set per Region instead of one per account and Region; an
 * account not linked to it answers Forbidden for its clusters, which then show that error.
 */
export async function fleetUsage(scopes: ScopeClusters[], opts: UsageOptions = {}): Promise<RegionUsage[]> {
  const failed = async ({ account, region }: Scope, err: unknown): Promise<RegionUsage> => ({
    account,
    region,
    price: opts.prices ? priceFor(region, opts.prices) : await regionPrice(region),
    clusters: [],
    error: toAppError(err).message,
    queries: 0,
    calls: 0,
  });
  const monitoring = opts.monitoringAccount === undefined ? (config().accounts.monitoringAccount ? await ownAccountId() : null) : opts.monitoringAccount;
  if (!monitoring) {
    return Promise.all(scopes.map(async (s) => regionUsage(s, s.clusters.map((c) => c.identifier), opts).catch((err) => failed(s, err))));
  }
  const regions = [...new Set(scopes.map((s) => s.region))];
  const perRegion = await Promise.all(
    regions.map(async (region) => {
      const mine = scopes.filter((s) => s.region === region);
      const accountOf = new Map(mine.flatMap((s) => s.clusters.map((c) => [c.identifier, s.account] as const)));
      try {
        const all = await regionUsage({ account: monitoring, region }, [...accountOf.keys()], { ...opts, sourceAccountOf: (id) => accountOf.get(id) });
        const byId = new Map(all.clusters.map((c) => [c.identifier, c]));
        // The Region's calls are counted once, on its first account.
        return mine.map((s, i): RegionUsage => ({ account: s.account, region, price: all.price, clusters: s.clusters.map((c) => byId.get(c.identifier)!), queries: i ? 0 : all.queries, calls: i ? 0 : all.calls }));
      } catch (err) {
        return Promise.all(mine.map((s) => failed(s, err)));
      }
    }),
  );
  const byScope = new Map(perRegion.flat().map((u) => [`${u.account}/${u.region}`, u]));
  return scopes.map((s) => byScope.get(`${s.account}/${s.region}`)!);
}

/** The fleet's month so far across accounts and Regions, and each account's free tier (one allowance per account, not per cluster). */
export function fleetTotals(usage: RegionUsage[]) {
  const all = usage.flatMap((r) => r.clusters.map((c) => ({ c, account: r.account })));
  const dpuOf = (xs: typeof all) => xs.reduce((s, { c }) => s + c.mtd.dpu, 0);
  const gbmOf = (xs: typeof all) => xs.reduce((s, { c }) => s + c.mtd.gbMonths, 0);
  const priced = all.filter(({ c }) => c.mtd.total !== null);
  const accounts = [...new Set(usage.map((r) => r.account))];
  return {
    dpu: dpuOf(all),
    gbMonths: gbmOf(all),
    dollars: priced.reduce((s, { c }) => s + (c.mtd.total ?? 0), 0),
    forecastDollars: priced.reduce((s, { c }) => s + (c.forecast.total ?? 0), 0),
    unpricedRegions: [...new Set(usage.filter((r) => !r.price.known && r.clusters.length).map((r) => r.region))],
    freeTier: accounts.map((account) => {
      const mine = all.filter((x) => x.account === account);
      return { account, ...freeTierUsage(dpuOf(mine), gbmOf(mine)) };
    }),
  };
}
