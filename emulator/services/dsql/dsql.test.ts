import { awsErrorOf, restCall } from "../../testing";
import { describe, expect, it } from "vitest";
import { Clock } from "../../clock";
import { AwsError } from "../../protocols/errors";
import type { RestCall } from "../../protocols/rest-json";
import { ACCOUNT_ID, demoScenario, STAGING_ACCOUNT } from "../../scenario/fleet";
import { ORDERS_VPCE_ID } from "../../scenario/security";
import { deleteCluster, getCluster, getVpcEndpointServiceName, listClusters, updateCluster } from "./clusters";
import { deleteClusterPolicy, getClusterPolicy, putClusterPolicy } from "./policies";
import { DsqlState } from "./state";
import { createStream, deleteStream, getStream, listStreams } from "./streams";

const anchor = Date.UTC(2026, 10, 25, 12);
const setup = () => {
  const scenario = demoScenario();
  const clock = new Clock(1);
  const ds = new DsqlState(clock, scenario, anchor);
  const id = (name: string, region: string) => scenario.clusters.find((c) => c.name === name && c.region === region)!.identifier;
  return { ds, clock, id };
};
const call = (over: Partial<RestCall>): RestCall => restCall("us-east-1", over);
const err = awsErrorOf;

describe("UpdateCluster and DeleteCluster", () => {
  it("answers UPDATING, is ACTIVE again 20 s later, and refuses a second update meanwhile", () => {
    const { ds, clock } = setup();
    const c = ds.create("eu-west-1", { name: "upd" });
    clock.advance(90_000);
    const at = (body: Record<string, unknown>) => call({ region: "eu-west-1", params: { identifier: c.identifier }, body });
    expect(updateCluster(ds, at({ deletionProtectionEnabled: false })).status).toBe("UPDATING");
    expect(c.deletionProtectionEnabled).toBe(false);
    expect(err(() => updateCluster(ds, at({ deletionProtectionEnabled: true }))).code).toBe("ConflictException");
    clock.advance(20_000);
    expect(getCluster(ds, at({})).status).toBe("ACTIVE");
    // Nothing to change: the status stays.
    expect(updateCluster(ds, at({})).status).toBe("ACTIVE");
  });

  it("changes the key and the witness Region, and checks them as the model does", () => {
    const { ds, clock } = setup();
    const c = ds.create("eu-west-1", { name: "kms", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/abc" });
    clock.advance(90_000);
    const at = (body: Record<string, unknown>) => call({ region: "eu-west-1", params: { identifier: c.identifier }, body });
    updateCluster(ds, at({ kmsEncryptionKey: "AWS_OWNED_KMS_KEY", multiRegionProperties: { witnessRegion: "eu-west-2" } }));
    clock.advance(20_000);
    const v = getCluster(ds, at({}));
    expect(v.encryptionDetails).toEqual({ encryptionType: "AWS_OWNED_KMS_KEY", encryptionStatus: "ENABLED" });
    expect(v.multiRegionProperties).toEqual({ witnessRegion: "eu-west-2", clusters: [c.arn] });
    expect(err(() => updateCluster(ds, at({ kmsEncryptionKey: "not a key" }))).fields.reason).toBe("fieldValidationFailed");
    expect(err(() => updateCluster(ds, at({ multiRegionProperties: { witnessRegion: "eu-west-1" } }))).message).toMatch(/witness Region/);
    expect(err(() => updateCluster(ds, at({ multiRegionProperties: { clusters: ["nope"] } }))).code).toBe("ValidationException");
    expect(err(() => updateCluster(ds, at({ deletionProtectionEnabled: "no" }))).code).toBe("ValidationException");
  });

  it("refuses to delete a protected cluster with ValidationException, reason deletionProtectionEnabled", () => {
    const { ds, id } = setup();
    const e = err(() => deleteCluster(ds, call({ params: { identifier: id("orders-prod", "us-east-1") } })));
    expect(e.code).toBe("ValidationException");
    expect(e.status).toBe(400);
    expect(e.fields.reason).toBe("deletionProtectionEnabled");
  });

  it("deletes: DELETING (still listed) for a minute, then not found, not listed, and kept for CloudWatch", () => {
    const { ds, clock } = setup();
    const c = ds.create("us-east-1", { name: "gone", deletionProtectionEnabled: false });
    clock.advance(90_000);
    const at = call({ params: { identifier: c.identifier } });
    expect(deleteCluster(ds, at)).toMatchObject({ identifier: c.identifier, arn: c.arn, status: "DELETING" });
    expect(deleteCluster(ds, at).status).toBe("DELETING");
    expect(getCluster(ds, at).status).toBe("DELETING");
    expect(listClusters(ds, call({ query: new URLSearchParams("max-results=100") })).clusters.map((x) => x.identifier)).toContain(c.identifier);
    expect(err(() => updateCluster(ds, call({ params: { identifier: c.identifier }, body: { deletionProtectionEnabled: true } }))).code).toBe("ConflictException");
    clock.advance(60_000);
    const gone = err(() => getCluster(ds, at));
    expect(gone.code).toBe("ResourceNotFoundException");
    expect(gone.fields).toEqual({ resourceId: c.identifier, resourceType: "cluster" });
    expect(listClusters(ds, call({ query: new URLSearchParams("max-results=100") })).clusters.map((x) => x.identifier)).not.toContain(c.identifier);
    expect(ds.deleted).toEqual([c]);
  });

  it("pages ListClusters by max-results (1–100) and next-token", () => {
    const { ds } = setup();
    for (let i = 0; i < 3; i++) ds.create("us-east-2", { name: `p${i}` });
    const first = listClusters(ds, call({ region: "us-east-2", query: new URLSearchParams("max-results=2") }));
    expect(first.clusters).toHaveLength(2);
    const rest = listClusters(ds, call({ region: "us-east-2", query: new URLSearchParams({ "max-results": "2", "next-token": first.nextToken! }) }));
    expect(rest.nextToken).toBeUndefined();
    expect([...first.clusters, ...rest.clusters].map((c) => c.identifier)).toEqual(ds.list("us-east-2", ACCOUNT_ID).map((c) => c.identifier));
    expect(err(() => listClusters(ds, call({ query: new URLSearchParams("max-results=101") }))).code).toBe("ValidationException");
  });
});

describe("GetVpcEndpointServiceName", () => {
  it("answers the Region's service (dsql-fnh4 in us-east-1, as AWS documents it) and the cluster's host name through it", () => {
    const { ds, id } = setup();
    const orders = id("orders-prod", "us-east-1");
    expect(getVpcEndpointServiceName(ds, call({ params: { identifier: orders } }))).toEqual({
      serviceName: "com.amazonaws.us-east-1.dsql-fnh4",
      clusterVpcEndpoint: `${orders}.dsql-fnh4.us-east-1.on.aws`,
    });
    const eu = getVpcEndpointServiceName(ds, call({ region: "eu-west-1", params: { identifier: id("payments-eu", "eu-west-1") } }));
    expect(eu.serviceName).toMatch(/^com\.amazonaws\.eu-west-1\.dsql-[a-z0-9]{4}$/);
    expect(eu.serviceName).not.toBe("com.amazonaws.eu-west-1.dsql-fnh4");
    expect(getVpcEndpointServiceName(ds, call({ region: "eu-west-1", params: { identifier: id("payments-eu", "eu-west-1") } }))).toEqual(eu);
    // Another account's cluster is not found, as on AWS.
    expect(err(() => getVpcEndpointServiceName(ds, call({ region: "eu-west-1", params: { identifier: id("reporting-eu", "eu-west-1") } }))).code).toBe("ResourceNotFoundException");
    expect(getVpcEndpointServiceName(ds, call({ region: "eu-west-1", account: STAGING_ACCOUNT, params: { identifier: id("reporting-eu", "eu-west-1") } })).serviceName).toBe(eu.serviceName);
  });
});

describe("cluster policies", () => {
  const doc = (statement: Record<string, unknown>) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
  const allowRead = doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "dsql:GetCluster", Resource: "*" });

  it("seeds orders-prod (us-east-1) with a policy that denies connections outside its VPC endpoint; the others have none", () => {
    const { ds, id } = setup();
    const p = getClusterPolicy(ds, call({ params: { identifier: id("orders-prod", "us-east-1") } }));
    expect(p.policyVersion).toBe("1");
    const statement = JSON.parse(p.policy).Statement[0];
    expect(statement).toMatchObject({ Effect: "Deny", Action: ["dsql:DbConnect", "dsql:DbConnectAdmin"], Condition: { StringNotEquals: { "aws:SourceVpce": ORDERS_VPCE_ID } } });
    const none = err(() => getClusterPolicy(ds, call({ region: "us-east-2", params: { identifier: id("orders-prod", "us-east-2") } })));
    expect(none.code).toBe("ResourceNotFoundException");
    expect(none.status).toBe(404);
  });

  it("puts, versions, checks the expected version and deletes", () => {
    const { ds, id } = setup();
    const at = (over: Partial<RestCall>) => call({ region: "eu-west-1", params: { identifier: id("payments-eu", "eu-west-1") }, ...over });
    expect(putClusterPolicy(ds, at({ body: { policy: allowRead } }))).toEqual({ policyVersion: "1" });
    expect(getClusterPolicy(ds, at({}))).toEqual({ policy: allowRead, policyVersion: "1" });
    expect(err(() => putClusterPolicy(ds, at({ body: { policy: allowRead, expectedPolicyVersion: "7" } }))).code).toBe("ConflictException");
    expect(putClusterPolicy(ds, at({ body: { policy: allowRead, expectedPolicyVersion: "1" } }))).toEqual({ policyVersion: "2" });
    expect(err(() => deleteClusterPolicy(ds, at({ query: new URLSearchParams("expected-policy-version=1") }))).status).toBe(409);
    expect(deleteClusterPolicy(ds, at({ query: new URLSearchParams("expected-policy-version=2") }))).toEqual({ policyVersion: "2" });
    expect(err(() => getClusterPolicy(ds, at({}))).code).toBe("ResourceNotFoundException");
    expect(err(() => deleteClusterPolicy(ds, at({}))).code).toBe("ResourceNotFoundException");
    // The version goes on after a delete.
    expect(putClusterPolicy(ds, at({ body: { policy: allowRead } }))).toEqual({ policyVersion: "3" });
  });

  it("refuses a document that is not a policy, and one that would lock everyone out unless told to bypass the check", () => {
    const { ds, id } = setup();
    const put = (body: Record<string, unknown>) => putClusterPolicy(ds, call({ region: "eu-west-1", params: { identifier: id("payments-eu", "eu-west-1") }, body }));
    expect(err(() => put({})).code).toBe("ValidationException");
    expect(err(() => put({ policy: "{not json" })).message).toMatch(/JSON/);
    expect(err(() => put({ policy: JSON.stringify({ Version: "2012-10-17" }) })).message).toMatch(/Statement/);
    expect(err(() => put({ policy: doc({ Effect: "Maybe", Principal: "*", Action: "*" }) })).message).toMatch(/Effect/);
    expect(err(() => put({ policy: "x".repeat(20481) })).code).toBe("ValidationException");
    const lockout = doc({ Effect: "Deny", Principal: "*", Action: "dsql:*", Resource: "*" });
    expect(err(() => put({ policy: lockout })).message).toMatch(/bypassPolicyLockoutSafetyCheck/);
    expect(put({ policy: lockout, bypassPolicyLockoutSafetyCheck: true }).policyVersion).toBe("1");
    // A condition (as the seeded VPC endpoint policy has) does not lock everyone out.
    expect(put({ policy: doc({ Effect: "Deny", Principal: { AWS: "*" }, Action: "*", Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-1" } } }) }).policyVersion).toBe("2");
  });
});

describe("streams", () => {
  const target = { kinesis: { streamArn: "arn:aws:kinesis:us-east-2:123456789012:stream/cdc", roleArn: "arn:aws:iam::123456789012:role/dsql-cdc" } };

  it("seeds an ACTIVE stream on orders-prod and an IMPAIRED one on payments-eu that says why; none elsewhere", () => {
    const { ds, id } = setup();
    const orders = call({ params: { clusterIdentifier: id("orders-prod", "us-east-1") } });
    const [active] = listStreams(ds, orders).streams;
    expect(active).toMatchObject({ status: "ACTIVE", clusterIdentifier: id("orders-prod", "us-east-1") });
    expect(active.arn).toBe(`arn:aws:dsql:us-east-1:123456789012:cluster/${id("orders-prod", "us-east-1")}/stream/${active.streamIdentifier}`);
    expect(Object.keys(active).sort()).toEqual(["arn", "clusterIdentifier", "creationTime", "status", "streamIdentifier"]);
    const full = getStream(ds, call({ params: { clusterIdentifier: id("orders-prod", "us-east-1"), streamIdentifier: active.streamIdentifier } }));
    expect(full).toMatchObject({ ordering: "UNORDERED", format: "JSON", targetDefinition: { kinesis: { streamArn: "arn:aws:kinesis:us-east-1:123456789012:stream/orders-cdc" } } });
    expect(full.statusReason).toBeUndefined();

    const payments = call({ region: "eu-west-1", params: { clusterIdentifier: id("payments-eu", "eu-west-1") } });
    const [impaired] = listStreams(ds, payments).streams;
    const view = getStream(ds, { ...payments, params: { ...payments.params, streamIdentifier: impaired.streamIdentifier } });
    expect(view.status).toBe("IMPAIRED");
    expect(view.statusReason).toEqual({ error: "KINESIS_STREAM_NOT_FOUND", updatedAt: (anchor - 6 * 3_600_000) / 1000 });
    expect(listStreams(ds, call({ region: "us-east-2", params: { clusterIdentifier: id("orders-prod", "us-east-2") } })).streams).toEqual([]);
  });

  it("creates (CREATING, then ACTIVE), is idempotent by clientToken, deletes (DELETING, then gone)", () => {
    const { ds, clock, id } = setup();
    const at = (over: Partial<RestCall> = {}) => call({ region: "us-east-2", params: { clusterIdentifier: id("orders-prod", "us-east-2") }, ...over });
    const body = { targetDefinition: target, ordering: "UNORDERED", format: "JSON", clientToken: "t1", tags: { team: "x" } };
    const made = createStream(ds, at({ body }));
    expect(made).toMatchObject({ status: "CREATING", ordering: "UNORDERED", format: "JSON" });
    expect(createStream(ds, at({ body })).streamIdentifier).toBe(made.streamIdentifier);
    clock.advance(60_000);
    const one = at({ params: { clusterIdentifier: id("orders-prod", "us-east-2"), streamIdentifier: made.streamIdentifier } });
    expect(getStream(ds, one)).toMatchObject({ status: "ACTIVE", tags: { team: "x" } });
    expect(deleteStream(ds, one).status).toBe("DELETING");
    expect(listStreams(ds, at()).streams.map((s) => s.status)).toEqual(["DELETING"]);
    clock.advance(30_000);
    expect(err(() => getStream(ds, one)).fields).toEqual({ resourceId: made.streamIdentifier, resourceType: "stream" });
    expect(listStreams(ds, at()).streams).toEqual([]);
  });

  it("checks the input as the model does and refuses a cluster being created", () => {
    const { ds, id } = setup();
    const at = (body: Record<string, unknown>) => call({ region: "us-east-2", params: { clusterIdentifier: id("orders-prod", "us-east-2") }, body });
    const ok = { targetDefinition: target, ordering: "UNORDERED", format: "JSON" };
    expect(err(() => createStream(ds, at({ ...ok, targetDefinition: undefined }))).message).toMatch(/targetDefinition/);
    expect(err(() => createStream(ds, at({ ...ok, targetDefinition: { kinesis: { ...target.kinesis, streamArn: "arn:aws:sqs:x" } } }))).message).toMatch(/streamArn/);
    expect(err(() => createStream(ds, at({ ...ok, targetDefinition: { kinesis: { ...target.kinesis, roleArn: "role" } } }))).message).toMatch(/roleArn/);
    expect(err(() => createStream(ds, at({ ...ok, ordering: "ORDERED" }))).code).toBe("ValidationException");
    expect(err(() => createStream(ds, at({ ...ok, format: undefined }))).message).toMatch(/format/);
    expect(err(() => getStream(ds, call({ region: "us-east-2", params: { clusterIdentifier: id("orders-prod", "us-east-2"), streamIdentifier: "NOPE" } }))).code).toBe("ValidationException");
    const fresh = ds.create("us-east-2", { name: "new" });
    expect(err(() => createStream(ds, call({ region: "us-east-2", params: { clusterIdentifier: fresh.identifier }, body: ok }))).code).toBe("ConflictException");
    expect(err(() => listStreams(ds, call({ params: { clusterIdentifier: "a".repeat(26) } }))).code).toBe("ResourceNotFoundException");
  });
});
