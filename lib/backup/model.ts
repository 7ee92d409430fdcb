import type { Scope } from "../aws/scope";
import type { BackupJob as SdkBackupJob, RecoveryPointByBackupVault, RecoveryPointByResource, RestoreJobsListMember } from "@aws-sdk/client-backup";

/**
 * AWS Backup as the dashboard sees it: recovery points, backup jobs and restore jobs of DSQL
 * clusters, mapped once from the SDK's shapes. Pure, so client components may import the types.
 */

export const BACKUP_JOB_STATES = ["CREATED", "PENDING", "RUNNING", "ABORTING", "ABORTED", "COMPLETED", "FAILED", "EXPIRED", "PARTIAL"] as const;
export type BackupJobState = (typeof BACKUP_JOB_STATES)[number];
export const RESTORE_STATUSES = ["PENDING", "RUNNING", "COMPLETED", "ABORTED", "FAILED"] as const;
export type RestoreStatus = (typeof RESTORE_STATUSES)[number];
export const ACTIVE_RESTORE_STATUSES: readonly RestoreStatus[] = ["PENDING", "RUNNING"];

export interface RecoveryPoint extends Scope {
  arn: string;
  vaultName: string;
  /** The cluster backed up (for a copy: the original cluster, in another region). */
  resourceArn: string;
  createdAt: string;
  completedAt?: string;
  status: string;
  statusMessage?: string;
  sizeBytes?: number;
  encryption: { type: "AWS_OWNED_KMS_KEY" | "CUSTOMER_MANAGED_KMS_KEY" | string; keyArn?: string };
  /** Days kept after completion; undefined = kept until deleted. */
  retentionDays?: number;
  deleteAt?: string;
  /** How it came to be: the backup plan, an on-demand backup, or a copy from another region. */
  origin: { kind: "plan"; planName?: string; ruleName?: string } | { kind: "on-demand" } | { kind: "copy"; sourceVaultArn: string };
}

export interface BackupJob extends Scope {
  id: string;
  resourceArn: string;
  vaultName?: string;
  state: BackupJobState | string;
  statusMessage?: string;
  /** A sentence for a person: why it failed and what to do (undefined when it did not fail). */
  explanation?: string;
  /** 0..100, absent when the service does not report it. */
  percentDone?: number;
  createdAt: string;
  completedAt?: string;
  sizeBytes?: number;
  recoveryPointArn?: string;
  trigger: "plan" | "on-demand";
  planName?: string;
}

export interface RestoreJob extends Scope {
  id: string;
  recoveryPointArn: string;
  recoveryPointCreatedAt?: string;
  sourceResourceArn?: string;
  status: RestoreStatus | string;
  statusMessage?: string;
  percentDone?: number;
  expectedMinutes?: number;
  createdAt: string;
  completedAt?: string;
  /** The NEW cluster the restore made (restores never overwrite their source). */
  createdResourceArn?: string;
  sizeBytes?: number;
  /** What the restore's own check reported (PutRestoreValidationResult): a restore drill's verdict. */
  validation?: { status: string; message?: string };
}

const iso = (d: Date | undefined) => (d ? d.toISOString() : undefined);

/** PercentDone is a string ("42.5"), or absent; anything unreadable counts as absent. */
export function parsePercent(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === "") return undefined;
  const n = Number(v.replace("%", ""));
  return Number.isFinite(n) ? Math.min(100, Math.max(0, n)) : undefined;
}

/** Vault listings carry what the by-resource listing lacks (lifecycle, origin); merge both when present. */
export function toRecoveryPoint(scope: Scope, p: RecoveryPointByResource, detail?: RecoveryPointByBackupVault, resourceArn = detail?.ResourceArn ?? ""): RecoveryPoint {
  const retentionDays = detail?.Lifecycle?.DeleteAfterDays;
  const origin: RecoveryPoint["origin"] = detail?.SourceBackupVaultArn
    ? { kind: "copy", sourceVaultArn: detail.SourceBackupVaultArn }
    : detail?.CreatedBy?.BackupPlanId
      ? { kind: "plan", planName: detail.CreatedBy.BackupPlanName, ruleName: detail.CreatedBy.BackupRuleName }
      : { kind: "on-demand" };
  return {
    arn: p.RecoveryPointArn ?? "",
    account: scope.account,
    region: scope.region,
    vaultName: p.BackupVaultName ?? detail?.BackupVaultName ?? "",
    resourceArn,
    createdAt: iso(p.CreationDate) ?? new Date(0).toISOString(),
    completedAt: iso(detail?.CompletionDate),
    status: p.Status ?? "UNKNOWN",
    statusMessage: p.StatusMessage,
    sizeBytes: p.BackupSizeBytes ?? detail?.BackupSizeInBytes,
    encryption: { type: p.EncryptionKeyType ?? (p.EncryptionKeyArn ? "CUSTOMER_MANAGED_KMS_KEY" : "AWS_OWNED_KMS_KEY"), keyArn: p.EncryptionKeyArn },
    retentionDays,
    deleteAt: iso(detail?.CalculatedLifecycle?.DeleteAt),
    origin,
  };
}

export function toBackupJob(scope: Scope, j: SdkBackupJob): BackupJob {
  const state = j.State ?? "UNKNOWN";
  return {
    id: j.BackupJobId ?? "",
    account: scope.account,
    region: scope.region,
    resourceArn: j.ResourceArn ?? "",
    vaultName: j.BackupVaultName,
    state,
    statusMessage: j.StatusMessage,
    explanation: explainBackupFailure(state, j.StatusMessage),
    percentDone: parsePercent(j.PercentDone),
    createdAt: iso(j.CreationDate) ?? new Date(0).toISOString(),
    completedAt: iso(j.CompletionDate),
    sizeBytes: j.BackupSizeInBytes,
    recoveryPointArn: j.RecoveryPointArn,
    trigger: j.CreatedBy?.BackupPlanId ? "plan" : "on-demand",
    planName: j.CreatedBy?.BackupPlanName,
  };
}

export function toRestoreJob(scope: Scope, j: RestoreJobsListMember): RestoreJob {
  return {
    id: j.RestoreJobId ?? "",
    account: scope.account,
    region: scope.region,
    recoveryPointArn: j.RecoveryPointArn ?? "",
    recoveryPointCreatedAt: iso(j.RecoveryPointCreationDate),
    sourceResourceArn: j.SourceResourceArn,
    status: j.Status ?? "UNKNOWN",
    statusMessage: j.StatusMessage,
    percentDone: parsePercent(j.PercentDone),
    expectedMinutes: j.ExpectedCompletionTimeMinutes,
    createdAt: iso(j.CreationDate) ?? new Date(0).toISOString(),
    completedAt: iso(j.CompletionDate),
    createdResourceArn: j.CreatedResourceArn,
    sizeBytes: j.BackupSizeInBytes,
    ...(j.ValidationStatus && { validation: { status: j.ValidationStatus, message: j.ValidationStatusMessage } }),
  };
}

export const isTerminalRestore = (status: string) => !(ACTIVE_RESTORE_STATUSES as readonly string[]).includes(status);

/** What went wrong with a backup job and what to do about it, from its state and the service's message. */
export function explainBackupFailure(state: string, message: string | undefined): string | undefined {
  if (state === "EXPIRED") {
    return "The job did not start inside its start window, so AWS Backup gave up on it. Check the plan's start window and whether the plan still selects this cluster; until a backup completes, the last good backup keeps ageing.";
  }
  if (state !== "FAILED" && state !== "ABORTED" && state !== "PARTIAL") return undefined;
  const m = message ?? "";
  const notActive = /is in state '([A-Z_]+)' and can't be backed up/.exec(m);
  if (notActive) {
    return `The cluster was ${notActive[1]} when the backup ran. AWS Backup only backs up ACTIVE clusters: connect to the cluster once to wake it, then start the backup again.`;
  }
  if (/not authorized|AccessDenied|access denied/i.test(m)) return "The IAM role AWS Backup used lacks a permission; the message names it. Grant it to the role and retry.";
  if (/KMS|key/i.test(m)) return "AWS Backup could not use the KMS key; check that the key is enabled and that the backup role may use it.";
  if (state === "ABORTED") return "The job was stopped before it completed (by a person or because its completion window ran out).";
  return m ? undefined : "AWS Backup gave no reason; look at the job in the AWS Backup console or CloudTrail.";
}
