import { randomUUID } from "node:crypto";
import type { Clock } from "../clock";
import { AwsError } from "../protocols/errors";
import { epochSeconds } from "../protocols/http";
import { pageOf } from "../protocols/paging";
import { CLUSTER_ARN } from "../../lib/aws/ids";
import type { RestCall, RestRoute } from "../protocols/rest-json";
import {
  copyTargets,
  DEFAULT_VAULT,
  notActiveMessage,
  PLAN_NAME,
  recoveryPointArn,
  RETENTION_DAYS,
  RULE_NAME,
  planRunsOn,
  scheduledRun,
  scheduledRunMs,
  seedBackups,
  vaultArn,
  vaultKeyArn,
  type BackupJobSeed,
  type PlanSeed,
  type RecoveryPointSeed,
} from "../scenario/backups";
import { ACCOUNT_ID, type LoadProfile, type Scenario, type SeedCluster } from "../scenario/fleet";
import { hash32, rng } from "../scenario/random";
import { CREATE_MS, type ClusterRecord, type DsqlService } from "./dsql";

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
 * - More than 4 restore jobs (DSQL quota, "no error code"): the extra jobs wait in PENDING until a
 *   slot frees, rather than being refused.
 * - Per resource, one backup job runs at a time; a second one waits (CREATED, then PENDING).
 * - The restored cluster appears (CREATING) during the last 90 s of its restore job, becomes ACTIVE
 *   when the job completes, and CreatedResourceArn is reported from then on.
 * - Restore jobs report PercentDone/ExpectedCompletionTimeMinutes only for about half of the jobs
 *   (whether DSQL fills them in is unverified), never while PENDING.
 * - A multi-region restore is reported as one job (AWS may use a parent job with child jobs: unverified).
 * - The resource type string "DSQL" is unverified.
 */

export const RESOURCE_TYPE = "DSQL";
export const MAX_RUNNING_RESTORES = 4;
const H = 3_600_000;
const MIN = 60_000;
const BACKUP_CREATED_MS = 15_000;
const RESTORE_PENDING_MS = 20_000;
const JOB_HISTORY_MS = 30 * 24 * H;
const TOKEN_TTL_MS = H;
const CLUSTER_QUOTA = 20;

type BackupJobState = "CREATED" | "PENDING" | "RUNNING" | "COMPLETED" | "FAILED" | "EXPIRED" | "ABORTED";
const BACKUP_STATES: BackupJobState[] = ["CREATED", "PENDING", "RUNNING", "COMPLETED", "FAILED", "EXPIRED", "ABORTED"];
type RestoreStatus = "PENDING" | "RUNNING" | "COMPLETED" | "FAILED" | "ABORTED";
const RESTORE_STATUSES: RestoreStatus[] = ["PENDING", "RUNNING", "COMPLETED", "FAILED", "ABORTED"];

/** DSQL multi-region restore stays inside one continent group (AWS Backup devguide, restore-auroradsql). */
const CONTINENT_GROUPS = [
  ["us-east-1", "us-east-2", "us-west-2", "ca-west-1", "ca-central-1"],
  ["eu-central-1", "eu-north-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3"],
  ["ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1"],
];

// AWS Backup's client errors are all HTTP 400; the SDK picks the class from x-amzn-errortype.
const invalidParam = (message: string) => new AwsError("InvalidParameterValueException", message, 400, { Type: "User" });
const missingParam = (name: string) => new AwsError("MissingParameterValueException", `${name} is required`, 400, { Type: "User" });
const invalidRequest = (message: string) => new AwsError("InvalidRequestException", message, 400, { Type: "User" });
const notFound = (message: string) => new AwsError("ResourceNotFoundException", message, 400, { Type: "User" });

/** What a recovery point remembers of its cluster: the restore metadata and tags come from here. */
interface SourceSnapshot {
  identifier: string;
  name: string;
  deletionProtectionEnabled: boolean;
  kmsKeyArn?: string;
  tags: Record<string, string>;
  profile: LoadProfile;
}

interface RecoveryPoint {
  region: string;
  vaultName: string;
  arn: string;
  resourceArn: string;
  sourceRegion: string;
  source: SourceSnapshot;
  startedMs: number;
  completedMs: number;
  sizeBytes: number;
  /** Undefined: kept until deleted (on-demand backups without a lifecycle). */
  deleteAfterDays?: number;
  planId?: string;
  sourceVaultArn?: string;
  lastRestoreMs?: number;
}

interface BackupJob extends Omit<BackupJobSeed, "cluster" | "planId"> {
  vaultName: string;
  resourceArn: string;
  resourceName: string;
  deleteAfterDays?: number;
  planId?: string;
  iamRoleArn: string;
  encryptionKeyArn?: string;
}

interface RegionalConfig {
  region: string;
  deletionProtectionEnabled: boolean;
  kmsKeyId?: string;
}

interface RestorePlan {
  clusters: RegionalConfig[];
  witnessRegion?: string;
}

interface RestoreJob {
  region: string;
  id: string;
  point: RecoveryPoint;
  createdMs: number;
  startMs: number;
  endMs: number;
  outcome: "COMPLETED" | "FAILED";
  statusMessage?: string;
  iamRoleArn?: string;
  plan: RestorePlan;
  copyTags: boolean;
  reportsProgress: boolean;
  createdResourceArn?: string;
  materialized: boolean;
}

const KMS_ARN = /^arn:aws:kms:([a-z0-9-]+):\d{12}:(key|alias)\/[A-Za-z0-9/_-]+$/;
const KMS_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|alias\/[A-Za-z0-9/_-]+|mrk-[0-9a-f]{32})$/;
const ROLE_ARN = /^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/** A modest, steady load for restored clusters, so they get metrics of their own. */
const restoredProfile = (source: SourceSnapshot, sizeBytes: number): LoadProfile => ({
  peakTps: 12,
  readOnlyShare: 0.85,
  occShare: 0.003,
  bytesPerWrite: 700,
  bytesPerRead: 3_000,
  storageBytes: sizeBytes,
  storageGrowthPerDay: 0,
  peakHourUtc: source.profile.peakHourUtc,
  incidents: [],
  connections: 4,
});

const snapshot = (c: ClusterRecord): SourceSnapshot => ({
  identifier: c.identifier,
  name: c.name,
  deletionProtectionEnabled: c.deletionProtectionEnabled,
  kmsKeyArn: c.kmsKeyArn,
  tags: { ...c.tags },
  profile: c.profile,
});

const pct = (p: number) => (Math.floor(p * 1000) / 10).toFixed(1);

export class BackupService {
  private readonly vaults = new Map<string, { name: string; arn: string; createdMs: number; keyArn: string }[]>();
  private readonly plans: PlanSeed[];
  private readonly points: RecoveryPoint[] = [];
  private readonly backupJobs: BackupJob[] = [];
  private readonly restoreJobs: RestoreJob[] = [];
  private readonly tokens = new Map<string, { id: string; at: number }>();
  private readonly anchorMs: number;
  /** Per cluster in the daily plan, the next run to make (negative: after the anchor). */
  private readonly schedule: { cluster: SeedCluster; plan: PlanSeed; copyTo: string[]; next: number }[];

  constructor(
    private readonly clock: Clock,
    private readonly dsql: DsqlService,
    scenario: Scenario,
    anchorMs: number,
  ) {
    for (const region of scenario.regions) {
      this.vaults.set(region, [{ name: DEFAULT_VAULT, arn: vaultArn(region, DEFAULT_VAULT), createdMs: anchorMs - 24 * 220 * H, keyArn: vaultKeyArn(region) }]);
    }
    const seed = seedBackups(scenario, anchorMs);
    this.plans = seed.plans;
    this.adopt(seed.recoveryPoints, seed.jobs);
    this.anchorMs = anchorMs;
    this.schedule = scenario.clusters.filter(planRunsOn).map((c) => ({ cluster: c, plan: this.plans.find((p) => p.region === c.region)!, copyTo: copyTargets(c, scenario), next: -1 }));
  }

  /** Seeded (or scheduled) points and jobs, attached to the clusters as they are now. */
  private adopt(points: RecoveryPointSeed[], jobs: BackupJobSeed[]): void {
    const record = (region: string, id: string) => this.dsql.find(region, id);
    for (const p of points) {
      const c = record(p.sourceRegion, p.cluster.identifier);
      if (!c) continue;
      this.points.push({
        region: p.region,
        vaultName: p.vaultName,
        arn: p.arn,
        resourceArn: c.arn,
        sourceRegion: p.sourceRegion,
        source: snapshot(c),
        startedMs: p.startedMs,
        completedMs: p.completedMs,
        sizeBytes: p.sizeBytes,
        deleteAfterDays: RETENTION_DAYS,
        planId: p.planId,
        sourceVaultArn: p.sourceVaultArn,
      });
    }
    for (const j of jobs) {
      const c = record(j.region, j.cluster.identifier);
      if (!c) continue;
      this.backupJobs.push({
        region: j.region,
        id: j.id,
        vaultName: DEFAULT_VAULT,
        resourceArn: c.arn,
        resourceName: c.name,
        createdMs: j.createdMs,
        startMs: j.startMs,
        endMs: j.endMs,
        outcome: j.outcome,
        statusMessage: j.statusMessage,
        sizeBytes: j.sizeBytes,
        recoveryPointArn: j.recoveryPointArn,
        deleteAfterDays: RETENTION_DAYS,
        planId: j.planId,
        iamRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/service-role/AWSBackupDefaultServiceRole`,
        encryptionKeyArn: c.kmsKeyArn,
      });
    }
  }

  /**
   * The daily plan keeps running after the seeded history: each run is made a minute before it
   * is due, from the cluster's state then (none for a deleted cluster, a failed job for one that
   * is not ACTIVE). Only the seeded clusters are in the plan's selection, not restored ones.
   */
  private runSchedule(now: number): void {
    for (const s of this.schedule) {
      const { cluster: c } = s;
      for (; scheduledRunMs(c, s.next, this.anchorMs) - MIN <= now; s.next--) {
        const record = this.dsql.find(c.region, c.identifier);
        if (!record) continue;
        const status = this.dsql.status(record);
        const run = scheduledRun(c, s.plan, s.next, this.anchorMs, s.copyTo, rng(hash32(`backups/${c.region}/${c.name}/${s.next}`)), {
          notActive: status === "ACTIVE" || status === "UPDATING" ? undefined : status,
          timeScale: this.clock.timeScale,
        });
        this.adopt(run.points, [run.job]);
      }
    }
  }

  // ---- time-driven state -------------------------------------------------------------------

  private ms(durationAtScale1: number): number {
    return durationAtScale1 / this.clock.timeScale;
  }

  backupState(j: BackupJob, now = this.clock.now()): BackupJobState {
    if (now < j.startMs) return now < j.createdMs + this.ms(BACKUP_CREATED_MS) ? "CREATED" : "PENDING";
    if (j.outcome === "EXPIRED") return "EXPIRED";
    if (now < j.endMs) return "RUNNING";
    return j.outcome;
  }

  restoreStatus(j: RestoreJob, now = this.clock.now()): RestoreStatus {
    if (now < j.startMs) return "PENDING";
    if (now < j.endMs) return "RUNNING";
    return j.outcome;
  }

  private pointStatus(p: RecoveryPoint, now: number): "CREATING" | "COMPLETED" | undefined {
    if (now < p.startedMs) return undefined;
    if (p.deleteAfterDays !== undefined && now > p.completedMs + p.deleteAfterDays * 24 * H) return undefined; // lifecycle-deleted
    return now < p.completedMs ? "CREATING" : "COMPLETED";
  }

  private visiblePoints(region: string): RecoveryPoint[] {
    const now = this.clock.now();
    return this.points.filter((p) => p.region === region && this.pointStatus(p, now)).sort((a, b) => b.startedMs - a.startedMs);
  }

  /**
   * Called before every AWS request: restores that reached their end make their clusters. (Lazily,
   * so the emulator needs no timers and `clock.advance()` takes effect on the next request.)
   */
  settle(): void {
    const now = this.clock.now();
    this.runSchedule(now);
    for (const j of this.restoreJobs) {
      if (j.materialized || j.outcome !== "COMPLETED") continue;
      const createStart = j.endMs - this.ms(CREATE_MS);
      if (now < createStart) continue;
      j.materialized = true;
      const [primary, ...peers] = j.plan.clusters;
      if (this.dsql.list(primary.region).length >= CLUSTER_QUOTA) {
        j.outcome = "FAILED";
        j.statusMessage = `Restore failed: ServiceQuotaExceededException: You have reached the cluster limit (${CLUSTER_QUOTA} single-Region clusters in ${primary.region}).`;
        continue;
      }
      const made = j.plan.clusters.map((rc) => {
        const point = rc.region === j.region ? j.point : this.identicalCopy(j.point, rc.region)!;
        const c = this.dsql.create(rc.region, {
          deletionProtectionEnabled: rc.deletionProtectionEnabled,
          kmsKeyArn: rc.kmsKeyId,
          tags: j.copyTags ? { ...point.source.tags } : {},
          profile: restoredProfile(point.source, point.sizeBytes),
          restoredFrom: point.arn,
          witnessRegion: j.plan.witnessRegion,
        });
        // The cluster was being created during the end of the restore; it is ACTIVE when the job completes.
        c.createStartedAt = createStart;
        c.creationTime = createStart;
        point.lastRestoreMs = j.endMs;
        return c;
      });
      if (peers.length) for (const c of made) c.multiRegion = { witnessRegion: j.plan.witnessRegion, clusters: made.map((m) => m.arn) };
      j.createdResourceArn = made[0].arn;
    }
  }

  // ---- lookups -----------------------------------------------------------------------------

  private vault(region: string, name: string) {
    const v = this.vaults.get(region)?.find((x) => x.name === name);
    if (!v) throw notFound(`Backup vault '${name}' does not exist in ${region}`);
    return v;
  }

  private point(region: string, arn: string, vaultName?: string): RecoveryPoint {
    const now = this.clock.now();
    const p = this.points.find((x) => x.region === region && x.arn === arn && (vaultName === undefined || x.vaultName === vaultName) && this.pointStatus(x, now));
    if (!p) throw notFound(`Recovery point ${arn} was not found${vaultName ? ` in backup vault '${vaultName}'` : ""} in ${region}`);
    return p;
  }

  /** A copy of `p` in another region with the same resource and creation time: what a multi-region restore needs. */
  private identicalCopy(p: RecoveryPoint, region: string): RecoveryPoint | undefined {
    const now = this.clock.now();
    return this.points.find((x) => x.region === region && x.resourceArn === p.resourceArn && x.startedMs === p.startedMs && this.pointStatus(x, now) === "COMPLETED");
  }

  private plan(region: string, id: string): PlanSeed {
    const p = this.plans.find((x) => x.region === region && x.id === id);
    if (!p) throw notFound(`Backup plan ${id} was not found in ${region}`);
    return p;
  }

  private remembered(region: string, kind: string, token: unknown): string | undefined {
    if (typeof token !== "string" || !token) return undefined;
    const hit = this.tokens.get(`${region}/${kind}/${token}`);
    // AWS Backup forgets idempotency tokens after an hour.
    return hit && this.clock.now() - hit.at < TOKEN_TTL_MS ? hit.id : undefined;
  }

  private remember(region: string, kind: string, token: unknown, id: string) {
    if (typeof token === "string" && token) this.tokens.set(`${region}/${kind}/${token}`, { id, at: this.clock.now() });
  }

  // ---- views (the wire shapes) -------------------------------------------------------------

  private planArn(p: PlanSeed) {
    return `arn:aws:backup:${p.region}:${ACCOUNT_ID}:backup-plan:${p.id}`;
  }

  private createdBy(region: string, planId?: string) {
    if (!planId) return undefined;
    const p = this.plan(region, planId);
    return { BackupPlanId: p.id, BackupPlanArn: this.planArn(p), BackupPlanName: p.name, BackupPlanVersion: p.versionId, BackupRuleId: p.ruleId, BackupRuleName: RULE_NAME, BackupRuleCron: "cron(0 3 ? * * *)", BackupRuleTimezone: "Etc/UTC" };
  }

  private encryption(p: RecoveryPoint) {
    // A copy is re-encrypted with the destination vault's key; the original keeps the cluster's key.
    const key = p.sourceVaultArn ? vaultKeyArn(p.region) : p.source.kmsKeyArn;
    return { EncryptionKeyArn: key, IsEncrypted: true, EncryptionKeyType: key ? "CUSTOMER_MANAGED_KMS_KEY" : "AWS_OWNED_KMS_KEY" };
  }

  private pointByResource(p: RecoveryPoint, now: number) {
    return {
      RecoveryPointArn: p.arn,
      CreationDate: epochSeconds(p.startedMs),
      Status: this.pointStatus(p, now),
      BackupSizeBytes: this.pointStatus(p, now) === "COMPLETED" ? p.sizeBytes : undefined,
      BackupVaultName: p.vaultName,
      IsParent: false,
      ResourceName: p.source.name,
      VaultType: "BACKUP_VAULT",
      ...this.encryption(p),
    };
  }

  private pointFull(p: RecoveryPoint, now: number) {
    const done = this.pointStatus(p, now) === "COMPLETED";
    return {
      RecoveryPointArn: p.arn,
      BackupVaultName: p.vaultName,
      BackupVaultArn: vaultArn(p.region, p.vaultName),
      SourceBackupVaultArn: p.sourceVaultArn,
      ResourceArn: p.resourceArn,
      ResourceType: RESOURCE_TYPE,
      CreatedBy: this.createdBy(p.sourceRegion, p.planId),
      IamRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/service-role/AWSBackupDefaultServiceRole`,
      Status: this.pointStatus(p, now),
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
      ...this.encryption(p),
    };
  }

  private backupJobView(j: BackupJob, now: number) {
    const state = this.backupState(j, now);
    const running = state === "RUNNING";
    const done = state === "COMPLETED" || state === "FAILED" || state === "EXPIRED";
    const progress = running ? this.clock.progress(j.startMs, (j.endMs - j.startMs) * this.clock.timeScale) : 0;
    return {
      AccountId: ACCOUNT_ID,
      BackupJobId: j.id,
      BackupVaultName: j.vaultName,
      BackupVaultArn: vaultArn(j.region, j.vaultName),
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
      CreatedBy: this.createdBy(j.region, j.planId),
      ExpectedCompletionDate: running ? epochSeconds(j.endMs) : undefined,
      StartBy: epochSeconds(j.createdMs + 8 * H),
      IsParent: false,
    };
  }

  private restoreJobView(j: RestoreJob, now: number) {
    const status = this.restoreStatus(j, now);
    const running = status === "RUNNING";
    const done = status === "COMPLETED" || status === "FAILED";
    const total = (j.endMs - j.startMs) * this.clock.timeScale;
    return {
      AccountId: ACCOUNT_ID,
      RestoreJobId: j.id,
      RecoveryPointArn: j.point.arn,
      SourceResourceArn: j.point.resourceArn,
      BackupVaultArn: vaultArn(j.region, j.point.vaultName),
      CreationDate: epochSeconds(j.createdMs),
      CompletionDate: done ? epochSeconds(j.endMs) : undefined,
      Status: status,
      StatusMessage: status === "FAILED" ? j.statusMessage : undefined,
      PercentDone: j.reportsProgress && (running || status === "COMPLETED") ? pct(running ? this.clock.progress(j.startMs, total) : 1) : undefined,
      ExpectedCompletionTimeMinutes: j.reportsProgress && running ? Math.max(1, Math.ceil((j.endMs - now) / MIN)) : undefined,
      BackupSizeInBytes: j.point.sizeBytes,
      IamRoleArn: j.iamRoleArn,
      CreatedResourceArn: j.createdResourceArn,
      ResourceType: RESOURCE_TYPE,
      RecoveryPointCreationDate: epochSeconds(j.point.startedMs),
      IsParent: false,
    };
  }

  // ---- operations --------------------------------------------------------------------------

  private startBackupJob({ body, region }: RestCall) {
    const vaultName = requiredString(body, "BackupVaultName");
    const resourceArn = requiredString(body, "ResourceArn");
    const iamRoleArn = requiredString(body, "IamRoleArn");
    if (!ROLE_ARN.test(iamRoleArn)) throw invalidParam(`IamRoleArn '${iamRoleArn}' is not an IAM role ARN`);
    const vault = this.vault(region, vaultName);
    const known = this.remembered(region, "backup", body.IdempotencyToken);
    const existing = known && this.backupJobs.find((j) => j.id === known);
    if (existing) return { BackupJobId: existing.id, RecoveryPointArn: existing.recoveryPointArn, CreationDate: epochSeconds(existing.createdMs), IsParent: false };

    const m = CLUSTER_ARN.exec(resourceArn);
    if (!m) throw invalidParam(`ResourceArn '${resourceArn}' is not an Aurora DSQL cluster ARN`);
    if (m[1] !== region) throw invalidParam(`ResourceArn '${resourceArn}' is in ${m[1]}; start the backup job in that region`);
    const cluster = this.dsql.find(region, m[3]);
    if (!cluster) throw notFound(`Resource ${resourceArn} was not found`);
    const lifecycle = body.Lifecycle as { DeleteAfterDays?: unknown } | undefined;
    const deleteAfterDays = lifecycle?.DeleteAfterDays;
    if (deleteAfterDays !== undefined && (!Number.isInteger(deleteAfterDays) || (deleteAfterDays as number) < 1)) throw invalidParam("Lifecycle.DeleteAfterDays must be a positive whole number");

    const now = this.clock.now();
    // One backup per resource at a time: a new job waits for the one under way.
    const busyUntil = Math.max(0, ...this.backupJobs.filter((j) => j.resourceArn === resourceArn && j.endMs > now).map((j) => j.endMs));
    const startMs = Math.max(now + this.ms(BACKUP_CREATED_MS), busyUntil);
    const status = this.dsql.status(cluster);
    const id = randomUUID().toUpperCase();
    const job: BackupJob = {
      region,
      id,
      vaultName: vault.name,
      resourceArn,
      resourceName: cluster.name,
      createdMs: now,
      startMs,
      endMs: startMs,
      outcome: "COMPLETED",
      sizeBytes: Math.max(50e6, Math.round(cluster.profile.storageBytes)),
      deleteAfterDays: deleteAfterDays as number | undefined,
      iamRoleArn,
      encryptionKeyArn: cluster.kmsKeyArn,
    };
    if (status !== "ACTIVE" && status !== "UPDATING") {
      job.outcome = "FAILED";
      job.statusMessage = notActiveMessage(cluster.identifier, status);
      job.endMs = startMs + this.ms(10_000);
    } else {
      // Full backups: a few minutes plus time proportional to the data.
      job.endMs = startMs + this.ms(Math.min(20 * MIN, 3 * MIN + (job.sizeBytes / 10e9) * 2 * MIN));
      job.recoveryPointArn = recoveryPointArn(region, cluster.identifier, randomUUID());
      this.points.push({
        region,
        vaultName: vault.name,
        arn: job.recoveryPointArn,
        resourceArn,
        sourceRegion: region,
        source: snapshot(cluster),
        startedMs: startMs,
        completedMs: job.endMs,
        sizeBytes: job.sizeBytes,
        deleteAfterDays: job.deleteAfterDays,
      });
    }
    this.backupJobs.push(job);
    this.remember(region, "backup", body.IdempotencyToken, id);
    return { BackupJobId: id, RecoveryPointArn: job.recoveryPointArn, CreationDate: epochSeconds(now), IsParent: false };
  }

  private listBackupJobs({ query, region }: RestCall) {
    const now = this.clock.now();
    const state = query.get("state");
    if (state !== null && !BACKUP_STATES.includes(state as BackupJobState)) throw invalidParam(`state must be one of ${BACKUP_STATES.join(", ")}`);
    const resourceArn = query.get("resourceArn");
    const vaultName = query.get("backupVaultName");
    const resourceType = query.get("resourceType");
    const after = timeParam(query, "createdAfter");
    const before = timeParam(query, "createdBefore");
    const jobs = this.backupJobs
      .filter((j) => j.region === region && j.createdMs <= now && now - j.createdMs <= JOB_HISTORY_MS)
      .filter((j) => (resourceArn === null || j.resourceArn === resourceArn) && (vaultName === null || j.vaultName === vaultName) && (resourceType === null || resourceType === RESOURCE_TYPE))
      .filter((j) => (after === undefined || j.createdMs > after) && (before === undefined || j.createdMs < before))
      .filter((j) => state === null || this.backupState(j, now) === state)
      .sort((a, b) => b.createdMs - a.createdMs);
    const { page, nextToken } = this.paged(jobs, query);
    return { BackupJobs: page.map((j) => this.backupJobView(j, now)), NextToken: nextToken };
  }

  private listPointsByVault({ params, query, region }: RestCall) {
    const vault = this.vault(region, params.BackupVaultName);
    const now = this.clock.now();
    const resourceArn = query.get("resourceArn");
    const planId = query.get("backupPlanId");
    const after = timeParam(query, "createdAfter");
    const before = timeParam(query, "createdBefore");
    const points = this.visiblePoints(region).filter(
      (p) =>
        p.vaultName === vault.name &&
        (resourceArn === null || p.resourceArn === resourceArn) &&
        (planId === null || p.planId === planId) &&
        (after === undefined || p.startedMs > after) &&
        (before === undefined || p.startedMs < before),
    );
    const { page, nextToken } = this.paged(points, query);
    return { RecoveryPoints: page.map((p) => this.pointFull(p, now)), NextToken: nextToken };
  }

  private restoreMetadata({ params, region }: RestCall) {
    const vault = this.vault(region, params.BackupVaultName);
    const p = this.point(region, params.RecoveryPointArn, vault.name);
    // What the cluster looked like when backed up; a copy's key belongs to another region, so it is left out.
    const entry = { region, isDeletionProtectionEnabled: p.source.deletionProtectionEnabled, ...(p.sourceVaultArn || !p.source.kmsKeyArn ? {} : { kmsKeyId: p.source.kmsKeyArn }) };
    return { BackupVaultArn: vault.arn, RecoveryPointArn: p.arn, ResourceType: RESOURCE_TYPE, RestoreMetadata: { regionalConfig: JSON.stringify([entry]) } };
  }

  private startRestoreJob({ body, region }: RestCall) {
    const arn = requiredString(body, "RecoveryPointArn");
    if (body.Metadata === undefined) throw missingParam("Metadata");
    const metadata = body.Metadata;
    if (!metadata || typeof metadata !== "object" || Array.isArray(metadata) || Object.values(metadata).some((v) => typeof v !== "string")) {
      throw invalidParam("Metadata must be a map of string keys to string values");
    }
    const iamRoleArn = optionalString(body, "IamRoleArn");
    if (iamRoleArn !== undefined && !ROLE_ARN.test(iamRoleArn)) throw invalidParam(`IamRoleArn '${iamRoleArn}' is not an IAM role ARN`);
    const copyTags = body.CopySourceTagsToRestoredResource;
    if (copyTags !== undefined && typeof copyTags !== "boolean") throw invalidParam("CopySourceTagsToRestoredResource must be a boolean");

    const known = this.remembered(region, "restore", body.IdempotencyToken);
    if (known && this.restoreJobs.some((j) => j.id === known)) return { RestoreJobId: known };

    const point = this.point(region, arn);
    if (this.pointStatus(point, this.clock.now()) !== "COMPLETED") throw invalidRequest(`Recovery point ${arn} is not COMPLETED yet and cannot be restored`);
    const plan = parseRestoreMetadata(metadata as Record<string, string>, region);

    const now = this.clock.now();
    const id = randomUUID().toUpperCase();
    let failure: string | undefined;
    for (const rc of plan.clusters) {
      const keyRegion = rc.kmsKeyId ? KMS_ARN.exec(rc.kmsKeyId)?.[1] : undefined;
      if (keyRegion && keyRegion !== rc.region) failure ??= `Restore failed: the KMS key ${rc.kmsKeyId} is in ${keyRegion}, but the cluster in ${rc.region} needs a key in its own Region (KMS key not accessible).`;
      if (rc.region !== region && !this.identicalCopy(point, rc.region)) {
        failure ??= `Restore failed: multi-Region restore needs an identical copy of ${arn} (same resource and creation time) in ${rc.region}; copy the recovery point there first.`;
      }
    }
    const eligible = now + this.ms(RESTORE_PENDING_MS);
    const durationMs = failure ? this.ms(MIN) : this.ms(Math.min(30 * MIN, 4 * MIN + (point.sizeBytes / 10e9) * MIN) * (plan.clusters.length > 1 ? 1.5 : 1));
    const startMs = this.restoreSlot(region, eligible, durationMs);
    this.restoreJobs.push({
      region,
      id,
      point,
      createdMs: now,
      startMs,
      endMs: startMs + durationMs,
      outcome: failure ? "FAILED" : "COMPLETED",
      statusMessage: failure,
      iamRoleArn,
      plan,
      copyTags: copyTags === true,
      reportsProgress: parseInt(id.slice(0, 2), 16) % 2 === 0,
      materialized: false,
    });
    this.remember(region, "restore", body.IdempotencyToken, id);
    return { RestoreJobId: id };
  }

  /** The earliest start at or after `eligible` that keeps at most 4 restore jobs running in the region. */
  private restoreSlot(region: string, eligible: number, durationMs: number): number {
    const jobs = this.restoreJobs.filter((j) => j.region === region && j.endMs > eligible);
    const runningAt = (t: number) => jobs.filter((j) => j.startMs <= t && t < j.endMs).length;
    const candidates = [eligible, ...jobs.map((j) => j.endMs)].filter((t) => t >= eligible).sort((a, b) => a - b);
    for (const t of candidates) {
      const checkpoints = [t, ...jobs.map((j) => j.startMs).filter((s) => s > t && s < t + durationMs)];
      if (checkpoints.every((c) => runningAt(c) < MAX_RUNNING_RESTORES)) return t;
    }
    return candidates[candidates.length - 1];
  }

  private listRestoreJobs({ query, region }: RestCall) {
    const now = this.clock.now();
    const status = query.get("status");
    if (status !== null && !RESTORE_STATUSES.includes(status as RestoreStatus)) throw invalidParam(`status must be one of ${RESTORE_STATUSES.join(", ")}`);
    const resourceType = query.get("resourceType");
    const after = timeParam(query, "createdAfter");
    const before = timeParam(query, "createdBefore");
    const jobs = this.restoreJobs
      .filter((j) => j.region === region && (resourceType === null || resourceType === RESOURCE_TYPE))
      .filter((j) => (after === undefined || j.createdMs > after) && (before === undefined || j.createdMs < before))
      .filter((j) => status === null || this.restoreStatus(j, now) === status)
      .sort((a, b) => b.createdMs - a.createdMs);
    const { page, nextToken } = this.paged(jobs, query);
    return { RestoreJobs: page.map((j) => this.restoreJobView(j, now)), NextToken: nextToken };
  }

  private paged<T>(items: T[], query: URLSearchParams) {
    return pageOf(items, { max: query.get("maxResults"), token: query.get("nextToken"), limit: 1000, invalid: invalidParam });
  }

  routes(): RestRoute[] {
    const now = () => this.clock.now();
    return [
      {
        method: "GET",
        path: "/backup-vaults",
        operation: "ListBackupVaults",
        handler: ({ query, region }) => {
          const { page, nextToken } = this.paged(this.vaults.get(region) ?? [], query);
          return {
            BackupVaultList: page.map((v) => ({
              BackupVaultName: v.name,
              BackupVaultArn: v.arn,
              VaultType: "BACKUP_VAULT",
              VaultState: "AVAILABLE",
              CreationDate: epochSeconds(v.createdMs),
              EncryptionKeyArn: v.keyArn,
              EncryptionKeyType: "CUSTOMER_MANAGED_KMS_KEY",
              NumberOfRecoveryPoints: this.visiblePoints(region).filter((p) => p.vaultName === v.name).length,
              Locked: false,
            })),
            NextToken: nextToken,
          };
        },
      },
      {
        method: "GET",
        path: "/backup-vaults/{BackupVaultName}",
        operation: "DescribeBackupVault",
        handler: ({ params, region }) => {
          const v = this.vault(region, params.BackupVaultName);
          return { BackupVaultName: v.name, BackupVaultArn: v.arn, VaultType: "BACKUP_VAULT", VaultState: "AVAILABLE", CreationDate: epochSeconds(v.createdMs), EncryptionKeyArn: v.keyArn, NumberOfRecoveryPoints: this.visiblePoints(region).filter((p) => p.vaultName === v.name).length, Locked: false };
        },
      },
      {
        method: "GET",
        path: "/backup/plans",
        operation: "ListBackupPlans",
        handler: ({ query, region }) => {
          const { page, nextToken } = this.paged(this.plans.filter((p) => p.region === region), query);
          return { BackupPlansList: page.map((p) => ({ BackupPlanArn: this.planArn(p), BackupPlanId: p.id, BackupPlanName: p.name, VersionId: p.versionId, CreationDate: epochSeconds(p.createdMs), LastExecutionDate: this.lastExecution(p) })), NextToken: nextToken };
        },
      },
      {
        method: "GET",
        path: "/backup/plans/{BackupPlanId}",
        operation: "GetBackupPlan",
        handler: ({ params, region }) => {
          const p = this.plan(region, params.BackupPlanId);
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
            BackupPlanArn: this.planArn(p),
            VersionId: p.versionId,
            CreationDate: epochSeconds(p.createdMs),
            LastExecutionDate: this.lastExecution(p),
          };
        },
      },
      { method: "PUT", path: "/backup-jobs", operation: "StartBackupJob", handler: (call) => this.startBackupJob(call) },
      { method: "GET", path: "/backup-jobs", operation: "ListBackupJobs", handler: (call) => this.listBackupJobs(call) },
      {
        method: "GET",
        path: "/backup-jobs/{BackupJobId}",
        operation: "DescribeBackupJob",
        handler: ({ params, region }) => this.backupJobView(jobById(this.backupJobs, region, params.BackupJobId, "Backup"), now()),
      },
      {
        method: "GET",
        path: "/resources/{ResourceArn}/recovery-points",
        operation: "ListRecoveryPointsByResource",
        handler: ({ params, query, region }) => {
          const points = this.visiblePoints(region).filter((p) => p.resourceArn === params.ResourceArn);
          const { page, nextToken } = pageOf(points, { max: query.get("maxResults"), token: query.get("nextToken"), limit: 100, invalid: invalidParam });
          const t = now();
          return { RecoveryPoints: page.map((p) => this.pointByResource(p, t)), NextToken: nextToken };
        },
      },
      { method: "GET", path: "/backup-vaults/{BackupVaultName}/recovery-points", operation: "ListRecoveryPointsByBackupVault", handler: (call) => this.listPointsByVault(call) },
      {
        method: "GET",
        path: "/backup-vaults/{BackupVaultName}/recovery-points/{RecoveryPointArn}",
        operation: "DescribeRecoveryPoint",
        handler: ({ params, region }) => {
          this.vault(region, params.BackupVaultName);
          return this.pointFull(this.point(region, params.RecoveryPointArn, params.BackupVaultName), now());
        },
      },
      { method: "GET", path: "/backup-vaults/{BackupVaultName}/recovery-points/{RecoveryPointArn}/restore-metadata", operation: "GetRecoveryPointRestoreMetadata", handler: (call) => this.restoreMetadata(call) },
      { method: "PUT", path: "/restore-jobs", operation: "StartRestoreJob", handler: (call) => this.startRestoreJob(call) },
      { method: "GET", path: "/restore-jobs", operation: "ListRestoreJobs", handler: (call) => this.listRestoreJobs(call) },
      {
        method: "GET",
        path: "/restore-jobs/{RestoreJobId}",
        operation: "DescribeRestoreJob",
        handler: ({ params, region }) => this.restoreJobView(jobById(this.restoreJobs, region, params.RestoreJobId, "Restore"), now()),
      },
    ];
  }

  private lastExecution(p: PlanSeed): number | undefined {
    const t = this.clock.now();
    const last = Math.max(0, ...this.backupJobs.filter((j) => j.planId === p.id && j.createdMs <= t).map((j) => j.createdMs));
    return last ? epochSeconds(last) : undefined;
  }

  /** For tests: the restore jobs' ids in creation order, per region. */
  restoreJobIds(region: string): string[] {
    return this.restoreJobs.filter((j) => j.region === region).map((j) => j.id);
  }
}

function jobById<T extends { region: string; id: string }>(jobs: T[], region: string, id: string, kind: string): T {
  const j = jobs.find((x) => x.region === region && x.id === id);
  if (!j) throw notFound(`${kind} job ${id} was not found in ${region}`);
  return j;
}

function requiredString(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  if (v === undefined || v === null || v === "") throw missingParam(name);
  if (typeof v !== "string") throw invalidParam(`${name} must be a string`);
  return v;
}

function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw invalidParam(`${name} must be a string`);
  return v;
}

/** Query timestamps arrive as ISO 8601 (the SDK's default for httpQuery) or epoch seconds. */
function timeParam(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v === null) return undefined;
  const ms = /^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v);
  if (!Number.isFinite(ms)) throw invalidParam(`${name} is not a valid timestamp`);
  return ms;
}

const groupOf = (region: string) => CONTINENT_GROUPS.findIndex((g) => g.includes(region));

/**
 * Validates DSQL's restore metadata (AWS Backup devguide, "Amazon Aurora DSQL restore"):
 * `regionalConfig` (JSON array of {region, isDeletionProtectionEnabled, kmsKeyId}, all optional);
 * for multi-region also `useMultiRegionOrchestration: "true"`, `witnessRegion` and `peerRegion`
 * (JSON array). The docs' example lists the witness region in regionalConfig: accepted and ignored.
 */
export function parseRestoreMetadata(metadata: Record<string, string>, region: string): RestorePlan {
  const known = new Set(["regionalConfig", "useMultiRegionOrchestration", "witnessRegion", "peerRegion"]);
  for (const key of Object.keys(metadata)) if (!known.has(key)) throw invalidParam(`Metadata key '${key}' is not valid for an Aurora DSQL restore`);
  const entries = parseJsonArray(metadata.regionalConfig, "regionalConfig").map((e, i) => {
    if (!e || typeof e !== "object" || Array.isArray(e)) throw invalidParam(`regionalConfig[${i}] must be an object`);
    const o = e as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!["region", "isDeletionProtectionEnabled", "kmsKeyId"].includes(k)) throw invalidParam(`regionalConfig[${i}].${k} is not a valid field`);
    if (o.region !== undefined && (typeof o.region !== "string" || !REGION.test(o.region))) throw invalidParam(`regionalConfig[${i}].region must be an AWS Region`);
    if (o.isDeletionProtectionEnabled !== undefined && typeof o.isDeletionProtectionEnabled !== "boolean") throw invalidParam(`regionalConfig[${i}].isDeletionProtectionEnabled must be a boolean`);
    if (o.kmsKeyId !== undefined && (typeof o.kmsKeyId !== "string" || !(KMS_ARN.test(o.kmsKeyId) || KMS_ID.test(o.kmsKeyId)))) throw invalidParam(`regionalConfig[${i}].kmsKeyId must be a KMS key ARN, key id or alias`);
    return { region: o.region as string | undefined, deletionProtectionEnabled: o.isDeletionProtectionEnabled as boolean | undefined, kmsKeyId: o.kmsKeyId as string | undefined };
  });
  const multi = metadata.useMultiRegionOrchestration;
  if (multi !== undefined && multi !== "true" && multi !== "false") throw invalidParam("useMultiRegionOrchestration must be \"true\" or \"false\"");
  const config = (r: string): RegionalConfig => {
    const e = entries.find((x) => x.region === r) ?? (r === region ? entries.find((x) => x.region === undefined) : undefined);
    // Defaults per the docs: default encryption, deletion protection on.
    return { region: r, deletionProtectionEnabled: e?.deletionProtectionEnabled ?? true, kmsKeyId: e?.kmsKeyId };
  };
  if (multi !== "true") {
    if (metadata.witnessRegion !== undefined || metadata.peerRegion !== undefined) throw invalidParam("witnessRegion and peerRegion need useMultiRegionOrchestration set to \"true\"");
    if (entries.length > 1) throw invalidParam("A single-Region restore takes one regionalConfig entry");
    if (entries[0]?.region !== undefined && entries[0].region !== region) throw invalidParam(`regionalConfig region ${entries[0].region} does not match the Region of the restore job (${region})`);
    return { clusters: [config(region)] };
  }
  const witness = metadata.witnessRegion;
  if (!witness) throw invalidParam("witnessRegion is required for a multi-Region restore");
  if (!REGION.test(witness)) throw invalidParam("witnessRegion must be an AWS Region");
  const peers = parseJsonArray(metadata.peerRegion, "peerRegion");
  if (!peers.length || peers.some((p) => typeof p !== "string" || !REGION.test(p))) throw invalidParam("peerRegion must be a JSON array of AWS Regions");
  const peerRegions = peers as string[];
  const all = [region, ...peerRegions, witness];
  if (new Set(all).size !== all.length) throw invalidParam("The restore Region, peer Regions and witness Region must all differ");
  const group = groupOf(region);
  if (group < 0 || all.some((r) => groupOf(r) !== group)) throw invalidParam(`Multi-Region restore needs all Regions in one continent group; ${all.join(", ")} are not`);
  for (const e of entries) if (e.region !== undefined && !all.includes(e.region)) throw invalidParam(`regionalConfig names ${e.region}, which is not part of this restore`);
  return { clusters: [region, ...peerRegions].map(config), witnessRegion: witness };
}

function parseJsonArray(v: string | undefined, name: string): unknown[] {
  if (v === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    throw invalidParam(`${name} must be a JSON-encoded array`);
  }
  if (!Array.isArray(parsed)) throw invalidParam(`${name} must be a JSON-encoded array`);
  return parsed;
}
