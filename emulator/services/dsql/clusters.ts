import { AwsError, validation } from "../../protocols/errors";
import { epochSeconds } from "../../protocols/http";
import { type RestCall } from "../../protocols/rest-json";
import { bool, tagMap } from "./input";
import { DsqlState, type ClusterRecord } from "./state";

/** The cluster operations: list, create, get, update, delete, and the VPC endpoint service name. */

export function listClusters(ds: DsqlState, { query, region, account }: RestCall) {
  const max = query.get("max-results");
  const maxResults = max === null ? 20 : Number(max);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
    throw validation("maxResults must be an integer from 1 to 100", { reason: "fieldValidationFailed" });
  }
  const token = query.get("next-token");
  let start = 0;
  if (token) {
    start = Number(Buffer.from(token, "base64url").toString("utf8"));
    if (!Number.isInteger(start) || start < 0) throw validation("The nextToken is not valid", { reason: "fieldValidationFailed" });
  }
  const all = ds.list(region, account);
  const page = all.slice(start, start + maxResults);
  const next = start + maxResults < all.length ? Buffer.from(String(start + maxResults)).toString("base64url") : undefined;
  return { clusters: page.map((c) => ({ identifier: c.identifier, arn: c.arn })), nextToken: next };
}

export function createCluster(ds: DsqlState, { body, region, account }: RestCall) {
  const token = typeof body.clientToken === "string" ? body.clientToken : undefined;
  const existing = token && ds.clientTokens.get(`${account}/${region}/${token}`);
  const c =
    (existing && ds.find(region, existing, account)) ||
    ds.create(region, {
      account,
      deletionProtectionEnabled: bool(body.deletionProtectionEnabled, "deletionProtectionEnabled"),
      tags: tagMap(body.tags),
      kmsKeyArn: typeof body.kmsEncryptionKey === "string" ? body.kmsEncryptionKey : undefined,
      witnessRegion: (body.multiRegionProperties as { witnessRegion?: string } | undefined)?.witnessRegion,
    });
  if (token) ds.clientTokens.set(`${account}/${region}/${token}`, c.identifier);
  const v = clusterView(ds, c);
  return {
    identifier: v.identifier,
    arn: v.arn,
    status: v.status,
    creationTime: v.creationTime,
    multiRegionProperties: v.multiRegionProperties,
    encryptionDetails: v.encryptionDetails,
    deletionProtectionEnabled: v.deletionProtectionEnabled,
    endpoint: v.endpoint,
  };
}

export function getCluster(ds: DsqlState, { params, region, account }: RestCall) {
  return clusterView(ds, ds.get(region, params.identifier, account));
}

export function updateCluster(ds: DsqlState, { params, body, region, account }: RestCall) {
  const c = ds.get(region, params.identifier, account);
  const st = ds.status(c);
  if (st !== "ACTIVE" && st !== "IDLE" && st !== "INACTIVE") {
    throw new AwsError("ConflictException", `Cluster ${c.identifier} is ${st} and cannot be updated now`, 409, { resourceId: c.identifier, resourceType: "cluster" });
  }
  const dp = bool(body.deletionProtectionEnabled, "deletionProtectionEnabled");
  if (dp !== undefined) c.deletionProtectionEnabled = dp;
  if (typeof body.kmsEncryptionKey === "string") {
    c.kmsKeyArn = body.kmsEncryptionKey === "AWS_OWNED_KMS_KEY" ? undefined : body.kmsEncryptionKey;
    c.updateStartedAt = ds.clock.now();
  }
  const v = clusterView(ds, c);
  return { identifier: v.identifier, arn: v.arn, status: v.status, creationTime: v.creationTime };
}

export function deleteCluster(ds: DsqlState, { params, region, account }: RestCall) {
  const c = ds.get(region, params.identifier, account);
  if (c.deletionProtectionEnabled) {
    throw validation(`Cluster ${c.identifier} has deletion protection enabled; turn it off with UpdateCluster first`, { reason: "deletionProtectionEnabled" });
  }
  if (c.deleteStartedAt === undefined) c.deleteStartedAt = ds.clock.now();
  return { identifier: c.identifier, arn: c.arn, status: "DELETING", creationTime: epochSeconds(c.creationTime) };
}

export function getVpcEndpointServiceName(ds: DsqlState, { params, region, account }: RestCall) {
  ds.get(region, params.identifier, account);
  return { serviceName: `com.amazonaws.${region}.dsql-fnh4` };
}

/** A cluster as GetCluster answers it (CreateCluster and UpdateCluster answer parts of it). */
function clusterView(ds: DsqlState, c: ClusterRecord) {
  return {
    identifier: c.identifier,
    arn: c.arn,
    status: ds.status(c),
    creationTime: epochSeconds(c.creationTime),
    deletionProtectionEnabled: c.deletionProtectionEnabled,
    multiRegionProperties: c.multiRegion ? { witnessRegion: c.multiRegion.witnessRegion, clusters: c.multiRegion.clusters } : undefined,
    tags: c.tags,
    encryptionDetails: c.kmsKeyArn
      ? { encryptionType: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyArn: c.kmsKeyArn, encryptionStatus: "ENABLED" }
      : { encryptionType: "AWS_OWNED_KMS_KEY", encryptionStatus: "ENABLED" },
    endpoint: `${c.identifier}.dsql.${c.region}.on.aws`,
  };
}
