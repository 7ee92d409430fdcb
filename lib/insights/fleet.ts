import "server-only";
import { scopeKey, type Scope } from "../aws/scope";
import { toAppError } from "../errors";
import type { Cluster, RegionClusters } from "../dsql/clusters";
import { promqlClient, type PromAnswer, type PromqlClient, type PromRequest } from "../metrics/promql";
import { by, insightWindow } from "./index";
import { AAS_METRIC, byKey, CLIENT_READ, DIM_LABEL, LABEL, meanOf, topRows, waitTimeline, type Dimension, type InsightSeries, type InsightWindow, type KeyOf, type LoadRow } from "./model";

/**
 * Database Insights across the fleet: what in every cluster's workload spends the sessions, with the
 * fewest PromQL calls CloudWatch's limits allow. Per account and Region (PromQL is scoped to one):
 * - one range query by cluster and wait event, for the stacked chart and each cluster's load; an
 *   answer holds at most 500 series, so a Region with more (cluster, wait) pairs than that is asked
 *   in groups of clusters: halved while an answer comes back cut, then sized from the cluster with
 *   the most wait events, so that later refreshes ask the fewest groups that fit;
 * - one instant query for the 500 heaviest (cluster, wait, statement, application, role)
 *   combinations over the range, which the top lists are cut from;
 * - one instant query each for the same window a day and a week earlier.
 * Answers are cached a minute and shared across tabs and instances (lib/metrics/promql.ts).
 */

/** CloudWatch returns at most this many series per query (the QueryMetrics `limit`, 1..500). */
export const MAX_SERIES = 500;
/** Questions asked once per account and Region whatever its size: the combinations now, a day and a week earlier. */
const FIXED_CALLS = 3;

export interface FleetClusterLoad {
  account: string;
  accountName: string;
  region: string;
  identifier: string;
  name?: string;
  /** Mean AAS over the window, and by wait event. */
  aas: number;
  waits: Record<string, number>;
  /** Sessions idle in an open transaction (ClientRead). */
  idleInTx: number;
  /** The cluster's load a day and a week earlier, from the heaviest combinations then (undefined when its combinations were not among them). */
  dayBefore?: number;
  weekBefore?: number;
}

export interface ScopeProblem extends Scope {
  accountName: string;
  message: string;
}

export interface FleetInsights {
  window: InsightWindow;
  clipped: boolean;
  waits: string[];
  timeline: { t: number; byWait: Record<string, number> }[];
  totalAas: number;
  clusters: FleetClusterLoad[];
  top: Record<Dimension, LoadRow[]>;
  /** Whether a Region had more combinations than one answer holds (the top lists come from its heaviest 500). */
  truncated: boolean;
  problems: ScopeProblem[];
  /** PromQL calls this load made (0 when every answer was cached or shared), and the fewest the limits allow for it. */
  calls: number;
  minimumCalls: number;
}

/** Which account and Region an answer came from (PromQL answers are per scope; the labels may not say). */
const SCOPE_LABEL = "dsql-ops.scope";
const escapeRegex = (s: string) => s.replace(/[\\.^$|?*+()[\]{}"]/g, "\\$&");
/** All the scope's Insights series, or those of some clusters. */
const scopeSelector = (ids?: string[]) => (ids ? `{"${AAS_METRIC}", "${LABEL.cluster}"=~"${ids.map(escapeRegex).join("|")}"}` : `{"${AAS_METRIC}"}`);
const truncatedAnswer = (a: PromAnswer) => a.series.length >= MAX_SERIES && a.warnings.length > 0;

/** How many clusters' (cluster, wait) series fit one answer, per account and Region, as last seen. */
const groupSizes = new Map<string, number>();

const chunk = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

interface ScopeLoad {
  byClusterWait: InsightSeries[];
  now: InsightSeries[];
  day: InsightSeries[];
  week: InsightSeries[];
  truncated: boolean;
  calls: number;
}

async function loadScope(client: PromqlClient, scope: Scope, clusters: Cluster[], w: InsightWindow): Promise<ScopeLoad> {
  const stepS = w.stepMs / 1000;
  const spanS = (w.endMs - w.startMs + w.stepMs) / 1000;
  const ids = clusters.map((c) => c.identifier).sort();
  let calls = 0;
  const ask = async (req: PromRequest) => {
    const answer = await client.query(scope, req);
    if (answer.called) calls++;
    return answer;
  };
  const rangeOf = (group: string[]) =>
    ask({
      query: `sum by ${by(LABEL.cluster, LABEL.wait)} (sum_over_time(${scopeSelector(group.length === ids.length ? undefined : group)}[${stepS}s])) / ${stepS / 60}`,
      startMs: w.startMs,
      endMs: w.endMs,
      stepMs: w.stepMs,
    });
  // A group whose answer was cut is split in two and asked again; the size that fitted is kept for next time.
  const byGroups = async (group: string[]): Promise<PromAnswer[]> => {
    const answer = await rangeOf(group);
    if (!truncatedAnswer(answer) || group.length === 1) return [answer];
    const half = Math.ceil(group.length / 2);
    return (await Promise.all([byGroups(group.slice(0, half)), byGroups(group.slice(half))])).flat();
  };
  const combos = (dims: string[], offset?: string) =>
    ask({
      query: `topk(${MAX_SERIES}, sum by ${by(LABEL.cluster, ...dims)} (sum_over_time(${scopeSelector()}[${spanS}s]${offset ? ` offset ${offset}` : ""})) / ${spanS / 60})`,
      endMs: w.endMs,
    });
  const dims = [LABEL.statement, LABEL.app, LABEL.role];
  const size = groupSizes.get(scopeKey(scope)) ?? ids.length;
  const [ranges, now, day, week] = await Promise.all([
    Promise.all(chunk(ids, Math.max(1, size)).map(byGroups)).then((a) => a.flat()),
    combos([LABEL.wait, ...dims]),
    combos(dims, "1d"),
    combos(dims, "1w"),
  ]);
  // The next refresh asks in groups that fit one answer each, sized by the clusters with the most wait events.
  const perCluster = new Map<string, number>();
  for (const a of ranges) for (const x of a.series) perCluster.set(x.labels[LABEL.cluster] ?? "", (perCluster.get(x.labels[LABEL.cluster] ?? "") ?? 0) + 1);
  const widest = Math.max(1, ...perCluster.values());
  groupSizes.set(scopeKey(scope), Math.max(1, Math.floor(MAX_SERIES / widest)));
  return {
    byClusterWait: ranges.flatMap((a) => a.series),
    now: now.series,
    day: day.series,
    week: week.series,
    truncated: [now, day, week].some(truncatedAnswer),
    calls,
  };
}

export async function loadFleetInsights(fleet: RegionClusters[], range: { startMs: number; endMs: number }, client: PromqlClient = promqlClient()): Promise<FleetInsights> {
  const { clipped, ...w } = insightWindow(range.startMs, range.endMs);
  const scopes = fleet.filter((r) => !r.error && r.clusters.length > 0);
  const loaded = await Promise.all(scopes.map((r) => loadScope(client, r, r.clusters, w).catch((err: unknown) => toAppError(err))));

  const clusters: FleetClusterLoad[] = [];
  const problems: ScopeProblem[] = [];
  const series = { now: [] as InsightSeries[], day: [] as InsightSeries[], week: [] as InsightSeries[], range: [] as InsightSeries[] };
  let calls = 0;
  let minimumCalls = 0;
  let truncated = false;
  const nameOf = new Map<string, string>();
  scopes.forEach((r, i) => {
    const l = loaded[i];
    if ("message" in l) {
      problems.push({ account: r.account, region: r.region, accountName: r.accountName, message: l.message });
      return;
    }
    const known = new Map(r.clusters.map((c) => [c.identifier, c]));
    // Series of clusters the listing does not know (deleted, or another account's) are left out.
    const mine = (s: InsightSeries) => known.has(s.labels[LABEL.cluster] ?? "");
    const tag = (s: InsightSeries): InsightSeries => ({ ...s, labels: { ...s.labels, [SCOPE_LABEL]: scopeKey(r) } });
    const byClusterWait = l.byClusterWait.filter(mine);
    series.range.push(...byClusterWait);
    series.now.push(...l.now.filter(mine).map(tag));
    series.day.push(...l.day.filter(mine).map(tag));
    series.week.push(...l.week.filter(mine).map(tag));
    calls += l.calls;
    minimumCalls += FIXED_CALLS + Math.max(1, Math.ceil(l.byClusterWait.length / MAX_SERIES));
    truncated ||= l.truncated;
    const clusterKey: KeyOf = (labels) => labels[LABEL.cluster] ?? "";
    const day = byKey(l.day.filter(mine), clusterKey);
    const week = byKey(l.week.filter(mine), clusterKey);
    for (const c of r.clusters) {
      // Named with its Region: a multi-Region cluster has the same name in each.
      nameOf.set(`${scopeKey(r)}/${c.identifier}`, `${c.name ?? c.identifier} in ${r.region}`);
      const own = byClusterWait.filter((s) => s.labels[LABEL.cluster] === c.identifier);
      const waits: Record<string, number> = {};
      for (const s of own) waits[s.labels[LABEL.wait] ?? ""] = (waits[s.labels[LABEL.wait] ?? ""] ?? 0) + meanOf(s, w);
      const aas = Object.values(waits).reduce((a, b) => a + b, 0);
      clusters.push({
        account: r.account,
        accountName: r.accountName,
        region: r.region,
        identifier: c.identifier,
        name: c.name,
        aas,
        waits,
        idleInTx: waits[CLIENT_READ] ?? 0,
        dayBefore: day.get(c.identifier),
        weekBefore: week.get(c.identifier),
      });
    }
  });
  clusters.sort((a, b) => b.aas - a.aas);

  // A statement is named with its cluster (the same text runs on many); applications and roles across the fleet.
  const where = (labels: Record<string, string>) => nameOf.get(`${labels[SCOPE_LABEL]}/${labels[LABEL.cluster]}`) ?? labels[LABEL.cluster];
  const keys: Record<Dimension, KeyOf> = {
    statement: (labels) => JSON.stringify([labels[SCOPE_LABEL], labels[LABEL.cluster], labels[LABEL.statement] ?? ""]),
    app: (labels) => labels[DIM_LABEL.app] ?? "",
    role: (labels) => labels[DIM_LABEL.role] ?? "",
  };
  const top = {} as Record<Dimension, LoadRow[]>;
  for (const dim of Object.keys(keys) as Dimension[]) {
    const rows = topRows({ series: series.now, key: keys[dim], value: (s) => s.points.at(-1)?.[1] ?? 0, dayBefore: series.day, weekBefore: series.week, limit: 10 });
    top[dim] =
      dim === "statement"
        ? rows.map((r) => {
            const [scope, cluster, statement] = JSON.parse(r.key) as string[];
            return { ...r, key: statement, where: where({ [SCOPE_LABEL]: scope, [LABEL.cluster]: cluster }) };
          })
        : rows;
  }
  return { window: w, clipped, ...waitTimeline(series.range, w), clusters, top, truncated, problems, calls, minimumCalls };
}
