import { randomUUID } from "node:crypto";
import { DescribeRestoreJobCommand, StartRestoreJobCommand } from "@aws-sdk/client-backup";
import { recordAudit } from "../audit";
import type { User } from "../auth";
import { backupClient } from "../aws/clients";
import type { Scope } from "../aws/scope";
import { getCluster, invalidateClusters, parseClusterArn, tagCluster, type Cluster } from "../dsql/clusters";
import { badRequest, notFound, toAppError } from "../errors";
import { inStore } from "../store";
import { backupRoleArn } from "./jobs";
import { toRestoreJob, type RestoreJob } from "./model";
import { invalidateRestores, recentRestoreJobs } from "./fleet";
import { copyTimesIn, listRecoveryPoints } from "./points";
import { buildStartRestoreJobInput, type RestoreOptions } from "./restore-input";
import { isConfirmed, optionErrors, pointErrors, type WizardContext } from "./wizard";

/**
 * Restore requests: the dashboard's record of a restore, kept in its store so a restore starts
 * exactly once. The wizard first creates a request (the server picks its id and idempotency
 * token); confirming submits that request. A request with a job id never calls AWS again; one
 * without sends StartRestoreJob with its own token, which AWS Backup answers with the same job for
 * an hour, so double clicks, reloads and restarts all land on one job.
 *
 * status: draft (created, not sent) → submitting (sent, answer not recorded yet) → submitted
 * (restore_job_id known); refused (AWS said no: nothing started, may be sent again).
 */

export type RestoreRequestStatus = "draft" | "submitting" | "submitted" | "refused";

export interface RestoreRequest extends Scope {
  id: string;
  sourceClusterArn: string;
  recoveryPointArn: string;
  options: RestoreOptions;
  requestedBy: string;
  createdAt: string;
  status: RestoreRequestStatus;
  restoreJobId?: string;
  message?: string;
  submittedAt?: string;
  tagsAppliedAt?: string;
}

interface Row {
  id: string;
  idempotency_token: string;
  region: string;
  source_cluster_arn: string;
  recovery_point_arn: string;
  options: RestoreOptions | string;
  requested_by: string;
  created_at: Date | string;
  restore_job_id: string | null;
  status: RestoreRequestStatus;
  message: string | null;
  submitted_at: Date | string | null;
  tags_applied_at: Date | string | null;
}

const COLUMNS = "id, idempotency_token, region, source_cluster_arn, recovery_point_arn, options, requested_by, created_at, restore_job_id, status, message, submitted_at, tags_applied_at";
/** AWS Backup honours an idempotency token for an hour; past this, a lost answer is looked for instead. */
const TOKEN_SAFE_MS = 50 * 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isoOf = (v: Date | string | null) => (v === null ? undefined : new Date(v).toISOString());

/** The account a request's restore runs in: the source cluster's (its ARN names it). */
const scopeOf = (r: Row): Scope => ({ account: parseClusterArn(r.source_cluster_arn)?.account ?? "", region: r.region });

/** The token stays on the server: it is not part of what pages and routes get. */
function toRequest(r: Row): RestoreRequest {
  return {
    id: r.id,
    ...scopeOf(r),
    sourceClusterArn: r.source_cluster_arn,
    recoveryPointArn: r.recovery_point_arn,
    options: typeof r.options === "string" ? (JSON.parse(r.options) as RestoreOptions) : r.options,
    requestedBy: r.requested_by,
    createdAt: isoOf(r.created_at)!,
    status: r.status,
    restoreJobId: r.restore_job_id ?? undefined,
    message: r.message ?? undefined,
    submittedAt: isoOf(r.submitted_at),
    tagsAppliedAt: isoOf(r.tags_applied_at),
  };
}

async function row(id: string): Promise<Row | undefined> {
  if (!UUID.test(id)) return undefined;
  const rows = await inStore((db) => db.query<Row>(`SELECT ${COLUMNS} FROM restore_requests WHERE id = $1`, [id]));
  return rows[0];
}

export async function getRestoreRequest(id: string): Promise<RestoreRequest | undefined> {
  const r = await row(id);
  return r && toRequest(r);
}

export async function requestForJob(jobId: string): Promise<RestoreRequest | undefined> {
  const rows = await inStore((db) => db.query<Row>(`SELECT ${COLUMNS} FROM restore_requests WHERE restore_job_id = $1`, [jobId]));
  return rows[0] && toRequest(rows[0]);
}

export async function requestsForJobs(jobIds: string[]): Promise<Record<string, RestoreRequest>> {
  if (!jobIds.length) return {};
  const rows = await inStore((db) => db.query<Row>(`SELECT ${COLUMNS} FROM restore_requests WHERE restore_job_id = ANY($1::text[])`, [jobIds]));
  return Object.fromEntries(rows.map((r) => [r.restore_job_id!, toRequest(r)]));
}

/** What the wizard (and the server's checks) know about a cluster's restorable points. */
export async function wizardContext(cluster: Cluster): Promise<WizardContext> {
  const points = await listRecoveryPoints(cluster, cluster.arn);
  const peerRegions = [...new Set(cluster.peers.map((p) => p.region))];
  const copies = await Promise.all(peerRegions.map(async (r) => [r, new Set(await copyTimesIn({ account: cluster.account, region: r }, cluster.arn))] as const));
  return {
    account: cluster.account,
    region: cluster.region,
    sourceIdentifier: cluster.identifier,
    sourceName: cluster.name,
    peerRegions,
    witnessRegion: cluster.witnessRegion,
    points: points
      // Copies held here of another region's cluster are not this cluster's own points.
      .filter((p) => p.origin.kind !== "copy")
      .map((p) => ({ arn: p.arn, status: p.status, createdAt: p.createdAt, sizeBytes: p.sizeBytes, copyRegions: copies.filter(([, times]) => times.has(p.createdAt)).map(([r]) => r) })),
  };
}

function firstError(errors: Partial<Record<string, string>>): string | undefined {
  const [field, message] = Object.entries(errors)[0] ?? [];
  return field ? `${field}: ${message}` : undefined;
}

/** Validates against the cluster's current points and stores a draft request with a fresh token. */
export async function createRestoreRequest(input: { cluster: Cluster; recoveryPointArn: string; options: RestoreOptions; user: User }): Promise<RestoreRequest> {
  const ctx = await wizardContext(input.cluster);
  const problem = firstError({ ...pointErrors(input.recoveryPointArn, ctx, input.options.multiRegion?.peerRegion), ...optionErrors(input.options, ctx) });
  if (problem) throw badRequest(problem);
  const id = randomUUID();
  await inStore((db) =>
    db.query(
      `INSERT INTO restore_requests (id, idempotency_token, region, source_cluster_arn, recovery_point_arn, options, requested_by, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft') ON CONFLICT (id) DO NOTHING`,
      [id, randomUUID(), input.cluster.region, input.cluster.arn, input.recoveryPointArn, JSON.stringify(input.options), input.user.name],
    ),
  );
  return (await getRestoreRequest(id))!;
}

/** A job this request's earlier, unanswered attempt may have started: same recovery point, created after it. */
async function orphanJob(r: Row): Promise<string | undefined> {
  const since = new Date(r.submitted_at!).getTime() - 60_000;
  const jobs = await recentRestoreJobs(scopeOf(r), 30);
  return jobs.filter((j) => j.recoveryPointArn === r.recovery_point_arn && new Date(j.createdAt).getTime() >= since).at(-1)?.id;
}

async function recordJob(id: string, jobId: string) {
  await inStore((db) => db.query("UPDATE restore_requests SET restore_job_id = $2, status = 'submitted', message = NULL WHERE id = $1 AND restore_job_id IS NULL", [id, jobId]));
}

/**
 * Sends the request's one StartRestoreJob, after the person typed the source cluster's identifier.
 * Submitting a request again returns its job without calling AWS.
 */
export async function submitRestoreRequest(id: string, confirmText: string): Promise<RestoreRequest> {
  const r = await row(id);
  if (!r) throw notFound(`Restore request ${id}`);
  if (r.restore_job_id) return toRequest(r);
  const source = parseClusterArn(r.source_cluster_arn);
  if (!source || !isConfirmed(confirmText, source.identifier)) throw badRequest(`To confirm, type the source cluster's identifier (${source?.identifier ?? "?"}) exactly`);
  const iamRoleArn = backupRoleArn(source.account);

  if (r.submitted_at && Date.now() - new Date(r.submitted_at).getTime() > TOKEN_SAFE_MS) {
    const found = await orphanJob(r);
    if (found) {
      await recordJob(id, found);
      return (await getRestoreRequest(id))!;
    }
  }
  await inStore((db) => db.query("UPDATE restore_requests SET status = 'submitting', submitted_at = COALESCE(submitted_at, now()) WHERE id = $1 AND restore_job_id IS NULL", [id]));
  let jobId: string;
  try {
    const out = await backupClient(scopeOf(r)).send(
      new StartRestoreJobCommand(buildStartRestoreJobInput({ region: r.region, recoveryPointArn: r.recovery_point_arn, iamRoleArn, idempotencyToken: r.idempotency_token, options: toRequest(r).options })),
    );
    jobId = out.RestoreJobId!;
  } catch (err) {
    const e = toAppError(err);
    // A clear refusal started nothing: forget the attempt so a later retry is not mistaken for a lost answer.
    if (e.status >= 400 && e.status < 500 && e.status !== 429) {
      await inStore((db) => db.query("UPDATE restore_requests SET status = 'refused', message = $2, submitted_at = NULL WHERE id = $1 AND restore_job_id IS NULL", [id, e.message]));
    }
    throw e;
  }
  await recordJob(id, jobId);
  invalidateRestores(scopeOf(r));
  return (await getRestoreRequest(id))!;
}

export interface NewCluster extends Scope {
  identifier: string;
  arn: string;
  name: string;
  status: string;
  /** Peer clusters of a multi-region restore. */
  peers: { region: string; identifier: string }[];
}

export interface RestoreProgress {
  job: RestoreJob;
  request?: RestoreRequest;
  /** Set once the new cluster exists (GetCluster answers for it). */
  newCluster?: NewCluster;
}

/**
 * The requested tags go on the new cluster(s) once the restore completed (StartRestoreJob has no
 * Tags member). TagResource merges, so a repeat after a crash does no harm; it is audited as the
 * follow-up of the operator's restore.
 */
async function applyRequestedTags(req: RestoreRequest, cluster: Cluster): Promise<boolean> {
  if (req.tagsAppliedAt || !Object.keys(req.options.tags).length) return false;
  const targets = [cluster, ...cluster.peers];
  for (const t of targets) await tagCluster(t, req.options.tags);
  await inStore((db) => db.query("UPDATE restore_requests SET tags_applied_at = now() WHERE id = $1", [req.id]));
  req.tagsAppliedAt = new Date().toISOString();
  for (const t of targets) invalidateClusters(t);
  await recordAudit({ user: { name: req.requestedBy, role: "operator", groups: [] }, action: "restore.tag-new-cluster", target: cluster.arn, params: { request: req.id, keys: Object.keys(req.options.tags) }, allowed: true, result: "ok", status: 200 });
  return true;
}

export async function restoreProgress(scope: Scope, jobId: string): Promise<RestoreProgress> {
  const out = await backupClient(scope).send(new DescribeRestoreJobCommand({ RestoreJobId: jobId }));
  const job = toRestoreJob(scope, out);
  const request = await requestForJob(jobId);
  const ref = job.createdResourceArn ? parseClusterArn(job.createdResourceArn) : undefined;
  let newCluster: NewCluster | undefined;
  if (ref) {
    try {
      let c = await getCluster(ref);
      if (job.status === "COMPLETED" && request && (await applyRequestedTags(request, c))) c = await getCluster(ref);
      newCluster = { account: c.account, region: c.region, identifier: c.identifier, arn: c.arn, name: c.name, status: c.status, peers: c.peers.map((p) => ({ region: p.region, identifier: p.identifier })) };
      invalidateClusters(ref);
    } catch (err) {
      // Not there (yet, or deleted since): the page says so instead of linking to a 404.
      if (toAppError(err).status !== 404) throw err;
    }
  }
  return { job, request, newCluster };
}
