import { DescribeRestoreJobCommand, PutRestoreValidationResultCommand, StartRestoreJobCommand } from "@aws-sdk/client-backup";
import { backupClient } from "../aws/clients";
import type { Scope } from "../aws/scope";
import type { Cluster } from "../dsql/clusters";
import { invalidateRestores, recentRestoreJobs } from "./fleet";
import { backupRoleArn } from "./jobs";
import { ACTIVE_RESTORE_STATUSES, toRestoreJob, type RestoreJob } from "./model";
import { listRecoveryPoints } from "./points";
import { buildStartRestoreJobInput } from "./restore-input";

/** The AWS Backup side of a restore drill (lib/drills): its point, its restore, its verdict. */

/** AWS Backup's limit of restore jobs running at once (DSQL quota, not adjustable). */
export const RESTORE_LIMIT = 4;

/** The newest COMPLETED recovery point of the cluster's own (copies held here are another region's). */
export async function newestCompletedPoint(cluster: Cluster) {
  const points = await listRecoveryPoints(cluster, cluster.arn);
  return points.find((p) => p.status === "COMPLETED" && p.origin.kind !== "copy");
}

/** Restore jobs PENDING or RUNNING in the account's Region, read fresh (a drill decides on it). */
export async function restoresInUse(scope: Scope): Promise<number> {
  invalidateRestores(scope);
  const jobs = await recentRestoreJobs(scope, 7);
  return jobs.filter((j) => (ACTIVE_RESTORE_STATUSES as readonly string[]).includes(j.status)).length;
}

/**
 * A drill's restore: single-Region, deletion protection off (the drill deletes it), the source's
 * customer-managed key when it has one (so the drill also proves the key is usable). The drill's
 * id is the idempotency token: a drill starts one restore however often this is sent.
 */
export async function startDrillRestore(cluster: Cluster, recoveryPointArn: string, drillId: string): Promise<string> {
  const input = buildStartRestoreJobInput({
    region: cluster.region,
    recoveryPointArn,
    iamRoleArn: backupRoleArn(cluster.account),
    idempotencyToken: drillId,
    options: { deletionProtection: false, kmsKeyArn: cluster.encryption.kmsKeyArn, copySourceTags: false, tags: {} },
  });
  const out = await backupClient(cluster).send(new StartRestoreJobCommand(input));
  invalidateRestores(cluster);
  return out.RestoreJobId!;
}

export async function describeRestore(scope: Scope, jobId: string): Promise<RestoreJob> {
  return toRestoreJob(scope, await backupClient(scope).send(new DescribeRestoreJobCommand({ RestoreJobId: jobId })));
}

/** Reports the drill's verdict on the restore to AWS Backup (shown with the restore job there). */
export async function reportRestoreValidation(scope: Scope, jobId: string, passed: boolean, message: string): Promise<void> {
  await backupClient(scope).send(new PutRestoreValidationResultCommand({ RestoreJobId: jobId, ValidationStatus: passed ? "SUCCESSFUL" : "FAILED", ValidationStatusMessage: message.slice(0, 1000) }));
}
