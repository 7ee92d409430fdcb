import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DescribeVpcEndpointsCommand, EC2Client, EC2ServiceException, paginateDescribeVpcEndpoints } from "@aws-sdk/client-ec2";
import { DSQLClient, GetVpcEndpointServiceNameCommand } from "@aws-sdk/client-dsql";
import { STAGING_ACCOUNT } from "../../emulator/scenario/fleet";
import { ORDERS_VPCE_ID } from "../../emulator/scenario/security";
import { withEmulator } from "./emulator";

/** The emulated EC2 (its own Query protocol) through the unmodified SDK: the VPC endpoints the readiness checks look for. */

let emu: Awaited<ReturnType<typeof withEmulator>>;
const ec2 = (region = "us-east-1") => new EC2Client(emu.clientConfig(region));
const ordersId = () => emu.scenario.clusters.find((c) => c.name === "orders-prod" && c.region === "us-east-1")!.identifier;
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as EC2ServiceException,
  );

beforeAll(async () => {
  emu = await withEmulator();
});
afterAll(() => emu.close());

describe("EC2 DescribeVpcEndpoints through the real SDK", () => {
  it("finds the prod account's endpoint for orders-prod's endpoint service, by the name DSQL gives", async () => {
    const { serviceName } = await new DSQLClient(emu.clientConfig("us-east-1")).send(new GetVpcEndpointServiceNameCommand({ identifier: ordersId() }));
    const r = await ec2().send(
      new DescribeVpcEndpointsCommand({
        Filters: [
          { Name: "service-name", Values: [serviceName!] },
          { Name: "vpc-endpoint-type", Values: ["Interface"] },
          { Name: "vpc-endpoint-state", Values: ["available"] },
        ],
      }),
    );
    expect(r.VpcEndpoints).toHaveLength(1);
    const [e] = r.VpcEndpoints!;
    expect(e).toMatchObject({ VpcEndpointId: ORDERS_VPCE_ID, VpcEndpointType: "Interface", ServiceName: serviceName, State: "available", PrivateDnsEnabled: true, OwnerId: "123456789012" });
    expect(e.CreationTimestamp).toBeInstanceOf(Date);
    expect(e.SubnetIds).toHaveLength(2);
    expect(e.Groups?.[0].GroupId).toMatch(/^sg-/);
    expect(e.DnsEntries?.some((d) => d.DnsName === "*.dsql-fnh4.us-east-1.on.aws")).toBe(true);
    expect(e.Tags).toContainEqual({ Key: "Name", Value: "orders-prod-dsql" });
    expect(r.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("has none in other Regions or other accounts", async () => {
    expect((await ec2("eu-west-1").send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints).toEqual([]);
    const staging = new EC2Client(emu.clientConfigIn(STAGING_ACCOUNT, "us-east-1"));
    expect((await staging.send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints).toEqual([]);
  });

  it("finds by id and pages by MaxResults and NextToken", async () => {
    const base = emu.ec2.vpcEndpoints("123456789012", "us-east-1")[0];
    emu.ec2.add({ ...base, id: "vpce-0aaaaaaaaaaaaaaaa", serviceName: "com.amazonaws.us-east-1.s3", type: "Gateway", createdMs: base.createdMs + 1 });
    emu.ec2.add({ ...base, id: "vpce-0bbbbbbbbbbbbbbbb", serviceName: "com.amazonaws.us-east-1.kms", createdMs: base.createdMs + 2 });
    const byId = await ec2().send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: ["vpce-0bbbbbbbbbbbbbbbb", ORDERS_VPCE_ID] }));
    expect(byId.VpcEndpoints!.map((e) => e.VpcEndpointId).sort()).toEqual([ORDERS_VPCE_ID, "vpce-0bbbbbbbbbbbbbbbb"].sort());
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeVpcEndpoints({ client: ec2(), pageSize: 2 }, {})) {
      pages++;
      seen.push(...page.VpcEndpoints!.map((e) => e.VpcEndpointId!));
    }
    expect(pages).toBe(2);
    expect(seen).toEqual([ORDERS_VPCE_ID, "vpce-0aaaaaaaaaaaaaaaa", "vpce-0bbbbbbbbbbbbbbbb"]);
    const gateways = await ec2().send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: "vpc-endpoint-type", Values: ["Gateway"] }] }));
    expect(gateways.VpcEndpoints!.map((e) => e.VpcEndpointId)).toEqual(["vpce-0aaaaaaaaaaaaaaaa"]);
  });

  it("answers EC2's errors, which the SDK reads by code", async () => {
    const badFilter = await failure(ec2().send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: "colour", Values: ["red"] }] })));
    expect(badFilter).toBeInstanceOf(EC2ServiceException);
    expect(badFilter).toMatchObject({ name: "InvalidParameterValue", message: "The filter 'colour' is invalid" });
    expect(badFilter!.$metadata.httpStatusCode).toBe(400);
    expect(badFilter!.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const missing = await failure(ec2().send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: ["vpce-0123456789abcdef0"] })));
    expect(missing?.name).toBe("InvalidVpcEndpointId.NotFound");
    expect((await failure(ec2().send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: ["nope"] }))))?.name).toBe("InvalidVpcEndpointId.Malformed");
    expect((await failure(ec2().send(new DescribeVpcEndpointsCommand({ NextToken: "garbage!" }))))?.name).toBe("InvalidPaginationToken");
    expect((await failure(ec2().send(new DescribeVpcEndpointsCommand({ DryRun: true }))))?.name).toBe("DryRunOperation");
  });

  it("takes injected faults in EC2's shape: throttling is RequestLimitExceeded", async () => {
    emu.faults.add({ kind: "throttle", service: "ec2", operation: "DescribeVpcEndpoints", times: 1 });
    const e = await failure(ec2().send(new DescribeVpcEndpointsCommand({})));
    expect(e?.name).toBe("RequestLimitExceeded");
    expect(e?.$metadata.httpStatusCode).toBe(503);
    expect((await ec2().send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints!.length).toBeGreaterThan(0);
  });

  it("refuses a temporary key it never issued in EC2's shape (InvalidClientTokenId, 403)", async () => {
    const stranger = new EC2Client({ region: "us-east-1", endpoint: emu.endpoint, credentials: { accessKeyId: "ASIAEMULATORNOTISSUED", secretAccessKey: "x", sessionToken: "y" }, maxAttempts: 1 });
    const e = await failure(stranger.send(new DescribeVpcEndpointsCommand({})));
    expect(e?.name).toBe("InvalidClientTokenId");
    expect(e?.$metadata.httpStatusCode).toBe(403);
  });
});
