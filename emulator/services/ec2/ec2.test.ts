import { awsErrorOf } from "../../testing";
import { describe, expect, it } from "vitest";
import { AwsError } from "../../protocols/errors";
import { ACCOUNT_ID, demoScenario, generatedFleet, STAGING_ACCOUNT } from "../../scenario/fleet";
import { demoVpcEndpoints, ORDERS_VPCE_ID, type VpcEndpointSeed } from "../../scenario/security";
import { Ec2Service } from ".";

const anchor = Date.UTC(2026, 10, 25, 12);
const setup = () => new Ec2Service(demoVpcEndpoints(demoScenario(), anchor));
const describeIn = (ec2: Ec2Service, input: Record<string, unknown>, region = "us-east-1", account = ACCOUNT_ID) =>
  ec2.call("DescribeVpcEndpoints", input, region, account) as { vpcEndpointSet: Record<string, unknown>[]; nextToken?: string };
const err = awsErrorOf;
const filter = (Name: string, ...Value: string[]) => ({ Name, Value });

describe("EC2 DescribeVpcEndpoints", () => {
  it("seeds one available Interface endpoint for us-east-1's DSQL service in the prod account, none elsewhere", () => {
    const ec2 = setup();
    const [e, ...rest] = describeIn(ec2, {}).vpcEndpointSet;
    expect(rest).toEqual([]);
    expect(e).toMatchObject({
      vpcEndpointId: ORDERS_VPCE_ID,
      vpcEndpointType: "Interface",
      serviceName: "com.amazonaws.us-east-1.dsql-fnh4",
      state: "available",
      ownerId: ACCOUNT_ID,
      privateDnsEnabled: true,
    });
    expect(e.vpcEndpointId).toMatch(/^vpce-0[0-9a-f]{16}$/);
    expect(e.creationTimestamp).toBeInstanceOf(Date);
    expect(describeIn(ec2, {}, "eu-west-1").vpcEndpointSet).toEqual([]);
    expect(describeIn(ec2, {}, "us-east-1", STAGING_ACCOUNT).vpcEndpointSet).toEqual([]);
    expect(demoVpcEndpoints(generatedFleet(6), anchor)).toEqual([]);
  });

  it("filters by service name, type and state (values OR-ed, filters AND-ed, wildcards)", () => {
    const ec2 = setup();
    const ids = (...f: ReturnType<typeof filter>[]) => describeIn(ec2, { Filter: f }).vpcEndpointSet.map((e) => e.vpcEndpointId);
    expect(ids(filter("service-name", "com.amazonaws.us-east-1.dsql-fnh4"))).toEqual([ORDERS_VPCE_ID]);
    expect(ids(filter("service-name", "com.amazonaws.us-east-1.s3", "com.amazonaws.us-east-1.dsql-*"))).toEqual([ORDERS_VPCE_ID]);
    expect(ids(filter("service-name", "com.amazonaws.us-east-1.dsql-fnh?"), filter("vpc-endpoint-type", "Interface"), filter("vpc-endpoint-state", "available"))).toEqual([ORDERS_VPCE_ID]);
    expect(ids(filter("vpc-endpoint-type", "Gateway"))).toEqual([]);
    expect(ids(filter("vpc-endpoint-state", "pending", "failed"))).toEqual([]);
    expect(ids(filter("tag:Name", "orders-prod-dsql"))).toEqual([ORDERS_VPCE_ID]);
    expect(ids(filter("tag-key", "nope"))).toEqual([]);
  });

  it("refuses an unknown filter or one without values with InvalidParameterValue", () => {
    const ec2 = setup();
    const e = err(() => describeIn(ec2, { Filter: [filter("colour", "red")] }));
    expect([e.code, e.status, e.message]).toEqual(["InvalidParameterValue", 400, "The filter 'colour' is invalid"]);
    expect(err(() => describeIn(ec2, { Filter: [{ Name: "service-name" }] })).code).toBe("InvalidParameterValue");
  });

  it("finds endpoints by id; a missing one is InvalidVpcEndpointId.NotFound, a malformed one .Malformed", () => {
    const ec2 = setup();
    expect(describeIn(ec2, { VpcEndpointId: [ORDERS_VPCE_ID] }).vpcEndpointSet).toHaveLength(1);
    const missing = err(() => describeIn(ec2, { VpcEndpointId: [ORDERS_VPCE_ID, "vpce-0123456789abcdef0"] }));
    expect(missing.code).toBe("InvalidVpcEndpointId.NotFound");
    expect(missing.message).toContain("vpce-0123456789abcdef0");
    // Another account's endpoint does not exist for the caller.
    expect(err(() => describeIn(ec2, { VpcEndpointId: [ORDERS_VPCE_ID] }, "us-east-1", STAGING_ACCOUNT)).code).toBe("InvalidVpcEndpointId.NotFound");
    expect(err(() => describeIn(ec2, { VpcEndpointId: ["endpoint-1"] })).code).toBe("InvalidVpcEndpointId.Malformed");
  });

  it("pages by MaxResults and NextToken; a bad token is InvalidPaginationToken", () => {
    const ec2 = setup();
    const base = demoVpcEndpoints(demoScenario(), anchor)[0];
    for (let i = 1; i <= 4; i++) ec2.add({ ...base, id: `vpce-0${String(i).repeat(16)}`, createdMs: base.createdMs + i, serviceName: `com.amazonaws.us-east-1.svc${i}` } as VpcEndpointSeed);
    const seen: unknown[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = describeIn(ec2, { MaxResults: 2, NextToken });
      seen.push(...page.vpcEndpointSet.map((e) => e.vpcEndpointId));
      NextToken = page.nextToken;
      pages++;
    } while (NextToken);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(describeIn(ec2, { MaxResults: 5000 }).vpcEndpointSet).toHaveLength(5);
    expect(err(() => describeIn(ec2, { MaxResults: 0 })).code).toBe("InvalidParameterValue");
    expect(err(() => describeIn(ec2, { NextToken: "garbage!" })).code).toBe("InvalidPaginationToken");
  });

  it("answers DryRunOperation for a dry run, InvalidAction for an action it does not know", () => {
    const ec2 = setup();
    expect(err(() => describeIn(ec2, { DryRun: true })).code).toBe("DryRunOperation");
    expect(err(() => ec2.call("RunInstances", {}, "us-east-1", ACCOUNT_ID)).code).toBe("InvalidAction");
  });
});
