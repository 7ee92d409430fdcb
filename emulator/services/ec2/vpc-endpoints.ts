import type { VpcEndpointSeed } from "../../scenario/security";
import { pageOf } from "../../protocols/paging";
import { wildcard } from "../wildcard";
import { ec2Error, invalidParameterValue } from "./errors";
import type { Ec2State } from "./state";

/**
 * DescribeVpcEndpoints: every endpoint of the caller's account in the Region, or those named by
 * VpcEndpointId.N (each must exist: InvalidVpcEndpointId.NotFound otherwise), narrowed by
 * Filter.N (values of one filter OR-ed, filters AND-ed, `*` and `?` wildcards, case-sensitive;
 * an unknown filter name is InvalidParameterValue), paged by MaxResults (at most 1,000 a page, the
 * default) and NextToken. Answers in EC2's member names. State values are lower-case on the wire
 * ("available"), as EC2 sends them, though the service model's enum spells them "Available".
 * Simplifications: DryRun answers DryRunOperation (the caller is always allowed); filter limits
 * (FilterLimitExceeded) are not enforced.
 */

const PAGE_LIMIT = 1000;
const ENDPOINT_ID = /^vpce-[0-9a-f]{8,17}$/;

type Filter = { Name?: unknown; Value?: unknown };

/** What an endpoint offers to each filter (several values: any may match). */
const FILTERS: Record<string, (e: VpcEndpointSeed) => string[]> = {
  "service-name": (e) => [e.serviceName],
  "service-region": (e) => [e.region],
  "vpc-endpoint-type": (e) => [e.type],
  "vpc-endpoint-state": (e) => [e.state],
  "vpc-endpoint-id": (e) => [e.id],
  "vpc-id": (e) => [e.vpcId],
  "ip-address-type": () => ["ipv4"],
  "tag-key": (e) => Object.keys(e.tags),
};

const filterValues = (name: string): ((e: VpcEndpointSeed) => string[]) | undefined =>
  name.startsWith("tag:") && name.length > 4 ? (e) => (e.tags[name.slice(4)] === undefined ? [] : [e.tags[name.slice(4)]]) : FILTERS[name];

function matcher(input: unknown): (e: VpcEndpointSeed) => boolean {
  if (input === undefined) return () => true;
  const filters = (Array.isArray(input) ? input : [input]) as Filter[];
  const tests = filters.map((f) => {
    const name = typeof f?.Name === "string" ? f.Name : "";
    const offered = filterValues(name);
    if (!offered) throw invalidParameterValue(`The filter '${name}' is invalid`);
    const values = (Array.isArray(f.Value) ? f.Value : f.Value === undefined ? [] : [f.Value]).map(String);
    if (!values.length) throw invalidParameterValue(`The filter '${name}' must have at least one value`);
    const patterns = values.map((v) => wildcard(v));
    return (e: VpcEndpointSeed) => offered(e).some((v) => patterns.some((p) => p.test(v)));
  });
  return (e) => tests.every((t) => t(e));
}

/** MaxResults: a positive integer; more than 1,000 gives 1,000, as EC2 documents. */
function pageSize(v: unknown): string | null {
  if (v === undefined) return null;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw invalidParameterValue(`Value (${String(v)}) for parameter maxResults is invalid. Expecting a positive integer.`);
  return String(Math.min(v, PAGE_LIMIT));
}

/** An endpoint in EC2's wire names (lowerCamel; the protocol writes lists as <item>). */
function endpointView(e: VpcEndpointSeed) {
  return {
    vpcEndpointId: e.id,
    vpcEndpointType: e.type,
    vpcId: e.vpcId,
    serviceName: e.serviceName,
    state: e.state,
    policyDocument: e.policyDocument,
    routeTableIdSet: [],
    subnetIdSet: e.subnetIds,
    groupSet: e.securityGroups.map((g) => ({ groupId: g.id, groupName: g.name })),
    ipAddressType: "ipv4",
    dnsOptions: { dnsRecordIpType: "ipv4" },
    privateDnsEnabled: e.privateDnsEnabled,
    requesterManaged: false,
    networkInterfaceIdSet: e.networkInterfaceIds,
    dnsEntrySet: e.dnsEntries,
    creationTimestamp: new Date(e.createdMs),
    tagSet: Object.entries(e.tags).map(([key, value]) => ({ key, value })),
    ownerId: e.account,
    serviceRegion: e.region,
  };
}

export function describeVpcEndpoints(ec2: Ec2State, input: Record<string, unknown>, region: string, account: string) {
  if (input.DryRun === true) throw ec2Error("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
  const ids = (Array.isArray(input.VpcEndpointId) ? input.VpcEndpointId : input.VpcEndpointId === undefined ? [] : [input.VpcEndpointId]).map(String);
  const malformed = ids.find((id) => !ENDPOINT_ID.test(id));
  if (malformed !== undefined) throw ec2Error("InvalidVpcEndpointId.Malformed", `Invalid Id: '${malformed}' (expecting 'vpce-...')`);
  const all = ec2.vpcEndpoints(account, region);
  const missing = ids.filter((id) => !all.some((e) => e.id === id));
  if (missing.length) throw ec2Error("InvalidVpcEndpointId.NotFound", `The Vpc Endpoint Id${missing.length > 1 ? "s" : ""} '${missing.join(", ")}' does not exist`);
  const wanted = matcher(input.Filter);
  const found = all.filter((e) => (!ids.length || ids.includes(e.id)) && wanted(e));
  const { page, nextToken } = pageOf(found, {
    max: pageSize(input.MaxResults),
    token: typeof input.NextToken === "string" && input.NextToken ? input.NextToken : null,
    limit: PAGE_LIMIT,
    invalid: invalidParameterValue,
    invalidToken: () => ec2Error("InvalidPaginationToken", `Invalid token: ${String(input.NextToken)}`),
  });
  return { vpcEndpointSet: page.map(endpointView), nextToken };
}
