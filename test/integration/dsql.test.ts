import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DSQLClient,
  GetClusterCommand,
  GetVpcEndpointServiceNameCommand,
  ListClustersCommand,
  ListTagsForResourceCommand,
  paginateListClusters,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateClusterCommand,
  ValidationException,
  ConflictException,
} from "@aws-sdk/client-dsql";
import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { withEmulator } from "./emulator";

let emu: Awaited<ReturnType<typeof withEmulator>>;
const client = (region = "us-east-1") => new DSQLClient(emu.clientConfig(region));

beforeAll(async () => {
  emu = await withEmulator({ timeScale: 1000 });
});
afterAll(() => emu.close());

describe("DSQL control plane through the real SDK", () => {
  it("paginates ListClusters with maxResults and nextToken", async () => {
    // The demo spreads its clusters over accounts: one more here, so a page of one is not the whole list.
    emu.dsql.create("us-east-1", { name: "it-second" });
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateListClusters({ client: client(), pageSize: 1 }, {})) {
      pages++;
      for (const c of page.clusters ?? []) seen.push(c.identifier!);
    }
    const all = await client().send(new ListClustersCommand({}));
    expect(pages).toBe(all.clusters!.length);
    expect(seen).toEqual(all.clusters!.map((c) => c.identifier));
    expect(seen.length).toBeGreaterThanOrEqual(2);
    // A summary holds only the identifier and the ARN, as in AWS.
    expect(Object.keys(all.clusters![0]).sort()).toEqual(["arn", "identifier"]);
  });

  it("keeps regions apart by the SigV4 credential scope", async () => {
    const east = await client("us-east-1").send(new ListClustersCommand({}));
    const tokyo = await client("ap-northeast-1").send(new ListClustersCommand({}));
    const eastIds = new Set(east.clusters!.map((c) => c.identifier));
    expect(tokyo.clusters!.some((c) => eastIds.has(c.identifier))).toBe(false);
  });

  it("returns GetCluster with the fields of the real API, multi-region included", async () => {
    const seeded = emu.scenario.clusters.find((c) => c.peers && c.region === "us-east-1")!;
    const c = await client().send(new GetClusterCommand({ identifier: seeded.identifier }));
    expect(c.identifier).toMatch(/^[a-z0-9]{26}$/);
    expect(c.arn).toBe(`arn:aws:dsql:us-east-1:123456789012:cluster/${seeded.identifier}`);
    expect(c.status).toBe("ACTIVE");
    expect(c.creationTime).toBeInstanceOf(Date);
    expect(c.multiRegionProperties?.witnessRegion).toBe("us-west-2");
    expect(c.multiRegionProperties?.clusters).toHaveLength(2);
    expect(c.encryptionDetails?.encryptionType).toBe("CUSTOMER_MANAGED_KMS_KEY");
  });

  it("raises the SDK's own exception classes", async () => {
    await expect(client().send(new GetClusterCommand({ identifier: "a".repeat(26) }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(client().send(new ListClustersCommand({ maxResults: 1000 }))).rejects.toBeInstanceOf(ValidationException);
  });

  it("creates a cluster that moves from CREATING to ACTIVE, and deletes it once protection is off", async () => {
    const created = await client("eu-west-1").send(new CreateClusterCommand({ deletionProtectionEnabled: true, tags: { Name: "it-test" } }));
    expect(created.status).toBe("CREATING");
    emu.clock.advance(1000); // 1 s at time scale 1000 = the 90 s a creation takes
    const now = await client("eu-west-1").send(new GetClusterCommand({ identifier: created.identifier! }));
    expect(now.status).toBe("ACTIVE");

    await expect(client("eu-west-1").send(new DeleteClusterCommand({ identifier: created.identifier! }))).rejects.toMatchObject({ name: "ValidationException" });
    await client("eu-west-1").send(new UpdateClusterCommand({ identifier: created.identifier!, deletionProtectionEnabled: false }));
    const del = await client("eu-west-1").send(new DeleteClusterCommand({ identifier: created.identifier! }));
    expect(del.status).toBe("DELETING");
    emu.clock.advance(1000);
    await expect(client("eu-west-1").send(new GetClusterCommand({ identifier: created.identifier! }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it("answers UpdateCluster with UPDATING, back to ACTIVE once the update has run; a second update meanwhile is a ConflictException", async () => {
    const created = await client("us-east-2").send(new CreateClusterCommand({ deletionProtectionEnabled: false }));
    emu.clock.advance(1000);
    const upd = await client("us-east-2").send(new UpdateClusterCommand({ identifier: created.identifier!, deletionProtectionEnabled: true }));
    expect(upd).toMatchObject({ identifier: created.identifier, arn: created.arn, status: "UPDATING" });
    expect(upd.creationTime).toBeInstanceOf(Date);
    await expect(client("us-east-2").send(new UpdateClusterCommand({ identifier: created.identifier!, deletionProtectionEnabled: false }))).rejects.toBeInstanceOf(ConflictException);
    emu.clock.advance(1000);
    const now = await client("us-east-2").send(new GetClusterCommand({ identifier: created.identifier! }));
    expect(now).toMatchObject({ status: "ACTIVE", deletionProtectionEnabled: true });
    const refused = await client("us-east-2")
      .send(new DeleteClusterCommand({ identifier: created.identifier! }))
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationException);
    expect((refused as ValidationException).reason).toBe("deletionProtectionEnabled");
  });

  it("drops a deleted cluster from ListClusters and stops its metrics when deletion starts", async () => {
    const profile = emu.scenario.clusters.find((c) => c.name === "payments-eu")!.profile;
    const c = emu.dsql.create("us-east-2", { name: "it-metrics-gone", deletionProtectionEnabled: false, profile: { ...profile, incidents: [] } });
    emu.clock.advance(10 * 60_000); // created, then ten minutes of traffic
    const del = await client("us-east-2").send(new DeleteClusterCommand({ identifier: c.identifier }));
    expect(del.status).toBe("DELETING");
    const deletedAt = c.deleteStartedAt!;
    emu.clock.advance(10 * 60_000);
    const listed = await client("us-east-2").send(new ListClustersCommand({ maxResults: 100 }));
    expect(listed.clusters!.map((x) => x.identifier)).not.toContain(c.identifier);
    await expect(client("us-east-2").send(new GetClusterCommand({ identifier: c.identifier }))).rejects.toBeInstanceOf(ResourceNotFoundException);

    const cw = new CloudWatchClient(emu.clientConfig("us-east-2"));
    const out = await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(c.creationTime - 60_000),
        EndTime: new Date(emu.clock.now()),
        MetricDataQueries: [
          { Id: "tx", MetricStat: { Metric: { Namespace: "AWS/AuroraDSQL", MetricName: "TotalTransactions", Dimensions: [{ Name: "ClusterId", Value: c.identifier }] }, Period: 60, Stat: "Sum" } },
        ],
      }),
    );
    const stamps = out.MetricDataResults![0].Timestamps!.map((t) => t.getTime());
    expect(stamps.length).toBeGreaterThan(3);
    expect(Math.max(...stamps)).toBeLessThan(deletedAt);
    expect(Math.max(...stamps)).toBeGreaterThan(deletedAt - 3 * 60_000);
  });

  it("tags and untags a cluster", async () => {
    const arn = (await client().send(new ListClustersCommand({}))).clusters![0].arn!;
    await client().send(new TagResourceCommand({ resourceArn: arn, tags: { owner: "it" } }));
    expect((await client().send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags?.owner).toBe("it");
    await client().send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ["owner"] }));
    expect((await client().send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags?.owner).toBeUndefined();
  });

  it("answers GetVpcEndpointServiceName", async () => {
    const id = (await client().send(new ListClustersCommand({}))).clusters![0].identifier!;
    const r = await client().send(new GetVpcEndpointServiceNameCommand({ identifier: id }));
    expect(r.serviceName).toMatch(/^com\.amazonaws\.us-east-1\./);
    // us-east-1's service as AWS's user guide shows it, and the cluster's host name through it.
    expect(r.serviceName).toBe("com.amazonaws.us-east-1.dsql-fnh4");
    expect(r.clusterVpcEndpoint).toBe(`${id}.dsql-fnh4.us-east-1.on.aws`);
    await expect(client().send(new GetVpcEndpointServiceNameCommand({ identifier: "a".repeat(26) }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it("refuses unsigned requests", async () => {
    const r = await fetch(`${emu.endpoint}/cluster`);
    expect(r.status).toBe(403);
  });
});
