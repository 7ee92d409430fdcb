import { DescribeBackupJobCommand, paginateListBackupJobs, StartBackupJobCommand, type BackupJob as SdkBackupJob, type ListBackupJobsInput } from "@aws-sdk/client-backup";
import { backupClient } from "../aws/clients";
import { config } from "../aws/config";
import { AppError } from "../errors";
import type { ClusterRef } from "../dsql/clusters";
import { toBackupJob, type BackupJob } from "./model";
import { invalidatePoints } from "./points";

/** Backup jobs of one cluster, and the on-demand backup. */

/** ListBackupJobs, every page or the first `limit` jobs: the one pager for a cluster's jobs and the fleet's last good backups. */
export async function pageBackupJobs(region: string, filter: ListBackupJobsInput, limit = Infinity): Promise<SdkBackupJob[]> {
  const out: SdkBackupJob[] = [];
  for await (const page of paginateListBackupJobs({ client: backupClient(region), pageSize: Math.min(limit, 1000) }, filter)) {
    out.push(...(page.BackupJobs ?? []));
    if (out.length >= limit) break;
  }
  return out;
}

export async function listBackupJobs(region: string, resourceArn: string, limit = 60): Promise<BackupJob[]> {
  return (await pageBackupJobs(region, { ByResourceArn: resourceArn }, limit))
    .map((j) => toBackupJob(region, j))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, limit);
}

export async function getBackupJob(region: string, jobId: string): Promise<BackupJob> {
  return toBackupJob(region, await backupClient(region).send(new DescribeBackupJobCommand({ BackupJobId: jobId })));
}

export function backupRoleArn(): string {
  const role = config().backup.iamRoleArn;
  if (!role) {
    throw new AppError(503, "Backups and restores need the IAM role AWS Backup assumes: set DSQL_OPS_BACKUP_ROLE_ARN (e.g. arn:aws:iam::<account>:role/service-role/AWSBackupDefaultServiceRole)", "NotConfigured");
  }
  return role;
}

/**
 * StartBackupJob into the configured vault. `token` (from the browser, one per button press)
 * makes a double click or a retried request start one job, not two.
 */
export async function startOnDemandBackup(cluster: ClusterRef, token?: string): Promise<BackupJob> {
  const out = await backupClient(cluster.region).send(
    new StartBackupJobCommand({ BackupVaultName: config().backup.vaultName, ResourceArn: cluster.arn, IamRoleArn: backupRoleArn(), IdempotencyToken: token }),
  );
  invalidatePoints(cluster.region, cluster.arn);
  return getBackupJob(cluster.region, out.BackupJobId!);
}
