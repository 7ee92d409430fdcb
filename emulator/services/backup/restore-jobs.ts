import { randomUUID } from "node:crypto";
import type { RestCall } from "../../protocols/rest-json";
import { MIN, RESOURCE_TYPE, RESTORE_PENDING_MS, RESTORE_STATUSES, RESTORE_VALIDATION_STATUSES, type RestoreStatus, type RestoreValidationStatus, accountOf, jobById } from "./model";
import { invalidParam, invalidRequest, missingParam } from "./errors";
import { KMS_ARN, ROLE_ARN, optionalString, paged, requiredString, timeParam } from "./input";
import { parseRestoreMetadata } from "./restore-metadata";
import { BackupState } from "./state";
import { restoreJobView } from "./views";

/** Restore jobs: the restore metadata of a point, start (idempotent, at most 4 running per Region), list, describe, and a validation's result. */

export function restoreMetadata(st: BackupState, { params, region, account }: RestCall) {
  const vault = st.vault(region, params.BackupVaultName);
  const p = st.point(region, params.RecoveryPointArn, vault.name, account);
  // What the cluster looked like when backed up; a copy's key belongs to another region, so it is left out.
  const entry = { region, isDeletionProtectionEnabled: p.source.deletionProtectionEnabled, ...(p.sourceVaultArn || !p.source.kmsKeyArn ? {} : { kmsKeyId: p.source.kmsKeyArn }) };
  return { BackupVaultArn: vault.arn, RecoveryPointArn: p.arn, ResourceType: RESOURCE_TYPE, RestoreMetadata: { regionalConfig: JSON.stringify([entry]) } };
}

export function startRestoreJob(st: BackupState, { body, region, account }: RestCall) {
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

  const known = st.remembered(account, region, "restore", body.IdempotencyToken);
  if (known && st.restoreJobs.some((j) => j.id === known)) return { RestoreJobId: known };

  const point = st.point(region, arn, undefined, account);
  if (st.pointStatus(point, st.clock.now()) !== "COMPLETED") throw invalidRequest(`Recovery point ${arn} is not COMPLETED yet and cannot be restored`);
  const plan = parseRestoreMetadata(metadata as Record<string, string>, region);

  const now = st.clock.now();
  const id = randomUUID().toUpperCase();
  let failure: string | undefined;
  for (const rc of plan.clusters) {
    const keyRegion = rc.kmsKeyId ? KMS_ARN.exec(rc.kmsKeyId)?.[1] : undefined;
    if (keyRegion && keyRegion !== rc.region)
      failure ??= `Restore failed: the KMS key ${rc.kmsKeyId} is in ${keyRegion}, but the cluster in ${rc.region} needs a key in its own Region (KMS key not accessible).`;
    if (rc.region !== region && !st.identicalCopy(point, rc.region)) {
      failure ??= `Restore failed: multi-Region restore needs an identical copy of ${arn} (same resource and creation time) in ${rc.region}; copy the recovery point there first.`;
    }
  }
  const eligible = now + st.ms(RESTORE_PENDING_MS);
  const durationMs = failure ? st.ms(MIN) : st.ms(Math.min(30 * MIN, 4 * MIN + (point.sizeBytes / 10e9) * MIN) * (plan.clusters.length > 1 ? 1.5 : 1));
  const startMs = st.restoreSlot(account, region, eligible, durationMs);
  st.restoreJobs.push({
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
  st.remember(account, region, "restore", body.IdempotencyToken, id);
  return { RestoreJobId: id };
}

export function listRestoreJobs(st: BackupState, { query, region, account }: RestCall) {
  const now = st.clock.now();
  const status = query.get("status");
  if (status !== null && !RESTORE_STATUSES.includes(status as RestoreStatus)) throw invalidParam(`status must be one of ${RESTORE_STATUSES.join(", ")}`);
  const resourceType = query.get("resourceType");
  const after = timeParam(query, "createdAfter");
  const before = timeParam(query, "createdBefore");
  const jobs = st.restoreJobs
    .filter((j) => j.region === region && accountOf(j.point.resourceArn) === account && (resourceType === null || resourceType === RESOURCE_TYPE))
    .filter((j) => (after === undefined || j.createdMs > after) && (before === undefined || j.createdMs < before))
    .filter((j) => status === null || st.restoreStatus(j, now) === status)
    .sort((a, b) => b.createdMs - a.createdMs);
  const { page, nextToken } = paged(jobs, query);
  return { RestoreJobs: page.map((j) => restoreJobView(st, j, now)), NextToken: nextToken };
}

export function describeRestoreJob(st: BackupState, { params, region, account }: RestCall) {
  return restoreJobView(
    st,
    jobById(st.restoreJobs, region, params.RestoreJobId, "Restore", (j) => accountOf(j.point.resourceArn) === account),
    st.clock.now(),
  );
}

/**
 * PutRestoreValidationResult (204, no body): the result of the caller's own check of a restored
 * resource, shown by DescribeRestoreJob and ListRestoreJobs as ValidationStatus and
 * ValidationStatusMessage; a later call replaces it. AWS documents it for restore testing ("your
 * independent self-run restore test validation results") and does not say whether a restore job
 * that no restore testing plan started is accepted, nor in which job status: the emulator accepts
 * it for any restore job of the caller's (an assumption; restore testing plans are not emulated).
 */
export function putRestoreValidationResult(st: BackupState, { params, body, region, account }: RestCall) {
  const job = jobById(st.restoreJobs, region, params.RestoreJobId, "Restore", (j) => accountOf(j.point.resourceArn) === account);
  const status = requiredString(body, "ValidationStatus");
  if (!RESTORE_VALIDATION_STATUSES.includes(status as RestoreValidationStatus)) throw invalidParam(`ValidationStatus must be one of ${RESTORE_VALIDATION_STATUSES.join(", ")}`);
  job.validation = { status: status as RestoreValidationStatus, message: optionalString(body, "ValidationStatusMessage") };
  return undefined;
}
