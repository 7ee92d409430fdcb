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
  storage: { bytes: 40e9, limitBytes: 10_000e9, applied: true },
  clusterQuota: { single: { used: 3, limit: 20 }, multi: { used: 1, limit: 5 }, applied: true },
  config: {
    rules: { deletionProtection: "dsql-cluster-deletion-protection-enabled", multiRegion: "dsql-cluster-multi-region-replication-enabled" },
    verdicts: { deletionProtection: "COMPLIANT", multiRegion: "COMPLIANT" },
  },
  nowMs: NOW,
};
const byId = (f: ReadinessFacts) => Object.fromEntries(readinessChecks(f).map((r) => [r.id, r]));

describe("production readiness", () => {
  it("passes a cluster that has everything, with the evidence", () => {
    const r = readinessChecks(ready);
    expect(r.map((x) => x.state)).toEqual(Array(11).fill("pass"));
    expect(readinessScore(r)).toEqual({ passed: 11, applicable: 11, unknown: 0, failed: 0 });
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
      storage: { bytes: 8_500e9, limitBytes: 10_000e9, applied: true },
      clusterQuota: { single: { used: 3, limit: 20 }, multi: { used: 4, limit: 5 }, applied: true },
    });
    for (const id of ["deletionProtection", "encryption", "backupFresh", "drill", "vpcEndpoint", "policy", "streams", "connections", "storage", "clusterQuota", "multiRegion"]) {
      expect(r[id].state, id).toBe("fail");
      expect(r[id].fix, id).not.toBe("");
    }
    expect(r.streams.evidence).toBe("orders-cdc is IMPAIRED: Kinesis stream not found");
    expect(r.backupFresh.evidence).toBe("Last good backup 50 h ago, older than 26 h.");
    expect(r.storage.evidence).toBe("8,500.0 GB, 85 % of the 10,000 GB cluster size quota: writes fail with DISK_FULL at the limit.");
    expect(r.clusterQuota.fix).toBe("Request an increase of Multi-Region clusters in Service Quotas");
  });

  it("measures headroom against the applied quotas, and says when they are AWS's defaults", () => {
    const ok = byId(ready);
    expect(ok.storage.evidence).toBe("At most 40.0 GB in the last day, 0.4 % of the 10,000 GB cluster size quota.");
    expect(ok.clusterQuota.evidence).toBe("3 of 20 single-Region clusters, 1 of 5 multi-Region clusters in this account and Region (applied quotas).");
    // 16 of 20 is the 80 % line: fails, so there is time to ask for more.
    const r = byId({ ...ready, clusterQuota: { single: { used: 16, limit: 20 }, multi: { used: 0, limit: 5 }, applied: false }, storage: { bytes: null, limitBytes: 10_000e9, applied: false } });
    expect(r.clusterQuota).toMatchObject({ state: "fail", evidence: expect.stringContaining("AWS's default quotas"), fix: "Request an increase of Single-Region clusters in Service Quotas" });
    expect(r.storage).toMatchObject({ state: "pass", evidence: "No storage datapoint in the last day (the 10,000 GB cluster size quota (AWS's default))." });
    expect(byId({ ...ready, clusterQuota: { error: "denied", permission: "servicequotas:ListServiceQuotas" } }).clusterQuota).toMatchObject({
      state: "unknown",
      permission: "servicequotas:ListServiceQuotas",
    });
  });

  it("shows AWS Config's verdict beside deletion protection and multi-Region, without changing their state", () => {
    const agree = byId(ready);
    expect(agree.deletionProtection.secondOpinion).toEqual({ source: "AWS Config", agrees: true, text: "Rule dsql-cluster-deletion-protection-enabled: COMPLIANT." });
    expect(agree.multiRegion.secondOpinion?.agrees).toBe(true);
    // An IDLE peered cluster fails Config's rule (it wants ACTIVE): Config agrees with itself, not a disagreement.
    const idle = byId({ ...ready, cluster: { ...ready.cluster, status: "IDLE" }, config: { ...ready.config, verdicts: { multiRegion: "NON_COMPLIANT" } } } as ReadinessFacts);
    expect(idle.multiRegion.secondOpinion?.agrees).toBe(true);
    // Protection just turned off: Config has not evaluated the change yet.
    const stale = byId({ ...ready, cluster: { ...ready.cluster, deletionProtectionEnabled: false } });
    expect(stale.deletionProtection.state).toBe("fail");
    expect(stale.deletionProtection.secondOpinion).toMatchObject({ agrees: false, text: expect.stringContaining("COMPLIANT, unlike DSQL's current setting") });
    const off = byId({ ...ready, config: { rules: {}, verdicts: {}, recording: false } });
    expect(off.deletionProtection.secondOpinion?.text).toBe("Not enabled here: AWS Config records nothing in this account and Region.");
    expect(byId({ ...ready, config: { rules: {}, verdicts: {}, recording: true } }).multiRegion.secondOpinion?.text).toBe("AWS Config runs here without its managed rules for DSQL.");
    expect(off.deletionProtection.state).toBe("pass");
    const denied = byId({ ...ready, config: { error: "not authorized", permission: "config:DescribeConfigRules" } });
    expect(denied.multiRegion.secondOpinion).toMatchObject({ permission: "config:DescribeConfigRules", text: "Could not be read: not authorized" });
    expect(denied.multiRegion.state).toBe("pass");
    const unevaluated = byId({ ...ready, config: { rules: { deletionProtection: "dp" }, verdicts: {} } });
    expect(unevaluated.deletionProtection.secondOpinion?.text).toBe("Rule dp has not evaluated this cluster yet.");
    expect(unevaluated.multiRegion.secondOpinion?.text).toBe("This account's Config has no rule for this check here.");
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
