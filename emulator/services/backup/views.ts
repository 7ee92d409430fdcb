import { epochSeconds } from "../../protocols/http";
import { RULE_NAME, vaultArn, vaultKeyArn, type PlanSeed } from "../../scenario/backups";
import { ACCOUNT_ID } from "../../scenario/fleet";
import { accountOf, type BackupJob, H, MIN, RESOURCE_TYPE, type RecoveryPoint, type RestoreJob, pct } from "./model";
import { BackupState } from "./state";

/** Recovery points and jobs as the Backup API returns them. */

export function planArn(p: PlanSeed) {
  return `arn:aws:backup:${p.region}:${ACCOUNT_ID}:backup-plan:${p.id}`;
}

export function createdBy(st: BackupState, region: string, planId?: string) {
  if (!planId) return undefined;
  const p = st.plan(region, planId);
  return {
    BackupPlanId: p.id,
    BackupPlanArn: planArn(p),
    BackupPlanName: p.name,
    BackupPlanVersion: p.versionId,
    BackupRuleId: p.ruleId,
    BackupRuleName: RULE_NAME,
    BackupRuleCron: "cron(0 3 ? * * *)",
    BackupRuleTimezone: "Etc/UTC",
  };
}

export function encryption(p: RecoveryPoint) {
  // A copy is re-encrypted with the destination vault's key; the original keeps the cluster's key.
  const key = p.sourceVaultArn ? vaultKeyArn(p.region, accountOf(p.resourceArn)) : p.source.kmsKeyArn;
  return { EncryptionKeyArn: key, IsEncrypted: true, EncryptionKeyType: key ? "CUSTOMER_MANAGED_KMS_KEY" : "AWS_OWNED_KMS_KEY" };
}

export function pointByResource(st: BackupState, p: RecoveryPoint, now: number) {
  return {
    RecoveryPointArn: p.arn,
    CreationDate: epochSeconds(p.startedMs),
    Status: st.pointStatus(p, now),
    BackupSizeBytes: st.pointStatus(p, now) === "COMPLETED" ? p.sizeBytes : undefined,
    BackupVaultName: p.vaultName,
    IsParent: false,
    ResourceName: p.source.name,
    VaultType: "BACKUP_VAULT",
    ...encryption(p),
  };
}

export function pointFull(st: BackupState, p: RecoveryPoint, now: number) {
  const done = st.pointStatus(p, now) === "COMPLETED";
  return {
    RecoveryPointArn: p.arn,
    BackupVaultName: p.vaultName,
    BackupVaultArn: vaultArn(p.region, p.vaultName, accountOf(p.resourceArn)),
    SourceBackupVaultArn: p.sourceVaultArn,
    ResourceArn: p.resourceArn,
    ResourceType: RESOURCE_TYPE,
    CreatedBy: createdBy(st, p.sourceRegion, p.planId),
    IamRoleArn: `arn:aws:iam::${accountOf(p.resourceArn)}:role/service-role/AWSBackupDefaultServiceRole`,
    Status: st.pointStatus(p, now),
    CreationDate: epochSeconds(p.startedMs),
    InitiationDate: epochSeconds(p.startedMs),
    CompletionDate: done ? epochSeconds(p.completedMs) : undefined,
    BackupSizeInBytes: done ? p.sizeBytes : undefined,
    CalculatedLifecycle: p.deleteAfterDays !== undefined ? { DeleteAt: epochSeconds(p.completedMs + p.deleteAfterDays * 24 * H) } : undefined,
    Lifecycle: p.deleteAfterDays !== undefined ? { DeleteAfterDays: p.deleteAfterDays } : undefined,
    StorageClass: "WARM",
    LastRestoreTime: p.lastRestoreMs !== undefined && p.lastRestoreMs <= now ? epochSeconds(p.lastRestoreMs) : undefined,
    IsParent: false,
    ResourceName: p.source.name,
    VaultType: "BACKUP_VAULT",
    ...encryption(p),
  };
}

export function backupJobView(st: BackupState, j: BackupJob, now: number) {
  const state = st.backupState(j, now);
  const running = state === "RUNNING";
  const done = state === "COMPLETED" || state === "FAILED" || state === "EXPIRED";
  const progress = running ? st.clock.progress(j.startMs, (j.endMs - j.startMs) * st.clock.timeScale) : 0;
  return {
    AccountId: accountOf(j.resourceArn),
    BackupJobId: j.id,
    BackupVaultName: j.vaultName,
    BackupVaultArn: vaultArn(j.region, j.vaultName, accountOf(j.resourceArn)),
    VaultType: "BACKUP_VAULT",
    RecoveryPointArn: j.outcome === "COMPLETED" ? j.recoveryPointArn : undefined,
    RecoveryPointLifecycle: j.deleteAfterDays !== undefined ? { DeleteAfterDays: j.deleteAfterDays } : undefined,
    EncryptionKeyArn: j.encryptionKeyArn,
    IsEncrypted: true,
    ResourceArn: j.resourceArn,
    ResourceName: j.resourceName,
    ResourceType: RESOURCE_TYPE,
    CreationDate: epochSeconds(j.createdMs),
    InitiationDate: epochSeconds(j.createdMs),
    CompletionDate: done ? epochSeconds(j.endMs) : undefined,
    State: state,
    StatusMessage: done ? j.statusMessage : undefined,
    // Absent until the job runs, as AWS Backup reports it.
    PercentDone: running ? pct(progress) : state === "COMPLETED" ? "100.0" : undefined,
    BackupSizeInBytes: state === "COMPLETED" ? j.sizeBytes : undefined,
    BytesTransferred: running ? Math.round(j.sizeBytes * progress) : state === "COMPLETED" ? j.sizeBytes : undefined,
    IamRoleArn: j.iamRoleArn,
    CreatedBy: createdBy(st, j.region, j.planId),
    ExpectedCompletionDate: running ? epochSeconds(j.endMs) : undefined,
    StartBy: epochSeconds(j.createdMs + 8 * H),
    IsParent: false,
  };
}

export function restoreJobView(st: BackupState, j: RestoreJob, now: number) {
  const status = st.restoreStatus(j, now);
  const running = status === "RUNNING";
  const done = status === "COMPLETED" || status === "FAILED";
  const total = (j.endMs - j.startMs) * st.clock.timeScale;
  return {
    AccountId: accountOf(j.point.resourceArn),
    RestoreJobId: j.id,
    RecoveryPointArn: j.point.arn,
    SourceResourceArn: j.point.resourceArn,
    BackupVaultArn: vaultArn(j.region, j.point.vaultName, accountOf(j.point.resourceArn)),
    CreationDate: epochSeconds(j.createdMs),
    CompletionDate: done ? epochSeconds(j.endMs) : undefined,
    Status: status,
    StatusMessage: status === "FAILED" ? j.statusMessage : undefined,
    PercentDone: j.reportsProgress && (running || status === "COMPLETED") ? pct(running ? st.clock.progress(j.startMs, total) : 1) : undefined,
    ExpectedCompletionTimeMinutes: j.reportsProgress && running ? Math.max(1, Math.ceil((j.endMs - now) / MIN)) : undefined,
    BackupSizeInBytes: j.point.sizeBytes,
    IamRoleArn: j.iamRoleArn,
    CreatedResourceArn: j.createdResourceArn,
    ResourceType: RESOURCE_TYPE,
    RecoveryPointCreationDate: epochSeconds(j.point.startedMs),
    IsParent: false,
    ValidationStatus: j.validation?.status,
    ValidationStatusMessage: j.validation?.message,
  };
}

// ---- operations --------------------------------------------------------------------------
