import { bindRoutes, type RestRoute, type StateRoute } from "../../protocols/rest-json";
import { BackupState } from "./state";
import { describeBackupVault, getBackupPlan, listBackupPlans, listBackupVaults } from "./plans-vaults";
import { describeBackupJob, describeRecoveryPoint, listBackupJobs, listPointsByVault, listRecoveryPointsByResource, startBackupJob } from "./backup-jobs";
import { describeRestoreJob, listRestoreJobs, putRestoreValidationResult, restoreMetadata, startRestoreJob } from "./restore-jobs";

/**
 * AWS Backup for DSQL clusters (restJson1, PascalCase members). Jobs get a fixed timeline when
 * they are created (durations at time scale 1, divided by the clock's scale), and their state is
 * read off the clock, so `clock.advance()` in tests moves them like real time would.
 *
 * Choices where the docs leave room (each is what the dashboard must cope with anyway):
 * - Backing up a cluster that is not ACTIVE: StartBackupJob succeeds and the JOB fails with the
 *   service's precondition message. AWS Backup runs backups asynchronously (scheduled runs have no
 *   caller to return an error to) and FailedPrecondition is not among StartBackupJob's documented
 *   errors, so the message surfaces as the job's StatusMessage.
 * - More than 4 restore jobs in an account's Region (DSQL quota, "no error code"): the extra jobs wait in PENDING until a
 *   slot frees, rather than being refused.
 * - Per resource, one backup job runs at a time; a second one waits (CREATED, then PENDING).
 * - The restored cluster appears (CREATING) during the last 90 s of its restore job, becomes ACTIVE
 *   when the job completes, and CreatedResourceArn is reported from then on.
 * - Restore jobs report PercentDone/ExpectedCompletionTimeMinutes only for about half of the jobs
 *   (whether DSQL fills them in is unverified), never while PENDING.
 * - A multi-region restore is reported as one job (AWS may use a parent job with child jobs: unverified).
 * - The resource type string "DSQL" is unverified.
 */
/** Every AWS Backup operation the emulator answers: its REST route and the function answering it. */
const ROUTES: StateRoute<BackupState>[] = [
  // plans-vaults.ts
  { method: "GET", path: "/backup-vaults", operation: "ListBackupVaults", handler: listBackupVaults },
  { method: "GET", path: "/backup-vaults/{BackupVaultName}", operation: "DescribeBackupVault", handler: describeBackupVault },
  { method: "GET", path: "/backup/plans", operation: "ListBackupPlans", handler: listBackupPlans },
  { method: "GET", path: "/backup/plans/{BackupPlanId}", operation: "GetBackupPlan", handler: getBackupPlan },
  // backup-jobs.ts
  { method: "PUT", path: "/backup-jobs", operation: "StartBackupJob", handler: startBackupJob },
  { method: "GET", path: "/backup-jobs", operation: "ListBackupJobs", handler: listBackupJobs },
  { method: "GET", path: "/backup-jobs/{BackupJobId}", operation: "DescribeBackupJob", handler: describeBackupJob },
  { method: "GET", path: "/resources/{ResourceArn}/recovery-points", operation: "ListRecoveryPointsByResource", handler: listRecoveryPointsByResource },
  { method: "GET", path: "/backup-vaults/{BackupVaultName}/recovery-points", operation: "ListRecoveryPointsByBackupVault", handler: listPointsByVault },
  { method: "GET", path: "/backup-vaults/{BackupVaultName}/recovery-points/{RecoveryPointArn}", operation: "DescribeRecoveryPoint", handler: describeRecoveryPoint },
  // restore-jobs.ts
  { method: "GET", path: "/backup-vaults/{BackupVaultName}/recovery-points/{RecoveryPointArn}/restore-metadata", operation: "GetRecoveryPointRestoreMetadata", handler: restoreMetadata },
  { method: "PUT", path: "/restore-jobs", operation: "StartRestoreJob", handler: startRestoreJob },
  { method: "GET", path: "/restore-jobs", operation: "ListRestoreJobs", handler: listRestoreJobs },
  { method: "GET", path: "/restore-jobs/{RestoreJobId}", operation: "DescribeRestoreJob", handler: describeRestoreJob },
  { method: "PUT", path: "/restore-jobs/{RestoreJobId}/validations", operation: "PutRestoreValidationResult", handler: putRestoreValidationResult, responseCode: 204 },
];

/** AWS Backup for DSQL clusters: the state and model (state.ts) behind the routes above. */
export class BackupService extends BackupState {
  routes(): RestRoute[] {
    return bindRoutes<BackupState>(this, ROUTES);
  }
}
