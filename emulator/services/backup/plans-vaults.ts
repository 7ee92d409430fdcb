import { epochSeconds } from "../../protocols/http";
import type { RestCall } from "../../protocols/rest-json";
import { DEFAULT_VAULT, PLAN_NAME, RETENTION_DAYS, RULE_NAME, vaultArn, vaultKeyArn, type PlanSeed } from "../../scenario/backups";
import { paged } from "./input";
import { BackupState } from "./state";
import { planArn } from "./views";

/** Backup vaults and backup plans: ListBackupVaults, DescribeBackupVault, ListBackupPlans, GetBackupPlan. */

type Vault = ReturnType<BackupState["vault"]>;

/** A vault as ListBackupVaults and DescribeBackupVault show it (the listing also names the key type). */
function vaultView(st: BackupState, region: string, account: string, v: Vault) {
  return {
    BackupVaultName: v.name,
    BackupVaultArn: vaultArn(region, v.name, account),
    VaultType: "BACKUP_VAULT",
    VaultState: "AVAILABLE",
    CreationDate: epochSeconds(v.createdMs),
    EncryptionKeyArn: vaultKeyArn(region, account),
    NumberOfRecoveryPoints: st.visiblePoints(region, account).filter((p) => p.vaultName === v.name).length,
    Locked: false,
  };
}

export function listBackupVaults(st: BackupState, { query, region, account }: RestCall) {
  const { page, nextToken } = paged(st.vaults.get(region) ?? [], query);
  return { BackupVaultList: page.map((v) => ({ ...vaultView(st, region, account, v), EncryptionKeyType: "CUSTOMER_MANAGED_KMS_KEY" })), NextToken: nextToken };
}

export function describeBackupVault(st: BackupState, { params, region, account }: RestCall) {
  return vaultView(st, region, account, st.vault(region, params.BackupVaultName));
}

export function listBackupPlans(st: BackupState, { query, region }: RestCall) {
  const { page, nextToken } = paged(
    st.plans.filter((p) => p.region === region),
    query,
  );
  return {
    BackupPlansList: page.map((p) => ({
      BackupPlanArn: planArn(p),
      BackupPlanId: p.id,
      BackupPlanName: p.name,
      VersionId: p.versionId,
      CreationDate: epochSeconds(p.createdMs),
      LastExecutionDate: lastExecutionDate(st, p),
    })),
    NextToken: nextToken,
  };
}

export function getBackupPlan(st: BackupState, { params, region }: RestCall) {
  const p = st.plan(region, params.BackupPlanId);
  return {
    BackupPlan: {
      BackupPlanName: PLAN_NAME,
      Rules: [
        {
          RuleName: RULE_NAME,
          RuleId: p.ruleId,
          TargetBackupVaultName: DEFAULT_VAULT,
          ScheduleExpression: "cron(0 3 ? * * *)",
          ScheduleExpressionTimezone: "Etc/UTC",
          StartWindowMinutes: 60,
          CompletionWindowMinutes: 480,
          Lifecycle: { DeleteAfterDays: RETENTION_DAYS },
          CopyActions: p.copyToRegions.length ? p.copyToRegions.map((r) => ({ DestinationBackupVaultArn: vaultArn(r, DEFAULT_VAULT), Lifecycle: { DeleteAfterDays: RETENTION_DAYS } })) : undefined,
        },
      ],
    },
    BackupPlanId: p.id,
    BackupPlanArn: planArn(p),
    VersionId: p.versionId,
    CreationDate: epochSeconds(p.createdMs),
    LastExecutionDate: lastExecutionDate(st, p),
  };
}

function lastExecutionDate(st: BackupState, p: PlanSeed) {
  const ms = st.lastExecutionMs(p);
  return ms === undefined ? undefined : epochSeconds(ms);
}
