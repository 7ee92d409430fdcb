import "server-only";
import { config } from "../aws/config";
import { clusterKey, scopeKey, type Scope } from "../aws/scope";
import { fleetBackupHealth, scopesOf } from "../backup/fleet";
import { TtlCache } from "../cache";
import { mapLimit } from "../concurrency";
import { listClusters, type Cluster } from "../dsql/clusters";
import { DSQL_QUOTA_DEFAULTS, dsqlConfigVerdicts, dsqlQuotas, type ConfigVerdicts, type DsqlQuotas } from "../dsql/governance";
import { clusterPolicy, clusterStreams, vpcEndpointsOf } from "../dsql/network";
import { drillStandings, type DrillStanding } from "../drills";
import { missingPermission, toAppError } from "../errors";
import { metricsEngine } from "../metrics/engine";
import { readinessChecks, readinessScore, type CheckResult, type ReadinessFacts, type Unreadable } from "./checks";

/**
 * Readiness scorecards, for one cluster (its Readiness tab) or a whole fleet (the overview's
 * column), through one code path: the facts every cluster of an account's Region shares are read
 * once per Region (backups, the VPC endpoint service and its endpoints, Config's verdicts, the
 * quotas, one batched metrics read for every cluster's connections and storage, and one store query
 * for their last restore drills); the facts only a cluster has (its resource policy, its CDC
 * streams) are read per cluster, a few at a time. Each
 * fact that fails becomes unknown, naming the permission AWS refused. Facts are kept five minutes:
 * they change by hand, not by the minute.
 */

export type { CheckResult } from "./checks";

/** DSQL's limit of connections per cluster, when Service Quotas does not say. */
export const CONNECTION_LIMIT = DSQL_QUOTA_DEFAULTS.connectionsPerCluster.value;
const DAY_MS = 86_400_000;
const KEEP_MS = 5 * 60_000;
/** Per-cluster reads (GetClusterPolicy, ListStreams) in flight at once, across the fleet. */
const CLUSTER_CONCURRENCY = 6;
const scopeCache = new TtlCache<ScopeFacts>(200);
const clusterCache = new TtlCache<ClusterFacts>(5000);

export interface Scorecard {
  checks: CheckResult[];
  score: ReturnType<typeof readinessScore>;
  readAt: number;
}

type Fact<T> = T | Unreadable;

async function fact<T>(read: Promise<T>): Promise<Fact<T>> {
  try {
    return await read;
  } catch (err) {
    const message = toAppError(err).message;
    const permission = missingPermission((err as Error).message ?? "") ?? missingPermission(message);
    return { error: message, ...(permission && { permission }) };
  }
}

const failed = <T>(f: Fact<T>): f is Unreadable => typeof f === "object" && f !== null && "error" in f;
/** A fact of a cluster taken from its Region's fact. */
const pick = <T, R>(f: Fact<T>, get: (v: T) => Fact<R>): Fact<R> => (failed(f) ? f : get(f));

/** What every cluster of one account's Region shares. */
interface ScopeFacts {
  readAt: number;
  backup: Fact<Record<string, number | null>>;
  vpcEndpoint: Fact<{ serviceName: string; available: number }>;
  /** Cluster identifier → the day's peak connections and largest size. */
  usage: Fact<Record<string, { peak: number | null; bytes: number | null }>>;
  config: Fact<ConfigVerdicts>;
  quotas: Fact<DsqlQuotas>;
  /** Cluster ARN → its last drill verdict (one store query for the Region's clusters). */
  drills: Fact<Record<string, DrillStanding | null>>;
  /** Clusters of the Region by kind, for the cluster quotas. */
  counts: { single: number; multi: number };
}

interface ClusterFacts {
  policy: Fact<{ document: string | null }>;
  streams: Fact<{ name: string; status: string; statusReason?: string }[]>;
}

/** The day's peak connections and largest storage of every cluster of a Region, in one planned metrics read. */
async function usageOf(scope: Scope, clusters: Cluster[], nowMs: number): Promise<Record<string, { peak: number | null; bytes: number | null }>> {
  const r = await metricsEngine().fetch({
    ...scope,
    window: { startMs: nowMs - DAY_MS, endMs: nowMs },
    series: clusters.flatMap((c) => [
      { cluster: c.identifier, metric: "Connections" as const, period: 3600 },
      { cluster: c.identifier, metric: "ClusterStorageSize" as const, period: 3600 },
    ]),
  });
  const out: Record<string, { peak: number | null; bytes: number | null }> = {};
  for (const s of r.series) {
    if (s.status === "error") throw new Error(s.messages.join("; ") || "CloudWatch returned no data");
    const max = s.points.length ? Math.max(...s.points.map(([, v]) => v)) : null;
    const u = (out[s.cluster] ??= { peak: null, bytes: null });
    // No connection at all is no peak; a gauge with no datapoint is unknown size.
    if (s.metric === "Connections") u.peak = max && max > 0 ? max : null;
    else u.bytes = max;
  }
  return out;
}

function scopeFacts(scope: Scope, clusters: Cluster[], nowMs: number): Promise<ScopeFacts> {
  return scopeCache.get(scopeKey(scope), KEEP_MS, async () => {
    const [backup, vpcEndpoint, usage, configVerdicts, quotas, drills] = await Promise.all([
      fact(
        fleetBackupHealth(clusters, new Date(nowMs)).then((h) => {
          const e = h.errors[0];
          if (e) throw new Error(e.message);
          return Object.fromEntries(clusters.map((c) => [c.arn, h.byArn[c.arn]?.lastGoodAt ? Date.parse(h.byArn[c.arn].lastGoodAt!) : null]));
        }),
      ),
      // The endpoint service is the Region's (its clusters share it; the host name tells them apart): asked once, of any cluster.
      fact(vpcEndpointsOf({ ...scope, identifier: clusters[0].identifier })),
      fact(usageOf(scope, clusters, nowMs)),
      fact(dsqlConfigVerdicts(scope)),
      fact(dsqlQuotas(scope)),
      fact(drillStandings(clusters)),
    ]);
    const multi = clusters.filter((c) => c.peers.length > 0).length;
    return { readAt: nowMs, backup, vpcEndpoint, usage, config: configVerdicts, quotas, drills, counts: { single: clusters.length - multi, multi } };
  });
}

function clusterFacts(c: Cluster): Promise<ClusterFacts> {
  return clusterCache.get(clusterKey(c), KEEP_MS, async () => {
    const [policy, streams] = await Promise.all([fact(clusterPolicy(c).then((document) => ({ document }))), fact(clusterStreams(c))]);
    return { policy, streams };
  });
}

function scorecard(c: Cluster, s: ScopeFacts, own: ClusterFacts, nowMs: number): Scorecard {
  const { backupStaleHours } = config();
  const { requireCmk, criticalTag } = config().readiness;
  const usage = pick(s.usage, (u) => u[c.identifier] ?? { error: "No metrics read for this cluster yet" });
  const quota = (k: keyof DsqlQuotas) => (failed(s.quotas) ? { value: DSQL_QUOTA_DEFAULTS[k].value, applied: false } : s.quotas[k]);
  const facts: ReadinessFacts = {
    cluster: { name: c.name, deletionProtectionEnabled: c.deletionProtectionEnabled, encryptionType: c.encryption.type, peers: c.peers.length, tags: c.tags, status: c.status },
    requireCmk,
    criticalTag,
    backup: pick(s.backup, (b) => ({ lastGoodAt: b[c.arn] ?? null, staleHours: backupStaleHours })),
    drill: pick(s.drills, (d) => d[c.arn] ?? null),
    vpcEndpoint: s.vpcEndpoint,
    policy: own.policy,
    streams: own.streams,
    // Without Service Quotas, the documented defaults: the quota check says it could not read them.
    connections: pick(usage, (u) => ({ peak: u.peak, limit: quota("connectionsPerCluster").value })),
    storage: pick(usage, (u) => ({ bytes: u.bytes, limitBytes: quota("clusterSizeGb").value * 1e9, applied: quota("clusterSizeGb").applied })),
    clusterQuota: pick(s.quotas, (q) => ({
      single: { used: s.counts.single, limit: q.singleRegionClusters.value },
      multi: { used: s.counts.multi, limit: q.multiRegionClusters.value },
      applied: q.singleRegionClusters.applied && q.multiRegionClusters.applied,
    })),
    config: pick(s.config, (v) => ({ rules: v.rules, verdicts: v.byCluster[c.identifier] ?? {}, recording: v.recording })),
    nowMs,
  };
  const checks = readinessChecks(facts);
  return { checks, score: readinessScore(checks), readAt: s.readAt };
}

/**
 * Scorecards of `targets`, each among all the clusters of its account's Region (`all`: the Region's
 * facts, quotas and batched metrics cover them all, so a fleet and a single cluster read the same
 * cached facts).
 */
async function scorecards(all: Cluster[], targets: Cluster[], nowMs: number): Promise<Map<string, Scorecard>> {
  const regionFacts = async (scope: Scope) => {
    const mine = all.filter((c) => scopeKey(c) === scopeKey(scope));
    return [scopeKey(scope), await scopeFacts(scope, mine, nowMs)] as const;
  };
  const shared = new Map(await Promise.all(scopesOf(targets).map(regionFacts)));
  const own = await mapLimit(targets, CLUSTER_CONCURRENCY, clusterFacts);
  return new Map(targets.map((c, i) => [clusterKey(c), scorecard(c, shared.get(scopeKey(c))!, own[i], nowMs)]));
}

/** Every cluster's scorecard, by `account/region/identifier` (lib/aws/scope's clusterKey). */
export function fleetReadiness(clusters: Cluster[], nowMs = Date.now()): Promise<Map<string, Scorecard>> {
  return clusters.length ? scorecards(clusters, clusters, nowMs) : Promise.resolve(new Map());
}

/**
 * The fleet's scores alone, for the overview's column (what the browser needs, not every check's
 * evidence); a failure leaves the clusters out, so their cells say they could not be read.
 */
export function fleetReadinessSummaries(clusters: Cluster[]): Promise<Record<string, Scorecard["score"]>> {
  return fleetReadiness(clusters)
    .then((cards) => Object.fromEntries([...cards].map(([k, c]) => [k, c.score])))
    .catch(() => ({}));
}

/** One cluster's scorecard: its Region's clusters are listed (cached) so the Region's facts are those the overview reads. */
export async function clusterReadiness(c: Cluster, nowMs = Date.now()): Promise<Scorecard> {
  const listed = await listClusters(c).catch(() => [] as Cluster[]);
  const all = listed.some((x) => x.identifier === c.identifier) ? listed : [...listed, c];
  return (await scorecards(all, [c], nowMs)).get(clusterKey(c))!;
}
