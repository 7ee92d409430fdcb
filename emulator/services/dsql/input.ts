import { validation } from "../../protocols/errors";
import { pageOf } from "../../protocols/paging";

/** Input checks shared by the DSQL operations. */

const fieldError = (name: string, message: string) => validation(`${name} ${message}`, { reason: "fieldValidationFailed", fieldList: [{ name, message }] });

export const bool = (v: unknown, name: string): boolean | undefined => {
  if (v === undefined) return undefined;
  if (typeof v !== "boolean") throw validation(`${name} must be a boolean`, { reason: "fieldValidationFailed" });
  return v;
};

/** An optional string member, checked against the model's length and pattern. */
export function str(v: unknown, name: string, rule: { min?: number; max?: number; pattern?: RegExp } = {}): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw fieldError(name, "must be a string");
  if (v.length < (rule.min ?? 0) || v.length > (rule.max ?? Infinity)) throw fieldError(name, `must be ${rule.min ?? 0} to ${rule.max} characters long`);
  if (rule.pattern && !rule.pattern.test(v)) throw fieldError(name, `must match ${rule.pattern.source}`);
  return v;
}

export function required<T>(v: T | undefined, name: string): T {
  if (v === undefined) throw fieldError(name, "is required");
  return v;
}

export const tagMap = (v: unknown): Record<string, string> | undefined => {
  if (v === undefined) return undefined;
  if (!v || typeof v !== "object" || Array.isArray(v) || Object.values(v).some((x) => typeof x !== "string")) {
    throw validation("tags must be a map of strings", { reason: "fieldValidationFailed" });
  }
  if (Object.keys(v).length > 50) throw validation("A resource can have at most 50 tags", { reason: "fieldValidationFailed" });
  return v as Record<string, string>;
};

/** kmsEncryptionKey: a key ARN, id or alias, or AWS_OWNED_KMS_KEY for the AWS owned key (undefined then). */
export function kmsKey(v: unknown): { kmsKeyArn: string | undefined } | undefined {
  const key = str(v, "kmsEncryptionKey", { min: 1, max: 2048, pattern: /^[a-zA-Z0-9:/_-]+$/ });
  if (key === undefined) return undefined;
  return { kmsKeyArn: key === "AWS_OWNED_KMS_KEY" ? undefined : key };
}

const CLUSTER_ARN = /^arn:aws(-[^:]+)?:dsql:[a-z0-9-]{1,20}:[0-9]{12}:cluster\/[a-z0-9]{26}$/;

/** multiRegionProperties: a witness Region (not the cluster's own) and the peer clusters' ARNs. */
export function multiRegionProperties(v: unknown, region: string): { witnessRegion?: string; clusters?: string[] } | undefined {
  if (v === undefined) return undefined;
  if (!v || typeof v !== "object" || Array.isArray(v)) throw fieldError("multiRegionProperties", "must be a structure");
  const { witnessRegion, clusters } = v as Record<string, unknown>;
  const witness = str(witnessRegion, "multiRegionProperties.witnessRegion", { max: 50 });
  if (witness !== undefined && witness === region) throw validation("The witness Region cannot be the same as the cluster's Region", { reason: "fieldValidationFailed" });
  if (clusters !== undefined && (!Array.isArray(clusters) || clusters.some((a) => typeof a !== "string" || !CLUSTER_ARN.test(a)))) {
    throw fieldError("multiRegionProperties.clusters", "must be a list of cluster ARNs");
  }
  return { witnessRegion: witness, clusters: clusters as string[] | undefined };
}

/** A page of a DSQL list (max-results 1–100, default 20; next-token), refused with DSQL's ValidationException. */
export function dsqlPage<T>(items: T[], query: URLSearchParams) {
  return pageOf(items, { max: query.get("max-results"), token: query.get("next-token"), limit: 100, defaultSize: 20, invalid: (m) => validation(m, { reason: "fieldValidationFailed" }) });
}
