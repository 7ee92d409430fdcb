import {
  paginateListBackupVaults,
  paginateListRecoveryPointsByBackupVault,
  paginateListRecoveryPointsByResource,
  type RecoveryPointByBackupVault,
  type RecoveryPointByResource,
} from "@aws-sdk/client-backup";
import { backupClient } from "../aws/clients";
import { type Scope, scopeKey } from "../aws/scope";
import { TtlCache } from "../cache";
import { toRecoveryPoint, type RecoveryPoint } from "./model";

/** Recovery points of one cluster, and copies of them in other regions. */

const CACHE_MS = 10_000;
const pointsCache = new TtlCache<RecoveryPoint[]>(500);
const copiesCache = new TtlCache<string[]>(500);

async function vaultDetails(scope: Scope, vaultName: string, resourceArn: string): Promise<RecoveryPointByBackupVault[]> {
  const out: RecoveryPointByBackupVault[] = [];
  for await (const page of paginateListRecoveryPointsByBackupVault({ client: backupClient(scope), pageSize: 1000 }, { BackupVaultName: vaultName, ByResourceArn: resourceArn })) {
    out.push(...(page.RecoveryPoints ?? []));
  }
  return out;
}

/**
 * ListRecoveryPointsByResource names the points and their vaults; the vault listing (one call per
 * vault, filtered to the cluster) adds lifecycle, origin and completion. Newest first.
 */
export function listRecoveryPoints(scope: Scope, resourceArn: string): Promise<RecoveryPoint[]> {
  return pointsCache.get(`${scopeKey(scope)}|${resourceArn}`, CACHE_MS, async () => {
    const listed: RecoveryPointByResource[] = [];
    for await (const page of paginateListRecoveryPointsByResource({ client: backupClient(scope), pageSize: 100 }, { ResourceArn: resourceArn })) {
      listed.push(...(page.RecoveryPoints ?? []));
    }
    const vaults = [...new Set(listed.map((p) => p.BackupVaultName).filter((v): v is string => !!v))];
    const details = new Map<string, RecoveryPointByBackupVault>();
    for (const list of await Promise.all(vaults.map((v) => vaultDetails(scope, v, resourceArn)))) {
      for (const d of list) if (d.RecoveryPointArn) details.set(d.RecoveryPointArn, d);
    }
    return listed.map((p) => toRecoveryPoint(scope, p, details.get(p.RecoveryPointArn ?? ""), resourceArn)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  });
}

/**
 * Creation times of COMPLETED copies of `resourceArn`'s points held in `scope` (any vault):
 * a multi-region restore needs a copy with the same resource and creation time in the peer region.
 */
export function copyTimesIn(scope: Scope, resourceArn: string): Promise<string[]> {
  return copiesCache.get(`${scopeKey(scope)}|${resourceArn}`, CACHE_MS, async () => {
    const vaults: string[] = [];
    for await (const page of paginateListBackupVaults({ client: backupClient(scope) }, {})) {
      for (const v of page.BackupVaultList ?? []) if (v.BackupVaultName) vaults.push(v.BackupVaultName);
    }
    const lists = await Promise.all(vaults.map((v) => vaultDetails(scope, v, resourceArn)));
    return lists
      .flat()
      .filter((p) => p.Status === "COMPLETED" && p.CreationDate)
      .map((p) => p.CreationDate!.toISOString());
  });
}

/** Forget cached points after something changed them (an on-demand backup). */
export function invalidatePoints(scope: Scope, resourceArn: string) {
  pointsCache.delete(`${scopeKey(scope)}|${resourceArn}`);
}
