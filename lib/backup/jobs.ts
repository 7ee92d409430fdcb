import { DescribeBackupJobCommand, paginateListBackupJobs, StartBackupJobCommand, type BackupJob as SdkBackupJob, type ListBackupJobsInput } from "@aws-sdk/client-backup";
import { backupClient } from "../aws/clients";
import { config } from "../aws/config";
import type { Scope } from "../aws/scope";
import { AppError } from "../errors";
import type { ClusterRef } from "../dsql/clusters";
import { toBackupJob, type BackupJob } from "./model";
import { invalidatePoints } from "./points";

/** Backup jobs of one cluster, and the on-demand backup. */

/** ListBackupJobs, every page or the first `limit` jobs: the one pager for a cluster's jobs and the fleet's last good backups. */
export async function pageBackupJobs(scope: Scope, filter: ListBackupJobsInput, limit = Infinity): Promise<SdkBackupJob[]> {
  const out: SdkBackupJob[] = [];
  for await (const page of paginateListBackupJobs({ client: backupClient(scope), pageSize: Math.min(limit, 1000) }, filter)) {
    out.push(...(page.BackupJobs ?? []));
    if (out.length >= limit) break;
  }
  return out;
}

export async function listBackupJobs(scope: Scope, resourceArn: string, limit = 60): Promise<BackupJob[]> {
  return (await pageBackupJobs(scope, { ByResourceArn: resourceArn }, limit))
    .map((j) => toBackupJob(scope, j))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, limit);
}

export async function getBackupJob(scope: Scope, jobId: string): Promise<BackupJob> {
  return toBackupJob(scope, await backupClient(scope).send(new DescribeBackupJobCommand({ BackupJobId: jobId })));
}

/**
 * The role AWS Backup assumes, in the cluster's own account: DSQL_OPS_BACKUP_ROLE_ARN names it once
 * (its path and name), and the same role is expected in every watched account.
 */
export function backupRoleArn(account: string): string {
  const role = config().backup.iamRoleArn;
  if (!role) {
    throw new AppError(503, "Backups and restores need the IAM role AWS Backup assumes: set DSQL_OPS_BACKUP_ROLE_ARN (e.g. arn:aws:iam::<account>:role/service-role/AWSBackupDefaultServiceRole)", "NotConfigured");
  }
  return role.replace(/^(arn:aws[a-z-]*:iam::)\d{12}(:)/, `$1${account}$2`);
}

/**
 * StartBackupJob into the configured vault. `token` (from the browser, one per button press)
 * makes a double click or a retried request start one job, not two.
 */
export async function startOnDemandBackup(cluster: ClusterRef, token?: string): Promise<BackupJob> {
  const out = await backupClient(cluster).send(
    new StartBackupJobCommand({ BackupVaultName: config().backup.vaultName, ResourceArn: cluster.arn, IamRoleArn: backupRoleArn(cluster.account), IdempotencyToken: token }),
  );
  invalidatePoints(cluster, cluster.arn);
  return getBackupJob(cluster, out.BackupJobId!);
}
