import type { Clock } from "../../clock";
import {
  copyTargets,
  DEFAULT_VAULT,
  RETENTION_DAYS,
  planRunsOn,
  scheduledRun,
  scheduledRunMs,
  seedBackups,
  vaultArn,
  vaultKeyArn,
  type BackupJobSeed,
  type PlanSeed,
  type RecoveryPointSeed,
} from "../../scenario/backups";
import { ACCOUNT_ID, type Scenario, type SeedCluster } from "../../scenario/fleet";
import { hash32, rng } from "../../scenario/random";
import { CREATE_MS, type DsqlService } from "../dsql";
import {
  BACKUP_CREATED_MS,
  type BackupJob,
  type BackupJobState,
  CLUSTER_QUOTA,
  H,
  MAX_RUNNING_RESTORES,
  MIN,
  type RecoveryPoint,
  type RestoreJob,
  type RestoreStatus,
  TOKEN_TTL_MS,
  restoredProfile,
  snapshot,
  accountOf,
} from "./model";
import { invalidParam, notFound } from "./errors";
import { DRILL_VERDICTS, drillCopyTags, drillSeedIds } from "../../scenario/drills";

/** The state of AWS Backup in the emulator (vaults, plans, points, jobs) and the clock-driven model over it. */
export class BackupState {
  readonly vaults = new Map<string, { name: string; arn: string; createdMs: number; keyArn: string }[]>();
  readonly plans: PlanSeed[];
  readonly points: RecoveryPoint[] = [];
  readonly backupJobs: BackupJob[] = [];
  readonly restoreJobs: RestoreJob[] = [];
  readonly tokens = new Map<string, { id: string; at: number }>();
  readonly anchorMs: number;
  /** Points that start after this (not the seeded history) capture their source's database. */
  private readonly liveFromMs: number;
  /**
   * Called once a point's backup has started, so the SQL front can keep the source's data as of
   * then for clusters restored from it (server.ts). Simplification: the capture happens at the
   * first Backup request after the point's start, not at the start itself.
   */
  onPointStarted?: (p: RecoveryPoint) => void;
  /** Per cluster in the daily plan, the next run to make (negative: after the anchor). */
  readonly schedule: { cluster: SeedCluster; plan: PlanSeed; copyTo: string[]; next: number }[];

  constructor(
    readonly clock: Clock,
    readonly dsql: DsqlService,
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
    this.liveFromMs = clock.now();
    this.seedDrillVerdicts(scenario, anchorMs);
    this.schedule = scenario.clusters.filter(planRunsOn).map((c) => ({ cluster: c, plan: this.plans.find((p) => p.region === c.region)!, copyTo: copyTargets(c, scenario), next: -1 }));
  }

  /** The scenario's past drill restores (scenario/drills.ts): completed, their copies long deleted, each with its verdict. */
  private seedDrillVerdicts(scenario: Scenario, anchorMs: number): void {
    for (const d of DRILL_VERDICTS) {
      const seeded = scenario.clusters.find((c) => c.name === d.cluster && c.region === d.region);
      const record = seeded && this.dsql.find(d.region, seeded.identifier);
      const atMs = anchorMs - d.agoH * H;
      const point = this.points.filter((p) => p.region === d.region && p.resourceArn === record?.arn && !p.sourceVaultArn && p.completedMs < atMs).sort((a, b) => b.completedMs - a.completedMs)[0];
      if (!record || !point) continue;
      const { jobId, copyId } = drillSeedIds(d);
      const endMs = atMs + 11 * MIN;
      if (d.leftover) {
        const copy = this.dsql.create(d.region, {
          identifier: copyId,
          account: accountOf(record.arn),
          deletionProtectionEnabled: false,
          tags: drillCopyTags(jobId.toLowerCase(), atMs + 24 * H),
          profile: restoredProfile(point.source, point.sizeBytes),
          restoredFrom: point.arn,
        });
        copy.createStartedAt = copy.creationTime = endMs - this.ms(CREATE_MS);
      }
      this.restoreJobs.push({
        region: d.region,
        id: jobId,
        point,
        createdMs: atMs,
        startMs: atMs + 2 * MIN,
        endMs,
        outcome: "COMPLETED",
        plan: { clusters: [{ region: d.region, deletionProtectionEnabled: false }] },
        copyTags: false,
        reportsProgress: true,
        createdResourceArn: record.arn.replace(/cluster\/[^/]+$/, `cluster/${copyId}`),
        materialized: true,
        validation: { status: d.status, message: d.message },
      });
    }
  }

  /** Seeded (or scheduled) points and jobs, attached to the clusters as they are now. */
  adopt(points: RecoveryPointSeed[], jobs: BackupJobSeed[]): void {
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
        iamRoleArn: `arn:aws:iam::${c.account ?? ACCOUNT_ID}:role/service-role/AWSBackupDefaultServiceRole`,
        encryptionKeyArn: c.kmsKeyArn,
      });
    }
  }

  /**
   * The daily plan keeps running after the seeded history: each run is made a minute before it
   * is due, from the cluster's state then (none for a deleted cluster, a failed job for one that
   * is not ACTIVE). Only the seeded clusters are in the plan's selection, not restored ones.
   */
  runSchedule(now: number): void {
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

  ms(durationAtScale1: number): number {
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

  pointStatus(p: RecoveryPoint, now: number): "CREATING" | "COMPLETED" | undefined {
    if (now < p.startedMs) return undefined;
    if (p.deleteAfterDays !== undefined && now > p.completedMs + p.deleteAfterDays * 24 * H) return undefined; // lifecycle-deleted
    return now < p.completedMs ? "CREATING" : "COMPLETED";
  }

  visiblePoints(region: string, account?: string): RecoveryPoint[] {
    const now = this.clock.now();
    return this.points.filter((p) => p.region === region && (account === undefined || accountOf(p.resourceArn) === account) && this.pointStatus(p, now)).sort((a, b) => b.startedMs - a.startedMs);
  }

  /**
   * Called before every AWS request: restores that reached their end make their clusters. (Lazily,
   * so the emulator needs no timers and `clock.advance()` takes effect on the next request.)
   */
  settle(): void {
    const now = this.clock.now();
    this.runSchedule(now);
    for (const p of this.points) {
      // A copy holds its original's data, captured when the original started.
      if (p.captured || p.sourceVaultArn || p.startedMs < this.liveFromMs || now < p.startedMs) continue;
      p.captured = true;
      this.onPointStarted?.(p);
    }
    for (const j of this.restoreJobs) {
      if (j.materialized || j.outcome !== "COMPLETED") continue;
      const createStart = j.endMs - this.ms(CREATE_MS);
      if (now < createStart) continue;
      j.materialized = true;
      const [primary, ...peers] = j.plan.clusters;
      const account = accountOf(j.point.resourceArn);
      if (this.dsql.list(primary.region, account).length >= CLUSTER_QUOTA) {
        j.outcome = "FAILED";
        j.statusMessage = `Restore failed: ServiceQuotaExceededException: You have reached the cluster limit (${CLUSTER_QUOTA} single-Region clusters in ${primary.region}).`;
        continue;
      }
      const made = j.plan.clusters.map((rc) => {
        const point = rc.region === j.region ? j.point : this.identicalCopy(j.point, rc.region)!;
        const c = this.dsql.create(rc.region, {
          account,
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

  vault(region: string, name: string) {
    const v = this.vaults.get(region)?.find((x) => x.name === name);
    if (!v) throw notFound(`Backup vault '${name}' does not exist in ${region}`);
    return v;
  }

  point(region: string, arn: string, vaultName?: string, account?: string): RecoveryPoint {
    const now = this.clock.now();
    const p = this.points.find(
      (x) =>
        x.region === region && x.arn === arn && (vaultName === undefined || x.vaultName === vaultName) && (account === undefined || accountOf(x.resourceArn) === account) && this.pointStatus(x, now),
    );
    if (!p) throw notFound(`Recovery point ${arn} was not found${vaultName ? ` in backup vault '${vaultName}'` : ""} in ${region}`);
    return p;
  }

  /** A copy of `p` in another region with the same resource and creation time: what a multi-region restore needs. */
  identicalCopy(p: RecoveryPoint, region: string): RecoveryPoint | undefined {
    const now = this.clock.now();
    return this.points.find((x) => x.region === region && x.resourceArn === p.resourceArn && x.startedMs === p.startedMs && this.pointStatus(x, now) === "COMPLETED");
  }

  plan(region: string, id: string): PlanSeed {
    const p = this.plans.find((x) => x.region === region && x.id === id);
    if (!p) throw notFound(`Backup plan ${id} was not found in ${region}`);
    return p;
  }

  // Idempotency tokens are the caller's: another account's equal token is another request.
  remembered(account: string, region: string, kind: string, token: unknown): string | undefined {
    if (typeof token !== "string" || !token) return undefined;
    const hit = this.tokens.get(`${account}/${region}/${kind}/${token}`);
    // AWS Backup forgets idempotency tokens after an hour.
    return hit && this.clock.now() - hit.at < TOKEN_TTL_MS ? hit.id : undefined;
  }

  remember(account: string, region: string, kind: string, token: unknown, id: string) {
    if (typeof token === "string" && token) this.tokens.set(`${account}/${region}/${kind}/${token}`, { id, at: this.clock.now() });
  }

  /** The earliest start at or after `eligible` that keeps at most 4 restore jobs running in the account's Region (DSQL's quota is per account and Region). */
  restoreSlot(account: string, region: string, eligible: number, durationMs: number): number {
    const jobs = this.restoreJobs.filter((j) => j.region === region && accountOf(j.point.resourceArn) === account && j.endMs > eligible);
    const runningAt = (t: number) => jobs.filter((j) => j.startMs <= t && t < j.endMs).length;
    const candidates = [eligible, ...jobs.map((j) => j.endMs)].filter((t) => t >= eligible).sort((a, b) => a - b);
    for (const t of candidates) {
      const checkpoints = [t, ...jobs.map((j) => j.startMs).filter((s) => s > t && s < t + durationMs)];
      if (checkpoints.every((c) => runningAt(c) < MAX_RUNNING_RESTORES)) return t;
    }
    return candidates[candidates.length - 1];
  }

  /** When the plan last started a backup job (ms), if ever. */
  lastExecutionMs(p: PlanSeed): number | undefined {
    const t = this.clock.now();
    const last = Math.max(0, ...this.backupJobs.filter((j) => j.planId === p.id && j.createdMs <= t).map((j) => j.createdMs));
    return last || undefined;
  }

  /** For tests: the restore jobs' ids in creation order, per region. */
  restoreJobIds(region: string): string[] {
    return this.restoreJobs.filter((j) => j.region === region).map((j) => j.id);
  }
}
