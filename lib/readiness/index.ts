import "server-only";
import { config } from "../aws/config";
import type { ClusterKey } from "../aws/scope";
import { fleetBackupHealth } from "../backup/fleet";
import { TtlCache } from "../cache";
import type { Cluster } from "../dsql/clusters";
import { clusterPolicy, clusterStreams, vpcEndpointsOf } from "../dsql/network";
import { drillStanding } from "../drills";
import { missingPermission, toAppError } from "../errors";
import { metricsEngine } from "../metrics/engine";
import { readinessChecks, readinessScore, type CheckResult, type ReadinessFacts, type Unreadable } from "./checks";

/**
 * A cluster's readiness scorecard: its facts read in parallel (each one that fails becomes
 * unknown, naming the permission AWS refused), then the checks of checks.ts. Kept five minutes:
 * the facts change by hand, not by the minute.
 */

export type { CheckResult } from "./checks";

/** DSQL's limit of connections per cluster. */
export const CONNECTION_LIMIT = 10_000;
const DAY_MS = 86_400_000;
const cache = new TtlCache<Scorecard>(500);
const KEEP_MS = 5 * 60_000;

export interface Scorecard {
  checks: CheckResult[];
  score: ReturnType<typeof readinessScore>;
  readAt: number;
}

async function fact<T>(read: Promise<T>): Promise<T | Unreadable> {
  try {
    return await read;
  } catch (err) {
    const message = toAppError(err).message;
    const permission = missingPermission((err as Error).message ?? "") ?? missingPermission(message);
    return { error: message, ...(permission && { permission }) };
  }
}

async function peakConnections(c: ClusterKey, nowMs: number): Promise<{ peak: number | null; limit: number }> {
  const r = await metricsEngine().fetch({
    account: c.account,
    region: c.region,
    window: { startMs: nowMs - DAY_MS, endMs: nowMs },
    series: [{ cluster: c.identifier, metric: "Connections", period: 3600 }],
  });
  const s = r.series[0];
  if (!s || s.status === "error") throw new Error(s?.messages.join("; ") || "CloudWatch returned no connection data");
  const values = s.points.map(([, v]) => v);
  return { peak: values.length && Math.max(...values) > 0 ? Math.max(...values) : null, limit: CONNECTION_LIMIT };
}

export function clusterReadiness(c: Cluster, nowMs = Date.now()): Promise<Scorecard> {
  return cache.get(`${c.account}/${c.region}/${c.identifier}`, KEEP_MS, async () => {
    const { backupStaleHours } = config();
    const { requireCmk, criticalTag } = config().readiness;
    const [backup, vpcEndpoint, policy, streams, connections, drill] = await Promise.all([
      fact(
        fleetBackupHealth([c], new Date(nowMs)).then((h) => {
          const e = h.errors[0];
          if (e) throw new Error(e.message);
          const got = h.byArn[c.arn];
          return { lastGoodAt: got?.lastGoodAt ? Date.parse(got.lastGoodAt) : null, staleHours: backupStaleHours };
        }),
      ),
      fact(vpcEndpointsOf(c)),
      fact(clusterPolicy(c).then((document) => ({ document }))),
      fact(clusterStreams(c)),
      fact(peakConnections(c, nowMs)),
      fact(drillStanding(c)),
    ]);
    const facts: ReadinessFacts = {
      cluster: { name: c.name, deletionProtectionEnabled: c.deletionProtectionEnabled, encryptionType: c.encryption.type, peers: c.peers.length, tags: c.tags },
      requireCmk,
      criticalTag,
      backup,
      drill,
      vpcEndpoint,
      policy,
      streams,
      connections,
      nowMs,
    };
    const checks = readinessChecks(facts);
    return { checks, score: readinessScore(checks), readAt: nowMs };
  });
}
