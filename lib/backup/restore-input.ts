import type { StartRestoreJobInput } from "@aws-sdk/client-backup";

/**
 * The exact StartRestoreJob input AWS Backup needs to restore a DSQL cluster, built from the
 * wizard's options. Sources: AWS Backup devguide "Amazon Aurora DSQL restore" (restore-auroradsql).
 *
 * Single-region (documented with a CLI example): Metadata = { regionalConfig: JSON string of
 * [{ region, isDeletionProtectionEnabled, kmsKeyId? }] }; all entry fields are optional and the
 * defaults are deletion protection on and an AWS-owned key.
 *
 * Multi-region ("orchestrated restore metadata", documented with a CLI example):
 *   useMultiRegionOrchestration: "true", witnessRegion, peerRegion: JSON string array,
 *   regionalConfig with one entry per cluster region.
 * UNVERIFIED: the docs' example lists the witness region (not the peer) in regionalConfig, next to
 * peerRegion ["us-east-2"]; we send one entry per region that gets a cluster (restore region and
 * peer), since the witness holds no cluster. The recovery point must have an identical copy (same
 * resource, same creation time) in the peer region, and all three regions must be in one
 * continent group; the docs' example recovery point is an arn:aws:backup ARN, the single-region
 * one an arn:aws:dsql ARN, so we pass whatever ARN AWS Backup listed.
 */

/** Continent groups for multi-region restore (newest devguide; older pages listed region "triplets"). */
export const CONTINENT_GROUPS: Record<string, readonly string[]> = {
  Americas: ["us-east-1", "us-east-2", "us-west-2", "ca-west-1", "ca-central-1"],
  Europe: ["eu-central-1", "eu-north-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3"],
  "Asia-Pacific": ["ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1"],
};

export function continentGroupOf(region: string): string | undefined {
  return Object.entries(CONTINENT_GROUPS).find(([, regions]) => regions.includes(region))?.[0];
}

export interface MultiRegionOptions {
  peerRegion: string;
  witnessRegion: string;
  peerDeletionProtection: boolean;
  peerKmsKeyArn?: string;
}

export interface RestoreOptions {
  deletionProtection: boolean;
  /** A customer-managed key in the restore's region; absent: an AWS-owned key. */
  kmsKeyArn?: string;
  /** CopySourceTagsToRestoredResource: the tags the cluster had when it was backed up. */
  copySourceTags: boolean;
  /** Extra tags; StartRestoreJob has no Tags member, so the dashboard tags the new cluster once it exists. */
  tags: Record<string, string>;
  multiRegion?: MultiRegionOptions;
}

export interface RestoreRequestInput {
  region: string;
  recoveryPointArn: string;
  iamRoleArn: string;
  idempotencyToken: string;
  options: RestoreOptions;
}

interface RegionalConfigEntry {
  region: string;
  isDeletionProtectionEnabled: boolean;
  kmsKeyId?: string;
}

const entry = (region: string, deletionProtection: boolean, kmsKeyArn?: string): RegionalConfigEntry =>
  kmsKeyArn ? { region, isDeletionProtectionEnabled: deletionProtection, kmsKeyId: kmsKeyArn } : { region, isDeletionProtectionEnabled: deletionProtection };

/** Pure: the restore metadata (a map of strings, as the API wants it). */
export function restoreMetadata(region: string, o: RestoreOptions): Record<string, string> {
  const primary = entry(region, o.deletionProtection, o.kmsKeyArn);
  if (!o.multiRegion) return { regionalConfig: JSON.stringify([primary]) };
  const m = o.multiRegion;
  return {
    useMultiRegionOrchestration: "true",
    witnessRegion: m.witnessRegion,
    peerRegion: JSON.stringify([m.peerRegion]),
    regionalConfig: JSON.stringify([primary, entry(m.peerRegion, m.peerDeletionProtection, m.peerKmsKeyArn)]),
  };
}

/** Pure: the one StartRestoreJob call a restore request makes (sent again only with the same token). */
export function buildStartRestoreJobInput(r: RestoreRequestInput): StartRestoreJobInput {
  return {
    RecoveryPointArn: r.recoveryPointArn,
    IamRoleArn: r.iamRoleArn,
    IdempotencyToken: r.idempotencyToken,
    Metadata: restoreMetadata(r.region, r.options),
    CopySourceTagsToRestoredResource: r.options.copySourceTags,
  };
}
