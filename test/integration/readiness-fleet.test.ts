import { describe, expect, it } from "vitest";
import { emulatorForLib } from "./emulator";

/**
 * The overview's readiness column at fleet scale: 30 generated clusters in 3 Regions. The facts a
 * Region's clusters share are read once per account and Region, whatever the number of clusters;
 * only a cluster's own policy and streams are read per cluster, and all of it is cached.
 */

const emulator = emulatorForLib("readiness-fleet", { fleet: 30 });

/** The emulator's call counts since `before`, by `account/region/service:Operation`, of the calls readiness makes. */
function callsSince(before: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, n] of emulator().calls) if (n - (before.get(k) ?? 0) > 0) out[k] = n - (before.get(k) ?? 0);
  return out;
}

describe("fleet readiness", () => {
  it("reads each Region's shared facts once, and each cluster's policy and streams once", async () => {
    const { listFleet } = await import("@/lib/dsql/clusters");
    const { fleetReadiness, clusterReadiness } = await import("@/lib/readiness");
    const fleet = (await listFleet()).filter((r) => r.clusters.length);
    const clusters = fleet.flatMap((r) => r.clusters);
    expect(clusters).toHaveLength(30);
    const before = new Map(emulator().calls);
    const cards = await fleetReadiness(clusters, emulator().clock.now());
    expect(cards.size).toBe(30);
    const calls = callsSince(before);
    for (const scope of fleet) {
      const at = (op: string) => calls[`${scope.account}/${scope.region}/${op}`] ?? 0;
      const n = scope.clusters.length;
      expect(n, scope.region).toBe(10);
      expect(
        {
          endpointService: at("dsql:GetVpcEndpointServiceName"),
          vpcEndpoints: at("ec2:DescribeVpcEndpoints"),
          metrics: at("monitoring:GetMetricData"),
          backups: at("backup:ListBackupJobs"),
          configRules: at("config:DescribeConfigRules"),
          compliance: at("config:GetComplianceDetailsByConfigRule"),
          // Asked only where no DSQL rule is found.
          recorder: at("config:DescribeConfigurationRecorderStatus"),
          quotas: at("servicequotas:ListServiceQuotas"),
          policies: at("dsql:GetClusterPolicy"),
          streams: at("dsql:ListStreams"),
        },
        scope.region,
      ).toEqual({ endpointService: 1, vpcEndpoints: 1, metrics: 1, backups: 1, configRules: 1, compliance: 2, recorder: 0, quotas: 1, policies: n, streams: n });
    }
    // Every card is scored from real facts: nothing unknown in a healthy emulator.
    for (const card of cards.values()) expect(card.score.unknown).toBe(0);

    // Asked again (another tab, the cluster's own page): all from the cache.
    const again = new Map(emulator().calls);
    await fleetReadiness(clusters, emulator().clock.now());
    const one = await clusterReadiness(clusters[4], emulator().clock.now());
    expect(callsSince(again)).toEqual({});
    expect(one.checks).toEqual(cards.get(`${clusters[4].account}/${clusters[4].region}/${clusters[4].identifier}`)!.checks);
  });
});
