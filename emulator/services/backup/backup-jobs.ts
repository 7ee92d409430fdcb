import { randomUUID } from "node:crypto";
import { epochSeconds } from "../../protocols/http";
import { CLUSTER_ARN } from "../../../lib/aws/ids";
import type { RestCall } from "../../protocols/rest-json";
import { notActiveMessage, recoveryPointArn } from "../../scenario/backups";
import { BACKUP_CREATED_MS, BACKUP_STATES, type BackupJob, type BackupJobState, JOB_HISTORY_MS, MIN, RESOURCE_TYPE, accountOf, jobById, snapshot } from "./model";
import { invalidParam, notFound } from "./errors";
import { ROLE_ARN, paged, requiredString, timeParam } from "./input";
import { BackupState } from "./state";
import { backupJobView, pointByResource, pointFull } from "./views";

/** Backup jobs and the recovery points they make: start, list and describe. */

export function startBackupJob(st: BackupState, { body, region, account }: RestCall) {
  const vaultName = requiredString(body, "BackupVaultName");
  const resourceArn = requiredString(body, "ResourceArn");
  const iamRoleArn = requiredString(body, "IamRoleArn");
  if (!ROLE_ARN.test(iamRoleArn)) throw invalidParam(`IamRoleArn '${iamRoleArn}' is not an IAM role ARN`);
  const vault = st.vault(region, vaultName);
  const known = st.remembered(account, region, "backup", body.IdempotencyToken);
  const existing = known && st.backupJobs.find((j) => j.id === known);
  if (existing) return { BackupJobId: existing.id, RecoveryPointArn: existing.recoveryPointArn, CreationDate: epochSeconds(existing.createdMs), IsParent: false };

  const m = CLUSTER_ARN.exec(resourceArn);
  if (!m) throw invalidParam(`ResourceArn '${resourceArn}' is not an Aurora DSQL cluster ARN`);
  if (m[1] !== region) throw invalidParam(`ResourceArn '${resourceArn}' is in ${m[1]}; start the backup job in that region`);
  const cluster = st.dsql.find(region, m[3], account);
  if (!cluster) throw notFound(`Resource ${resourceArn} was not found`);
  const lifecycle = body.Lifecycle as { DeleteAfterDays?: unknown } | undefined;
  const deleteAfterDays = lifecycle?.DeleteAfterDays;
  if (deleteAfterDays !== undefined && (!Number.isInteger(deleteAfterDays) || (deleteAfterDays as number) < 1)) throw invalidParam("Lifecycle.DeleteAfterDays must be a positive whole number");

  const now = st.clock.now();
  // One backup per resource at a time: a new job waits for the one under way.
  const busyUntil = Math.max(0, ...st.backupJobs.filter((j) => j.resourceArn === resourceArn && j.endMs > now).map((j) => j.endMs));
  const startMs = Math.max(now + st.ms(BACKUP_CREATED_MS), busyUntil);
  const status = st.dsql.status(cluster);
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
    job.endMs = startMs + st.ms(10_000);
  } else {
    // Full backups: a few minutes plus time proportional to the data.
    job.endMs = startMs + st.ms(Math.min(20 * MIN, 3 * MIN + (job.sizeBytes / 10e9) * 2 * MIN));
    job.recoveryPointArn = recoveryPointArn(region, cluster.identifier, randomUUID(), account);
    st.points.push({
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
  st.backupJobs.push(job);
  st.remember(account, region, "backup", body.IdempotencyToken, id);
  return { BackupJobId: id, RecoveryPointArn: job.recoveryPointArn, CreationDate: epochSeconds(now), IsParent: false };
}

export function listBackupJobs(st: BackupState, { query, region, account }: RestCall) {
  const now = st.clock.now();
  const state = query.get("state");
  if (state !== null && !BACKUP_STATES.includes(state as BackupJobState)) throw invalidParam(`state must be one of ${BACKUP_STATES.join(", ")}`);
  const resourceArn = query.get("resourceArn");
  const vaultName = query.get("backupVaultName");
  const resourceType = query.get("resourceType");
  const after = timeParam(query, "createdAfter");
  const before = timeParam(query, "createdBefore");
  const jobs = st.backupJobs
    .filter((j) => j.region === region && accountOf(j.resourceArn) === account && j.createdMs <= now && now - j.createdMs <= JOB_HISTORY_MS)
    .filter((j) => (resourceArn === null || j.resourceArn === resourceArn) && (vaultName === null || j.vaultName === vaultName) && (resourceType === null || resourceType === RESOURCE_TYPE))
    .filter((j) => (after === undefined || j.createdMs > after) && (before === undefined || j.createdMs < before))
    .filter((j) => state === null || st.backupState(j, now) === state)
    .sort((a, b) => b.createdMs - a.createdMs);
  const { page, nextToken } = paged(jobs, query);
  return { BackupJobs: page.map((j) => backupJobView(st, j, now)), NextToken: nextToken };
}

export function listPointsByVault(st: BackupState, { params, query, region, account }: RestCall) {
  const vault = st.vault(region, params.BackupVaultName);
  const now = st.clock.now();
  const resourceArn = query.get("resourceArn");
  const planId = query.get("backupPlanId");
  const after = timeParam(query, "createdAfter");
  const before = timeParam(query, "createdBefore");
  const points = st
    .visiblePoints(region, account)
    .filter(
      (p) =>
        p.vaultName === vault.name &&
        (resourceArn === null || p.resourceArn === resourceArn) &&
        (planId === null || p.planId === planId) &&
        (after === undefined || p.startedMs > after) &&
        (before === undefined || p.startedMs < before),
    );
  const { page, nextToken } = paged(points, query);
  return { RecoveryPoints: page.map((p) => pointFull(st, p, now)), NextToken: nextToken };
}

export function describeBackupJob(st: BackupState, { params, region, account }: RestCall) {
  return backupJobView(
    st,
    jobById(st.backupJobs, region, params.BackupJobId, "Backup", (j) => accountOf(j.resourceArn) === account),
    st.clock.now(),
  );
}

export function listRecoveryPointsByResource(st: BackupState, { params, query, region, account }: RestCall) {
  const points = st.visiblePoints(region, account).filter((p) => p.resourceArn === params.ResourceArn);
  const { page, nextToken } = paged(points, query, 100);
  const t = st.clock.now();
  return { RecoveryPoints: page.map((p) => pointByResource(st, p, t)), NextToken: nextToken };
}

export function describeRecoveryPoint(st: BackupState, { params, region, account }: RestCall) {
  st.vault(region, params.BackupVaultName);
  return pointFull(st, st.point(region, params.RecoveryPointArn, params.BackupVaultName, account), st.clock.now());
}
