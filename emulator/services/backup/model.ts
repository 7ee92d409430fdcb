import { type BackupJobSeed } from "../../scenario/backups";
import { type LoadProfile } from "../../scenario/fleet";
import { type ClusterRecord } from "../dsql";
import { notFound } from "./errors";

/** The records AWS Backup keeps for DSQL in the emulator, and the rules they follow. */

export const RESOURCE_TYPE = "DSQL";
export const MAX_RUNNING_RESTORES = 4;
export const H = 3_600_000;
export const MIN = 60_000;
export const BACKUP_CREATED_MS = 15_000;
export const RESTORE_PENDING_MS = 20_000;
export const JOB_HISTORY_MS = 30 * 24 * H;
export const TOKEN_TTL_MS = H;
export const CLUSTER_QUOTA = 20;

export type BackupJobState = "CREATED" | "PENDING" | "RUNNING" | "COMPLETED" | "FAILED" | "EXPIRED" | "ABORTED";
export const BACKUP_STATES: BackupJobState[] = ["CREATED", "PENDING", "RUNNING", "COMPLETED", "FAILED", "EXPIRED", "ABORTED"];
export type RestoreStatus = "PENDING" | "RUNNING" | "COMPLETED" | "FAILED" | "ABORTED";
export const RESTORE_STATUSES: RestoreStatus[] = ["PENDING", "RUNNING", "COMPLETED", "FAILED", "ABORTED"];
export type RestoreValidationStatus = "FAILED" | "SUCCESSFUL" | "TIMED_OUT" | "VALIDATING";
export const RESTORE_VALIDATION_STATUSES: RestoreValidationStatus[] = ["FAILED", "SUCCESSFUL", "TIMED_OUT", "VALIDATING"];

/** DSQL multi-region restore stays inside one continent group (AWS Backup devguide, restore-auroradsql). */
export const CONTINENT_GROUPS = [
  ["us-east-1", "us-east-2", "us-west-2", "ca-west-1", "ca-central-1"],
  ["eu-central-1", "eu-north-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3"],
  ["ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1"],
];

/** What a recovery point remembers of its cluster: the restore metadata and tags come from here. */
export interface SourceSnapshot {
  identifier: string;
  name: string;
  deletionProtectionEnabled: boolean;
  kmsKeyArn?: string;
  tags: Record<string, string>;
  profile: LoadProfile;
}

export interface RecoveryPoint {
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
  /** Set once the source's database was captured for this point (state.ts, settle). */
  captured?: boolean;
}

export interface BackupJob extends Omit<BackupJobSeed, "cluster" | "planId"> {
  vaultName: string;
  resourceArn: string;
  resourceName: string;
  deleteAfterDays?: number;
  planId?: string;
  iamRoleArn: string;
  encryptionKeyArn?: string;
}

export interface RegionalConfig {
  region: string;
  deletionProtectionEnabled: boolean;
  kmsKeyId?: string;
}

export interface RestorePlan {
  clusters: RegionalConfig[];
  witnessRegion?: string;
}

export interface RestoreJob {
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
  /** The last result a validation reported (PutRestoreValidationResult). */
  validation?: { status: RestoreValidationStatus; message?: string };
}

/** A modest, steady load for restored clusters, so they get metrics of their own. */
export const restoredProfile = (source: SourceSnapshot, sizeBytes: number): LoadProfile => ({
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

export const snapshot = (c: ClusterRecord): SourceSnapshot => ({
  identifier: c.identifier,
  name: c.name,
  deletionProtectionEnabled: c.deletionProtectionEnabled,
  kmsKeyArn: c.kmsKeyArn,
  tags: { ...c.tags },
  profile: c.profile,
});

export const pct = (p: number) => (Math.floor(p * 1000) / 10).toFixed(1);

/** The account in an ARN: backups, points and restores belong to the account of the resource they are about. */
export const accountOf = (arn: string) => arn.split(":")[4];

export function jobById<T extends { region: string; id: string }>(jobs: T[], region: string, id: string, kind: string, owned: (job: T) => boolean = () => true): T {
  const j = jobs.find((x) => x.region === region && x.id === id && owned(x));
  if (!j) throw notFound(`${kind} job ${id} was not found in ${region}`);
  return j;
}
