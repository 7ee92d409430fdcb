import { ACCOUNT_ID, type Scenario, type SeedCluster } from "./fleet";
import { hash32, rng } from "./random";

/**
 * The backup side of the seeded fleet: one daily plan per region (with a cross-region copy rule
 * for the multi-region orders cluster), 35 days of recovery points per cluster ending at its
 * `lastBackupAgeH`, the plan's backup jobs of the last 30 days, one FAILED job (the IDLE cluster,
 * which AWS Backup cannot back up) and one EXPIRED job (the stale cluster whose plan stopped).
 * Times are relative to the anchor, so a fresh start always shows the same ages.
 */

export const RETENTION_DAYS = 35;
export const DEFAULT_VAULT = "Default";
export const PLAN_NAME = "dsql-daily";
export const RULE_NAME = "daily-0300-utc";
const H = 3_600_000;

// Each account has its own Default vault, vault key and recovery points in a Region (their ARNs carry the account).
export const vaultArn = (region: string, name: string, account = ACCOUNT_ID) => `arn:aws:backup:${region}:${account}:backup-vault:${name}`;
export const vaultKeyArn = (region: string, account = ACCOUNT_ID) =>
  `arn:aws:kms:${region}:${account}:key/${uuidFrom(`vault-key/${account === ACCOUNT_ID ? "" : `${account}/`}${region}`).toLowerCase()}`;
/** The AWS Backup docs' example form for a DSQL recovery point; not verified against the live service. */
export const recoveryPointArn = (region: string, clusterId: string, backupId: string, account = ACCOUNT_ID) => `arn:aws:dsql:${region}:${account}:cluster/${clusterId}/backup/${backupId}`;

/** A deterministic upper-case UUID, the form AWS Backup uses for job and plan ids. */
export function uuidFrom(seed: string): string {
  const r = rng(hash32(seed));
  const hex = Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16))
    .join("")
    .toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${"89AB"[parseInt(hex[16], 16) % 4]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface PlanSeed {
  region: string;
  id: string;
  name: string;
  versionId: string;
  createdMs: number;
  ruleId: string;
  /** Where the rule copies each recovery point to, if anywhere. */
  copyToRegions: string[];
}

export interface RecoveryPointSeed {
  region: string;
  vaultName: string;
  arn: string;
  cluster: SeedCluster;
  /** The cluster the point was taken of (differs from `region` for a cross-region copy). */
  sourceRegion: string;
  startedMs: number;
  completedMs: number;
  sizeBytes: number;
  planId?: string;
  jobId?: string;
  /** Set for a copy: the vault of the original. */
  sourceVaultArn?: string;
}

export interface BackupJobSeed {
  region: string;
  id: string;
  cluster: SeedCluster;
  createdMs: number;
  startMs: number;
  endMs: number;
  outcome: "COMPLETED" | "FAILED" | "EXPIRED";
  statusMessage?: string;
  sizeBytes: number;
  recoveryPointArn?: string;
  planId: string;
}

export interface BackupSeed {
  plans: PlanSeed[];
  recoveryPoints: RecoveryPointSeed[];
  jobs: BackupJobSeed[];
}

/** The service's precondition message for a cluster that is not ACTIVE (AWS Backup / DSQL docs). */
export const notActiveMessage = (id: string, status: string) =>
  `Cluster '${id}' is in state '${status}' and can't be backed up. In order to take a backup of your cluster, it must be in Active state. Please connect to your cluster to transition it to Active to perform the backup.`;

export const expiredMessage = "The backup job did not start within the backup window of 60 minutes and expired. It will run again at the next scheduled time.";

/** Storage of a cluster `hoursAgo` before the anchor: what a full backup then held. */
function sizeAt(c: SeedCluster, hoursAgo: number): number {
  const p = c.profile;
  return Math.max(50e6, Math.round(p.storageBytes - (p.storageGrowthPerDay * hoursAgo) / 24));
}

export function seedBackups(scenario: Scenario, anchorMs: number): BackupSeed {
  const plans: PlanSeed[] = scenario.regions.map((region) => ({
    region,
    id: uuidFrom(`plan/${region}`).toLowerCase(),
    name: PLAN_NAME,
    versionId: uuidFrom(`plan-version/${region}`).replace(/-/g, "").slice(0, 32),
    createdMs: anchorMs - 24 * 210 * H,
    ruleId: uuidFrom(`rule/${region}`).toLowerCase(),
    copyToRegions: [],
  }));
  const recoveryPoints: RecoveryPointSeed[] = [];
  const jobs: BackupJobSeed[] = [];

  for (const c of scenario.clusters) {
    if (!scheduled(c)) continue;
    const plan = plans.find((p) => p.region === c.region)!;
    const copyTo = copyTargets(c, scenario);
    for (const r of copyTo) if (!plan.copyToRegions.includes(r)) plan.copyToRegions.push(r);
    const r = rng(hash32(`backups/${c.region}/${c.name}`));
    const createdAgoH = -c.createdH;
    for (let k = 0; ; k++) {
      const ageH = c.lastBackupAgeH! + 24 * k;
      if (ageH >= RETENTION_DAYS * 24 || ageH > createdAgoH) break;
      // The IDLE cluster was idle at one scheduled run: that run failed and left a gap.
      const run = scheduledRun(c, plan, k, anchorMs, copyTo, r, { notActive: c.status === "IDLE" && k === 1 ? "IDLE" : undefined });
      jobs.push(run.job);
      recoveryPoints.push(...run.points);
    }
    // The stale cluster: its last scheduled run expired (nothing ran since, so the last good backup keeps ageing).
    if (!planRunsOn(c)) {
      const ageH = c.lastBackupAgeH! - 24;
      const createdMs = anchorMs - ageH * H;
      jobs.push({
        region: c.region,
        id: uuidFrom(`job/${c.region}/${c.name}/expired`),
        cluster: c,
        createdMs,
        startMs: createdMs + 60 * 60_000,
        endMs: createdMs + 60 * 60_000,
        outcome: "EXPIRED",
        statusMessage: expiredMessage,
        sizeBytes: 0,
        planId: plan.id,
      });
    }
  }
  return { plans, recoveryPoints, jobs };
}

/** Whether the daily plan covers a seeded cluster at all. */
const scheduled = (c: SeedCluster): boolean => c.status !== "CREATING" && c.lastBackupAgeH !== undefined;

/** Whether the plan still runs for a cluster after the anchor: the stale cluster's plan stopped. */
export const planRunsOn = (c: SeedCluster): boolean => scheduled(c) && c.lastBackupAgeH! <= 48;

/** A multi-region cluster's first region copies its points to the peer regions: what a multi-region restore needs. */
export function copyTargets(c: SeedCluster, scenario: Scenario): string[] {
  return c.peers?.[0]?.region === c.region ? c.peers.map((p) => p.region).filter((r) => r !== c.region && scenario.regions.includes(r)) : [];
}

/** When run k of a cluster's daily schedule is due: k = 0 is the last run before the anchor, negative k come after it. */
export const scheduledRunMs = (c: SeedCluster, k: number, anchorMs: number): number => anchorMs - (c.lastBackupAgeH! + 24 * k) * H;

/**
 * Run k of a cluster's daily schedule: its job and, unless the cluster was not ACTIVE (`notActive`
 * names its status), its recovery point and the plan's copies. `r` draws the start jitter,
 * duration and nothing else; durations are divided by the emulator's time scale.
 */
export function scheduledRun(
  c: SeedCluster,
  plan: PlanSeed,
  k: number,
  anchorMs: number,
  copyTo: string[],
  r: () => number,
  opts: { notActive?: string; timeScale?: number } = {},
): { job: BackupJobSeed; points: RecoveryPointSeed[] } {
  const { notActive, timeScale = 1 } = opts;
  const ageH = c.lastBackupAgeH! + 24 * k;
  const startedMs = scheduledRunMs(c, k, anchorMs) + Math.round(r() * 120_000);
  const durationMs = ((8 + r() * 14) * 60_000) / timeScale;
  const sizeBytes = sizeAt(c, ageH);
  const jobId = uuidFrom(`job/${c.region}/${c.name}/${k}`);
  if (notActive) {
    return {
      job: {
        region: c.region,
        id: jobId,
        cluster: c,
        createdMs: startedMs,
        startMs: startedMs + 30_000 / timeScale,
        endMs: startedMs + 45_000 / timeScale,
        outcome: "FAILED",
        statusMessage: notActiveMessage(c.identifier, notActive),
        sizeBytes: 0,
        planId: plan.id,
      },
      points: [],
    };
  }
  const backupId = uuidFrom(`rp/${c.region}/${c.name}/${k}`).toLowerCase();
  const arn = recoveryPointArn(c.region, c.identifier, backupId, c.account);
  const points: RecoveryPointSeed[] = [
    { region: c.region, vaultName: DEFAULT_VAULT, arn, cluster: c, sourceRegion: c.region, startedMs, completedMs: startedMs + durationMs, sizeBytes, planId: plan.id, jobId },
  ];
  for (const dest of copyTo) {
    points.push({
      region: dest,
      vaultName: DEFAULT_VAULT,
      arn: recoveryPointArn(dest, c.identifier, backupId, c.account),
      cluster: c,
      sourceRegion: c.region,
      // "Identical" for a multi-region restore: same resource and creation time as the original.
      startedMs,
      completedMs: startedMs + durationMs + (6 * 60_000) / timeScale,
      sizeBytes,
      planId: plan.id,
      sourceVaultArn: vaultArn(c.region, DEFAULT_VAULT, c.account),
    });
  }
  const job: BackupJobSeed = {
    region: c.region,
    id: jobId,
    cluster: c,
    createdMs: startedMs - 20_000,
    startMs: startedMs,
    endMs: startedMs + durationMs,
    outcome: "COMPLETED",
    sizeBytes,
    recoveryPointArn: arn,
    planId: plan.id,
  };
  return { job, points };
}
