import { AwsError, validation } from "../../protocols/errors";
import { epochSeconds } from "../../protocols/http";
import { type RestCall } from "../../protocols/rest-json";
import { clusterVpcEndpoint, vpcEndpointServiceName } from "../../scenario/security";
import { bool, dsqlPage, kmsKey, multiRegionProperties, tagMap } from "./input";
import { checkPolicy } from "./policies";
import { DsqlState, type ClusterRecord } from "./state";

/** The cluster operations: list, create, get, update, delete, and the VPC endpoint service name. */

export function listClusters(ds: DsqlState, { query, region, account }: RestCall) {
  const { page, nextToken } = dsqlPage(ds.list(region, account), query);
  return { clusters: page.map((c) => ({ identifier: c.identifier, arn: c.arn })), nextToken };
}

export function createCluster(ds: DsqlState, { body, region, account }: RestCall) {
  const token = typeof body.clientToken === "string" ? body.clientToken : undefined;
  const existing = token && ds.clientTokens.get(`${account}/${region}/${token}`);
  let c = existing && ds.find(region, existing, account);
  if (!c) {
    const policy = body.policy === undefined ? undefined : checkPolicy(body.policy, body.bypassPolicyLockoutSafetyCheck);
    c = ds.create(region, {
      account,
      deletionProtectionEnabled: bool(body.deletionProtectionEnabled, "deletionProtectionEnabled"),
      tags: tagMap(body.tags),
      kmsKeyArn: kmsKey(body.kmsEncryptionKey)?.kmsKeyArn,
      witnessRegion: multiRegionProperties(body.multiRegionProperties, region)?.witnessRegion,
    });
    if (policy) c.policy = { document: policy, version: 1 };
  }
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

/**
 * UpdateCluster is asynchronous, as on AWS: the answer and GetCluster say UPDATING for a while
 * (20 s at time scale 1), then the cluster is back to its status. Deletion protection takes
 * effect at once, so a DeleteCluster right after turning it off goes through (teardown scripts
 * do exactly that); a second update while one runs is a ConflictException. multiRegionProperties
 * is kept as given on this cluster only (on AWS each peer is updated with its own call too); the
 * peers are not checked. clientToken is accepted and not used.
 */
export function updateCluster(ds: DsqlState, { params, body, region, account }: RestCall) {
  const c = ds.get(region, params.identifier, account);
  const st = ds.status(c);
  if (st !== "ACTIVE" && st !== "IDLE" && st !== "INACTIVE") {
    throw new AwsError("ConflictException", `Cluster ${c.identifier} is ${st} and cannot be updated now`, 409, { resourceId: c.identifier, resourceType: "cluster" });
  }
  const dp = bool(body.deletionProtectionEnabled, "deletionProtectionEnabled");
  const kms = kmsKey(body.kmsEncryptionKey);
  const mr = multiRegionProperties(body.multiRegionProperties, region);
  if (dp !== undefined) c.deletionProtectionEnabled = dp;
  if (kms) c.kmsKeyArn = kms.kmsKeyArn;
  if (mr) c.multiRegion = { witnessRegion: mr.witnessRegion ?? c.multiRegion?.witnessRegion, clusters: mr.clusters ?? c.multiRegion?.clusters ?? [c.arn] };
  if (dp !== undefined || kms || mr) c.updateStartedAt = ds.clock.now();
  const v = clusterView(ds, c);
  return { identifier: v.identifier, arn: v.arn, status: v.status, creationTime: v.creationTime };
}

/**
 * DeleteCluster: refused while deletion protection is on (ValidationException, reason
 * deletionProtectionEnabled, as the model has it); otherwise DELETING for a minute at time scale
 * 1, then gone: GetCluster is ResourceNotFoundException, ListClusters no longer has it, its
 * metrics stop at the moment deletion started. Deleting a cluster already DELETING answers the
 * same again. clientToken is accepted and not used.
 */
export function deleteCluster(ds: DsqlState, { params, region, account }: RestCall) {
  const c = ds.get(region, params.identifier, account);
  if (c.deletionProtectionEnabled) {
    throw validation(`Cluster ${c.identifier} has deletion protection enabled; turn it off with UpdateCluster first`, { reason: "deletionProtectionEnabled" });
  }
  if (c.deleteStartedAt === undefined) c.deleteStartedAt = ds.clock.now();
  return { identifier: c.identifier, arn: c.arn, status: ds.status(c), creationTime: epochSeconds(c.creationTime) };
}

/** The Region's connection endpoint service, and the cluster's host name through it (scenario/security.ts). */
export function getVpcEndpointServiceName(ds: DsqlState, { params, region, account }: RestCall) {
  const c = ds.get(region, params.identifier, account);
  return { serviceName: vpcEndpointServiceName(region), clusterVpcEndpoint: clusterVpcEndpoint(c.identifier, region) };
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
