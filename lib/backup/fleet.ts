import { paginateListRestoreJobs, type RestoreJobsListMember } from "@aws-sdk/client-backup";
import { backupClient } from "../aws/clients";
import { config } from "../aws/config";
import { type Scope, scopeKey } from "../aws/scope";
import { TtlCache } from "../cache";
import { toAppError } from "../errors";
import { backupHealth, type BackupHealth } from "./age";
import { pageBackupJobs } from "./jobs";
import { ACTIVE_RESTORE_STATUSES, toRestoreJob, type RestoreJob } from "./model";

/**
 * Backup figures for the whole fleet at the cost of a few calls per region, not one per cluster:
 * the newest COMPLETED backup job per cluster over a look-back window (a cluster with none in the
 * window is stale by definition), and the restore jobs still under way.
 */

const CACHE_MS = 30_000;
const DAY_MS = 86_400_000;
const lastGoodCache = new TtlCache<Record<string, string>>(100);
const restoresCache = new TtlCache<RestoreJob[]>(100);

/** Far enough back to tell "stale" from "very stale", short enough to keep the listing small. */
export const lookbackDays = (thresholdHours = config().backupStaleHours) => Math.max(7, Math.ceil((2 * thresholdHours) / 24));

/** Cluster ARN → when its newest completed backup was taken, for one account's Region. */
export function lastGoodBackups(scope: Scope): Promise<Record<string, string>> {
  return lastGoodCache.get(scopeKey(scope), CACHE_MS, async () => {
    const since = new Date(Date.now() - lookbackDays() * DAY_MS);
    const newest: Record<string, string> = {};
    for (const j of await pageBackupJobs(scope, { ByState: "COMPLETED", ByCreatedAfter: since })) {
      if (!j.ResourceArn?.startsWith("arn:aws:dsql:") || !j.CreationDate) continue;
      const at = j.CreationDate.toISOString();
      if (!newest[j.ResourceArn] || at > newest[j.ResourceArn]) newest[j.ResourceArn] = at;
    }
    return newest;
  });
}

export interface FleetBackupHealth {
  byArn: Record<string, BackupHealth>;
  /** Account Regions whose backup jobs could not be read; their clusters show no figure rather than a wrong one. */
  errors: ScopeError[];
}

export type ScopeError = Scope & { message: string };

/** The distinct (account, Region) pairs of some resources. */
export function scopesOf(items: Scope[]): Scope[] {
  const seen = new Map<string, Scope>();
  for (const i of items) if (!seen.has(scopeKey(i))) seen.set(scopeKey(i), { account: i.account, region: i.region });
  return [...seen.values()];
}

export async function fleetBackupHealth(clusters: (Scope & { arn: string })[], now = new Date()): Promise<FleetBackupHealth> {
  const threshold = config().backupStaleHours;
  const byArn: Record<string, BackupHealth> = {};
  const errors: FleetBackupHealth["errors"] = [];
  await Promise.all(
    scopesOf(clusters).map(async (scope) => {
      try {
        const newest = await lastGoodBackups(scope);
        for (const c of clusters) if (scopeKey(c) === scopeKey(scope)) byArn[c.arn] = backupHealth(newest[c.arn], threshold, now);
      } catch (err) {
        errors.push({ ...scope, message: toAppError(err).message });
      }
    }),
  );
  return { byArn, errors };
}

/** Restore jobs of one account's Region created in the last `days` days, newest first. */
export function recentRestoreJobs(scope: Scope, days = 30): Promise<RestoreJob[]> {
  return restoresCache.get(`${scopeKey(scope)}|${days}`, 5_000, async () => {
    const out: RestoreJobsListMember[] = [];
    for await (const page of paginateListRestoreJobs({ client: backupClient(scope), pageSize: 1000 }, { ByCreatedAfter: new Date(Date.now() - days * DAY_MS) })) {
      out.push(...(page.RestoreJobs ?? []));
    }
    return out
      .filter((j) => !j.SourceResourceArn || j.SourceResourceArn.startsWith("arn:aws:dsql:") || j.RecoveryPointArn?.startsWith("arn:aws:dsql:"))
      .map((j) => toRestoreJob(scope, j))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  });
}

export interface RegionRestores {
  jobs: RestoreJob[];
  errors: ScopeError[];
}

export async function restoresAcross(scopes: Scope[], filter: (j: RestoreJob) => boolean = () => true, days = 30): Promise<RegionRestores> {
  const errors: RegionRestores["errors"] = [];
  const lists = await Promise.all(
    scopes.map(async (scope) => {
      try {
        return (await recentRestoreJobs(scope, days)).filter(filter);
      } catch (err) {
        errors.push({ ...scope, message: toAppError(err).message });
        return [];
      }
    }),
  );
  return { jobs: lists.flat().sort((a, b) => b.createdAt.localeCompare(a.createdAt)), errors };
}

/** Restores still PENDING or RUNNING, for the overview. */
export const restoresInFlight = (scopes: Scope[]) => restoresAcross(scopes, (j) => (ACTIVE_RESTORE_STATUSES as readonly string[]).includes(j.status), 7);

export function invalidateRestores(scope: Scope) {
  restoresCache.delete(`${scopeKey(scope)}|30`);
  restoresCache.delete(`${scopeKey(scope)}|7`);
}
