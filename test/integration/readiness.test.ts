import { describe, expect, it } from "vitest";
import { emulatorForLib, seededCluster } from "./emulator";

/** The readiness scorecard of seeded clusters, read through the SDK from the emulator. */

const emulator = emulatorForLib("readiness");

async function scorecard(name: string, region: string) {
  const { getCluster } = await import("@/lib/dsql/clusters");
  const { clusterReadiness } = await import("@/lib/readiness");
  const cluster = await getCluster(seededCluster(emulator(), name, region));
  const card = await clusterReadiness(cluster, emulator().clock.now());
  return Object.fromEntries(card.checks.map((c) => [c.id, c]));
}

describe("production readiness of the demo fleet", () => {
  it("finds orders-prod's VPC endpoint, its restricting policy and its healthy stream", async () => {
    const r = await scorecard("orders-prod", "us-east-1");
    expect(r.vpcEndpoint).toMatchObject({ state: "pass", evidence: expect.stringMatching(/^1 available VPC endpoint for com\.amazonaws\.us-east-1\.dsql-/) });
    expect(r.policy.state).toBe("pass");
    expect(r.streams.state).toBe("pass");
    // No drill has run yet: never a pass by default.
    expect(r.drill.state).toBe("fail");
  });

  it("flags payments-eu: no endpoint, no policy, an impaired stream with AWS's reason", async () => {
    const r = await scorecard("payments-eu", "eu-west-1");
    expect(r.vpcEndpoint.state).toBe("fail");
    expect(r.policy).toMatchObject({ state: "fail", evidence: expect.stringContaining("accepts connections from anywhere") });
    expect(r.streams).toMatchObject({ state: "fail", evidence: expect.stringMatching(/IMPAIRED: KINESIS_STREAM_NOT_FOUND since \d{4}-\d\d-\d\d \d\d:\d\d UTC/) });
    // Tagged environment=prod (critical in local mode) and in one Region.
    expect(r.multiRegion.state).toBe("fail");
    // The scenario's drill of two days ago failed on its canary; AWS Backup holds that verdict.
    expect(r.drill).toMatchObject({ state: "fail", evidence: expect.stringMatching(/^AWS Backup holds the verdict on restore [0-9A-F-]{36} \(\d{4}-\d\d-\d\d\): Failed: canary/) });
  });

  it("says which permission is missing when AWS refuses a read, and does not pass it", async () => {
    emulator().faults.add({ kind: "denied", service: "dsql", operation: "GetClusterPolicy" });
    try {
      const r = await scorecard("catalog-apac", "ap-northeast-1");
      expect(r.policy).toMatchObject({ state: "unknown", permission: "dsql:GetClusterPolicy" });
      expect(r.deletionProtection.state).not.toBe("unknown");
      expect(r.drill).toMatchObject({ state: "pass", evidence: expect.stringContaining("Passed: restore, tables") });
    } finally {
      emulator().faults.clear();
    }
  });
});
