import { describe, expect, it } from "vitest";
import { readinessChecks, readinessScore, restrictsNetwork, type ReadinessFacts } from "./checks";

const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);
const ready: ReadinessFacts = {
  cluster: { name: "orders-prod", deletionProtectionEnabled: true, encryptionType: "CUSTOMER_MANAGED_KMS_KEY", peers: 1, tags: { criticality: "critical" } },
  requireCmk: true,
  criticalTag: { key: "criticality", value: "critical" },
  backup: { lastGoodAt: NOW - 5 * 3_600_000, staleHours: 26 },
  drill: { lastAt: NOW - 86_400_000, passed: true, summary: "Drill of 3 Dec passed: RTO 21 min" },
  vpcEndpoint: { serviceName: "com.amazonaws.us-east-1.dsql-fnh4", available: 1 },
  policy: { document: JSON.stringify({ Statement: [{ Effect: "Deny", Principal: "*", Action: "dsql:*", Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-1" } } }] }) },
  streams: [{ name: "orders-cdc", status: "ACTIVE" }],
  connections: { peak: 120, limit: 10_000 },
  nowMs: NOW,
};
const byId = (f: ReadinessFacts) => Object.fromEntries(readinessChecks(f).map((r) => [r.id, r]));

describe("production readiness", () => {
  it("passes a cluster that has everything, with the evidence", () => {
    const r = readinessChecks(ready);
    expect(r.map((x) => x.state)).toEqual(Array(9).fill("pass"));
    expect(readinessScore(r)).toEqual({ passed: 9, applicable: 9, unknown: 0, failed: 0 });
    expect(byId(ready).connections.evidence).toBe("At most 120 connections at once in the last day, 1.2 % of 10,000.");
  });

  it("fails what is missing, each with a fix", () => {
    const r = byId({
      ...ready,
      cluster: { ...ready.cluster, deletionProtectionEnabled: false, encryptionType: "AWS_OWNED_KMS_KEY", peers: 0 },
      backup: { lastGoodAt: NOW - 50 * 3_600_000, staleHours: 26 },
      drill: null,
      vpcEndpoint: { serviceName: "com.amazonaws.us-east-1.dsql-fnh4", available: 0 },
      policy: { document: null },
      streams: [{ name: "orders-cdc", status: "IMPAIRED", statusReason: "Kinesis stream not found" }],
      connections: { peak: 9_000, limit: 10_000 },
    });
    for (const id of ["deletionProtection", "encryption", "backupFresh", "drill", "vpcEndpoint", "policy", "streams", "connections", "multiRegion"]) {
      expect(r[id].state, id).toBe("fail");
      expect(r[id].fix, id).not.toBe("");
    }
    expect(r.streams.evidence).toBe("orders-cdc is IMPAIRED: Kinesis stream not found");
    expect(r.backupFresh.evidence).toBe("Last good backup 50 h ago, older than 26 h.");
  });

  it("never passes what it could not read, and names the permission", () => {
    const r = byId({ ...ready, policy: { error: "AccessDeniedException", permission: "dsql:GetClusterPolicy" }, streams: { error: "timeout" } });
    expect(r.policy).toMatchObject({ state: "unknown", permission: "dsql:GetClusterPolicy", fix: "Grant dsql:GetClusterPolicy to the dashboard's role" });
    expect(r.streams.state).toBe("unknown");
    expect(readinessScore(Object.values(r)).unknown).toBe(2);
  });

  it("leaves out what does not apply: no CMK required, no stream, not critical", () => {
    const r = byId({ ...ready, requireCmk: false, cluster: { ...ready.cluster, encryptionType: "AWS_OWNED_KMS_KEY", tags: {} }, streams: [] });
    expect([r.encryption.state, r.streams.state, r.multiRegion.state]).toEqual(["na", "na", "na"]);
  });

  it("reads a network restriction in a policy only from a Deny with a VPC or VPC-endpoint condition", () => {
    expect(restrictsNetwork(JSON.stringify({ Statement: { Effect: "Deny", Condition: { StringNotEqualsIfExists: { "aws:SourceVpc": "vpc-1" } } } }))).toBe(true);
    expect(restrictsNetwork(JSON.stringify({ Statement: [{ Effect: "Allow", Condition: { StringEquals: { "aws:SourceVpce": "vpce-1" } } }] }))).toBe(false);
    expect(restrictsNetwork("not json")).toBe(false);
  });
});
