import { CONTINENT_GROUPS, type RegionalConfig, type RestorePlan } from "./model";
import { invalidParam } from "./errors";
import { KMS_ARN, KMS_ID, REGION } from "./input";

/** The restore metadata of StartRestoreJob: single-Region, or multi-Region with its witness and peers. */

export const groupOf = (region: string) => CONTINENT_GROUPS.findIndex((g) => g.includes(region));

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
    if (o.kmsKeyId !== undefined && (typeof o.kmsKeyId !== "string" || !(KMS_ARN.test(o.kmsKeyId) || KMS_ID.test(o.kmsKeyId))))
      throw invalidParam(`regionalConfig[${i}].kmsKeyId must be a KMS key ARN, key id or alias`);
    return { region: o.region as string | undefined, deletionProtectionEnabled: o.isDeletionProtectionEnabled as boolean | undefined, kmsKeyId: o.kmsKeyId as string | undefined };
  });
  const multi = metadata.useMultiRegionOrchestration;
  if (multi !== undefined && multi !== "true" && multi !== "false") throw invalidParam('useMultiRegionOrchestration must be "true" or "false"');
  const config = (r: string): RegionalConfig => {
    const e = entries.find((x) => x.region === r) ?? (r === region ? entries.find((x) => x.region === undefined) : undefined);
    // Defaults per the docs: default encryption, deletion protection on.
    return { region: r, deletionProtectionEnabled: e?.deletionProtectionEnabled ?? true, kmsKeyId: e?.kmsKeyId };
  };
  if (multi !== "true") {
    if (metadata.witnessRegion !== undefined || metadata.peerRegion !== undefined) throw invalidParam('witnessRegion and peerRegion need useMultiRegionOrchestration set to "true"');
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

export function parseJsonArray(v: string | undefined, name: string): unknown[] {
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
