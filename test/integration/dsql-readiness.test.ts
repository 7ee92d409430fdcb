import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConflictException,
  CreateStreamCommand,
  DeleteClusterPolicyCommand,
  DeleteStreamCommand,
  DSQLClient,
  GetClusterPolicyCommand,
  GetStreamCommand,
  ListStreamsCommand,
  paginateListStreams,
  PutClusterPolicyCommand,
  ResourceNotFoundException,
  ValidationException,
} from "@aws-sdk/client-dsql";
import { ORDERS_VPCE_ID } from "../../emulator/scenario/security";
import { withEmulator } from "./emulator";

/** DSQL's production-readiness APIs through the real SDK: cluster policies and CDC streams, with the demo's seeds. */

let emu: Awaited<ReturnType<typeof withEmulator>>;
const client = (region = "us-east-1") => new DSQLClient(emu.clientConfig(region));
const idOf = (name: string, region: string) => emu.scenario.clusters.find((c) => c.name === name && c.region === region)!.identifier;
const target = { kinesis: { streamArn: "arn:aws:kinesis:us-east-2:123456789012:stream/orders-east-2-cdc", roleArn: "arn:aws:iam::123456789012:role/dsql-cdc" } };

beforeAll(async () => {
  emu = await withEmulator({ timeScale: 1000 });
});
afterAll(() => emu.close());

describe("DSQL cluster policies through the real SDK", () => {
  it("reads orders-prod's seeded policy: connections only through its VPC endpoint", async () => {
    const r = await client().send(new GetClusterPolicyCommand({ identifier: idOf("orders-prod", "us-east-1") }));
    expect(r.policyVersion).toBe("1");
    const [statement] = JSON.parse(r.policy!).Statement;
    expect(statement).toMatchObject({ Effect: "Deny", Condition: { StringNotEquals: { "aws:SourceVpce": ORDERS_VPCE_ID } } });
  });

  it("answers ResourceNotFoundException for a cluster without a policy", async () => {
    const e = await client("eu-west-1")
      .send(new GetClusterPolicyCommand({ identifier: idOf("payments-eu", "eu-west-1") }))
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ResourceNotFoundException);
    expect((e as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
  });

  it("puts, reads, guards by version and deletes a policy", async () => {
    const identifier = idOf("catalog-apac", "ap-northeast-1");
    const tokyo = client("ap-northeast-1");
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "dsql:GetCluster", Resource: "*" }] });
    expect((await tokyo.send(new PutClusterPolicyCommand({ identifier, policy }))).policyVersion).toBe("1");
    expect(await tokyo.send(new GetClusterPolicyCommand({ identifier }))).toMatchObject({ policy, policyVersion: "1" });
    await expect(tokyo.send(new PutClusterPolicyCommand({ identifier, policy, expectedPolicyVersion: "9" }))).rejects.toBeInstanceOf(ConflictException);
    await expect(tokyo.send(new PutClusterPolicyCommand({ identifier, policy: "{" }))).rejects.toBeInstanceOf(ValidationException);
    const lockout = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "dsql:*", Resource: "*" }] });
    await expect(tokyo.send(new PutClusterPolicyCommand({ identifier, policy: lockout }))).rejects.toBeInstanceOf(ValidationException);
    expect((await tokyo.send(new PutClusterPolicyCommand({ identifier, policy: lockout, bypassPolicyLockoutSafetyCheck: true, expectedPolicyVersion: "1" }))).policyVersion).toBe("2");
    await expect(tokyo.send(new DeleteClusterPolicyCommand({ identifier, expectedPolicyVersion: "1" }))).rejects.toBeInstanceOf(ConflictException);
    expect((await tokyo.send(new DeleteClusterPolicyCommand({ identifier, expectedPolicyVersion: "2" }))).policyVersion).toBe("2");
    await expect(tokyo.send(new GetClusterPolicyCommand({ identifier }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

describe("DSQL streams through the real SDK", () => {
  it("lists orders-prod's ACTIVE stream with the model's fields", async () => {
    const identifier = idOf("orders-prod", "us-east-1");
    const r = await client().send(new ListStreamsCommand({ clusterIdentifier: identifier }));
    expect(r.streams).toHaveLength(1);
    const [s] = r.streams!;
    expect(s).toMatchObject({ clusterIdentifier: identifier, status: "ACTIVE" });
    expect(s.creationTime).toBeInstanceOf(Date);
    expect(s.arn).toBe(`arn:aws:dsql:us-east-1:123456789012:cluster/${identifier}/stream/${s.streamIdentifier}`);
    const full = await client().send(new GetStreamCommand({ clusterIdentifier: identifier, streamIdentifier: s.streamIdentifier! }));
    expect(full).toMatchObject({ ordering: "UNORDERED", format: "JSON", status: "ACTIVE" });
    expect(full.targetDefinition?.kinesis?.streamArn).toMatch(/^arn:aws:kinesis:us-east-1:123456789012:stream\//);
    expect(full.statusReason).toBeUndefined();
  });

  it("shows payments-eu's stream IMPAIRED with the reason: its Kinesis stream is gone", async () => {
    const identifier = idOf("payments-eu", "eu-west-1");
    const [s] = (await client("eu-west-1").send(new ListStreamsCommand({ clusterIdentifier: identifier }))).streams!;
    const full = await client("eu-west-1").send(new GetStreamCommand({ clusterIdentifier: identifier, streamIdentifier: s.streamIdentifier! }));
    expect(full.status).toBe("IMPAIRED");
    expect(full.statusReason?.error).toBe("KINESIS_STREAM_NOT_FOUND");
    expect(full.statusReason?.updatedAt).toBeInstanceOf(Date);
    expect(full.statusReason!.updatedAt!.getTime()).toBeLessThan(Date.now());
  });

  it("creates streams (CREATING, then ACTIVE), pages them, and deletes one (DELETING, then gone)", async () => {
    const clusterIdentifier = idOf("orders-prod", "us-east-2");
    const east2 = client("us-east-2");
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await east2.send(new CreateStreamCommand({ clusterIdentifier, targetDefinition: target, ordering: "UNORDERED", format: "JSON" })));
    expect(made.map((m) => m.status)).toEqual(["CREATING", "CREATING", "CREATING"]);
    emu.clock.advance(1000); // 1 s at time scale 1000: the minute a stream takes to create
    const seen: string[] = [];
    for await (const page of paginateListStreams({ client: east2, pageSize: 2 }, { clusterIdentifier })) seen.push(...page.streams!.map((s) => `${s.streamIdentifier}:${s.status}`));
    expect(seen.sort()).toEqual(made.map((m) => `${m.streamIdentifier}:ACTIVE`).sort());
    const del = await east2.send(new DeleteStreamCommand({ clusterIdentifier, streamIdentifier: made[0].streamIdentifier! }));
    expect(del.status).toBe("DELETING");
    emu.clock.advance(1000);
    await expect(east2.send(new GetStreamCommand({ clusterIdentifier, streamIdentifier: made[0].streamIdentifier! }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      east2.send(new CreateStreamCommand({ clusterIdentifier, targetDefinition: { kinesis: { ...target.kinesis, roleArn: "not-a-role" } }, ordering: "UNORDERED", format: "JSON" })),
    ).rejects.toBeInstanceOf(ValidationException);
  });
});
