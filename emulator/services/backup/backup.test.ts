import { describe, expect, it } from "vitest";
import { AwsError } from "../../protocols/errors";
import { seedBackups } from "../../scenario/backups";
import { demoScenario } from "../../scenario/fleet";
import { parseRestoreMetadata } from "./restore-metadata";

const err = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as AwsError;
  }
  throw new Error("expected an error");
};

describe("DSQL restore metadata, as the emulated AWS Backup reads it", () => {
  it("defaults to deletion protection on and the default key when regionalConfig is absent", () => {
    expect(parseRestoreMetadata({}, "us-east-1")).toEqual({ clusters: [{ region: "us-east-1", deletionProtectionEnabled: true, kmsKeyId: undefined }] });
  });

  it("reads a single-region entry, with or without its region", () => {
    const withRegion = parseRestoreMetadata({ regionalConfig: '[{"region":"eu-west-1","isDeletionProtectionEnabled":false,"kmsKeyId":"alias/restore"}]' }, "eu-west-1");
    expect(withRegion.clusters).toEqual([{ region: "eu-west-1", deletionProtectionEnabled: false, kmsKeyId: "alias/restore" }]);
    expect(parseRestoreMetadata({ regionalConfig: '[{"isDeletionProtectionEnabled":false}]' }, "eu-west-1").clusters[0].deletionProtectionEnabled).toBe(false);
  });

  it("refuses what the service would refuse, naming the field", () => {
    expect(err(() => parseRestoreMetadata({ regionalConfig: '{"region":"x"}' }, "us-east-1")).code).toBe("InvalidParameterValueException");
    expect(err(() => parseRestoreMetadata({ regionalConfig: '[{"region":"us-east-1","deletion":true}]' }, "us-east-1")).message).toMatch(/regionalConfig\[0\]\.deletion/);
    expect(err(() => parseRestoreMetadata({ regionalConfig: '[{"isDeletionProtectionEnabled":"yes"}]' }, "us-east-1")).message).toMatch(/boolean/);
    expect(err(() => parseRestoreMetadata({ regionalConfig: '[{"kmsKeyId":"my key"}]' }, "us-east-1")).message).toMatch(/kmsKeyId/);
    expect(err(() => parseRestoreMetadata({ clusterName: "x" }, "us-east-1")).message).toMatch(/clusterName/);
    expect(err(() => parseRestoreMetadata({ witnessRegion: "us-west-2" }, "us-east-1")).message).toMatch(/useMultiRegionOrchestration/);
  });

  it("reads a multi-region restore inside one continent group, ignoring a witness entry", () => {
    const plan = parseRestoreMetadata(
      {
        useMultiRegionOrchestration: "true",
        witnessRegion: "us-west-2",
        peerRegion: '["us-east-2"]',
        regionalConfig: '[{"region":"us-east-1"},{"region":"us-east-2","isDeletionProtectionEnabled":false},{"region":"us-west-2"}]',
      },
      "us-east-1",
    );
    expect(plan.witnessRegion).toBe("us-west-2");
    expect(plan.clusters.map((c) => [c.region, c.deletionProtectionEnabled])).toEqual([
      ["us-east-1", true],
      ["us-east-2", false],
    ]);
    expect(err(() => parseRestoreMetadata({ useMultiRegionOrchestration: "true", witnessRegion: "eu-west-1", peerRegion: '["us-east-2"]' }, "us-east-1")).message).toMatch(/continent group/);
    expect(err(() => parseRestoreMetadata({ useMultiRegionOrchestration: "true", peerRegion: '["us-east-2"]' }, "us-east-1")).message).toMatch(/witnessRegion/);
    expect(err(() => parseRestoreMetadata({ useMultiRegionOrchestration: "true", witnessRegion: "us-east-2", peerRegion: '["us-east-2"]' }, "us-east-1")).message).toMatch(/differ/);
  });
});

describe("the seeded backups", () => {
  const scenario = demoScenario();
  const anchor = Date.UTC(2026, 10, 25, 12);
  const seed = seedBackups(scenario, anchor);
  const of = (name: string, region: string) => seed.recoveryPoints.filter((p) => p.cluster.name === name && p.region === region && p.sourceRegion === region);

  it("keeps 35 days of daily points per cluster, none for the cluster being created", () => {
    expect(of("catalog-apac", "ap-northeast-1")).toHaveLength(35);
    expect(of("search-staging", "ap-northeast-1")).toHaveLength(0);
    const newest = Math.max(...of("reporting-eu", "eu-west-1").map((p) => p.startedMs));
    expect(Math.round((anchor - newest) / 3_600_000)).toBe(74);
  });

  it("has exactly one failed and one expired job", () => {
    expect(seed.jobs.filter((j) => j.outcome === "FAILED").map((j) => j.cluster.name)).toEqual(["analytics-dev"]);
    expect(seed.jobs.filter((j) => j.outcome === "EXPIRED").map((j) => j.cluster.name)).toEqual(["reporting-eu"]);
  });

  it("copies the first region of the multi-region cluster to its peer region", () => {
    const copies = seed.recoveryPoints.filter((p) => p.sourceVaultArn);
    expect(copies.length).toBeGreaterThan(30);
    expect(new Set(copies.map((p) => `${p.sourceRegion}->${p.region}`))).toEqual(new Set(["us-east-1->us-east-2"]));
  });
});
