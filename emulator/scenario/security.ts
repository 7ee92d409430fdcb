import { ACCOUNT_ID, type Scenario } from "./fleet";
import { clusterIdFor, hash32, rng } from "./random";

/**
 * The production-readiness side of the demo fleet: each Region's DSQL endpoint service (what
 * GetVpcEndpointServiceName answers), the VPC endpoint the prod account has for orders-prod, the
 * resource-based policy that makes orders-prod private to that endpoint, and the CDC streams.
 * Seeds are found by cluster name and Region, so a generated fleet (`--fleet N`) has none.
 */

/**
 * The suffix of a Region's DSQL connection endpoint service, `com.amazonaws.<region>.dsql-<suffix>`.
 * AWS's user guide shows `dsql-fnh4` for us-east-1, and deployments in that Region all report it
 * (clusters of one Region share the service; the cluster is told apart by its host name); the
 * other Regions' suffixes are made up, 4 characters like AWS's. The service model's pattern says
 * `dsql-[a-f0-9]{6}`, which the documented value does not match: we follow the documented value.
 */
const KNOWN_SUFFIXES: Record<string, string> = { "us-east-1": "fnh4" };
const SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export function endpointServiceSuffix(region: string): string {
  if (KNOWN_SUFFIXES[region]) return KNOWN_SUFFIXES[region];
  const r = rng(hash32(`dsql-endpoint-service/${region}`));
  return Array.from({ length: 4 }, () => SUFFIX_ALPHABET[Math.floor(r() * SUFFIX_ALPHABET.length)]).join("");
}

export const vpcEndpointServiceName = (region: string) => `com.amazonaws.${region}.dsql-${endpointServiceSuffix(region)}`;
/** The host name a cluster has through its Region's endpoint service (GetVpcEndpointServiceName's clusterVpcEndpoint). */
export const clusterVpcEndpoint = (identifier: string, region: string) => `${identifier}.dsql-${endpointServiceSuffix(region)}.${region}.on.aws`;

/** `n` lower-case hex digits derived from a name, for EC2-style ids (vpce-…, vpc-…, subnet-…). */
function hex(name: string, n: number): string {
  const r = rng(hash32(name));
  return Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join("");
}

/** A VPC endpoint as EC2 keeps it (the fields DescribeVpcEndpoints reports). */
export interface VpcEndpointSeed {
  account: string;
  region: string;
  id: string;
  type: "Interface" | "Gateway" | "GatewayLoadBalancer";
  vpcId: string;
  serviceName: string;
  state: "pendingAcceptance" | "pending" | "available" | "deleting" | "deleted" | "rejected" | "failed" | "expired";
  subnetIds: string[];
  securityGroups: { id: string; name: string }[];
  networkInterfaceIds: string[];
  privateDnsEnabled: boolean;
  dnsEntries: { dnsName: string; hostedZoneId: string }[];
  policyDocument: string;
  createdMs: number;
  tags: Record<string, string>;
}

const ORDERS = { name: "orders-prod", region: "us-east-1" };
/** The interface endpoint the prod account has in us-east-1 for orders-prod (its policy names it). */
export const ORDERS_VPCE_ID = `vpce-0${hex("vpce/orders-prod", 16)}`;
const FULL_ACCESS = JSON.stringify({ Version: "2008-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] });

const seeded = (scenario: Scenario, name: string, region: string) => scenario.clusters.find((c) => c.name === name && c.region === region && (c.account ?? ACCOUNT_ID) === ACCOUNT_ID);

export function demoVpcEndpoints(scenario: Scenario, anchorMs: number): VpcEndpointSeed[] {
  if (!seeded(scenario, ORDERS.name, ORDERS.region)) return [];
  const region = ORDERS.region;
  const serviceName = vpcEndpointServiceName(region);
  const dns = `${ORDERS_VPCE_ID}-${hex("vpce-dns/orders-prod", 8)}.dsql-${endpointServiceSuffix(region)}.${region}.vpce.amazonaws.com`;
  const zones = ["a", "b"];
  return [
    {
      account: ACCOUNT_ID,
      region,
      id: ORDERS_VPCE_ID,
      type: "Interface",
      vpcId: `vpc-0${hex("vpc/commerce-prod", 16)}`,
      serviceName,
      state: "available",
      subnetIds: zones.map((z) => `subnet-0${hex(`subnet/commerce-prod/${z}`, 16)}`),
      securityGroups: [{ id: `sg-0${hex("sg/orders-dsql", 16)}`, name: "orders-dsql-endpoint" }],
      networkInterfaceIds: zones.map((z) => `eni-0${hex(`eni/orders-prod/${z}`, 16)}`),
      privateDnsEnabled: true,
      // The endpoint's own names (in the Region's VPC endpoint zone), one per zone, then the private DNS name the clusters' host names resolve through.
      dnsEntries: [
        ...[dns, ...zones.map((z) => dns.replace(".dsql-", `-${region}${z}.dsql-`))].map((dnsName) => ({ dnsName, hostedZoneId: "Z7HUB22UULQXV" })),
        { dnsName: `*.dsql-${endpointServiceSuffix(region)}.${region}.on.aws`, hostedZoneId: `Z0${hex("zone/orders-prod-private", 18).toUpperCase()}` },
      ],
      policyDocument: FULL_ACCESS,
      createdMs: anchorMs - 150 * 24 * 3_600_000,
      tags: { Name: "orders-prod-dsql", team: "commerce" },
    },
  ];
}

/** Resource-based policies by cluster identifier: orders-prod (us-east-1) accepts connections only through its VPC endpoint. */
export function demoClusterPolicies(scenario: Scenario): Map<string, string> {
  const out = new Map<string, string>();
  const orders = seeded(scenario, ORDERS.name, ORDERS.region);
  if (orders) {
    const policy = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyConnectOutsideVpcEndpoint",
          Effect: "Deny",
          Principal: { AWS: "*" },
          Action: ["dsql:DbConnect", "dsql:DbConnectAdmin"],
          Resource: `arn:aws:dsql:${orders.region}:${ACCOUNT_ID}:cluster/${orders.identifier}`,
          Condition: { StringNotEquals: { "aws:SourceVpce": ORDERS_VPCE_ID } },
        },
      ],
    };
    out.set(orders.identifier, JSON.stringify(policy));
  }
  return out;
}

/** A CDC stream as DSQL keeps it; its status is CREATING/DELETING on the clock, else `status`. */
export interface StreamSeed {
  clusterIdentifier: string;
  streamIdentifier: string;
  kinesisStreamArn: string;
  roleArn: string;
  status: "ACTIVE" | "IMPAIRED" | "FAILED";
  statusReason?: { error: string; updatedMs: number };
  createdMs: number;
  tags: Record<string, string>;
}

export function demoStreams(scenario: Scenario, anchorMs: number): StreamSeed[] {
  const H = 3_600_000;
  const out: StreamSeed[] = [];
  const stream = (name: string, region: string, rest: Omit<StreamSeed, "clusterIdentifier" | "streamIdentifier" | "kinesisStreamArn" | "roleArn"> & { kinesisName: string }) => {
    const c = seeded(scenario, name, region);
    if (!c) return;
    const { kinesisName, ...fields } = rest;
    out.push({
      clusterIdentifier: c.identifier,
      streamIdentifier: clusterIdFor(`${region}/${name}/stream/${kinesisName}`),
      kinesisStreamArn: `arn:aws:kinesis:${region}:${ACCOUNT_ID}:stream/${kinesisName}`,
      roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/dsql-cdc-${kinesisName}`,
      ...fields,
    });
  };
  stream("orders-prod", "us-east-1", { kinesisName: "orders-cdc", status: "ACTIVE", createdMs: anchorMs - 60 * 24 * H, tags: { team: "commerce" } });
  // The payments CDC target went away six hours ago: the stream is IMPAIRED and says why.
  stream("payments-eu", "eu-west-1", {
    kinesisName: "payments-ledger-cdc",
    status: "IMPAIRED",
    statusReason: { error: "KINESIS_STREAM_NOT_FOUND", updatedMs: anchorMs - 6 * H },
    createdMs: anchorMs - 30 * 24 * H,
    tags: { team: "payments" },
  });
  return out;
}
