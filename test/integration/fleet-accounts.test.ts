import { describe, expect, it } from "vitest";
import { DEV_ACCOUNT, STAGING_ACCOUNT } from "../../emulator/scenario/fleet";
import { emulatorForLib, fleetClusterCount, seededCluster } from "./emulator";

/** The fleet across the demo organisation's accounts, through lib/ and the real SDK, as local mode runs it. */

const emulator = emulatorForLib("fleet-accounts");
const H = 3_600_000;

describe("a fleet over several accounts", () => {
  it("lists every account's clusters with their account, and names the account whose role is refused instead of showing it empty", async () => {
    const { listFleet } = await import("@/lib/dsql/clusters");
    const { fleetProblems } = await import("@/lib/aws/scope");
    const fleet = await listFleet();
    const clusters = fleet.flatMap((r) => r.clusters);
    expect(clusters).toHaveLength(fleetClusterCount(emulator()));
    const byName = new Map(clusters.map((c) => [`${c.region}/${c.name}`, c]));
    expect(byName.get("us-east-1/analytics-dev")?.account).toBe(DEV_ACCOUNT);
    expect(byName.get("eu-west-1/reporting-eu")?.account).toBe(STAGING_ACCOUNT);
    expect(byName.get("us-east-1/orders-prod")?.account).toBe(emulator().identities.defaultAccount);
    expect(new Set(fleet.filter((r) => r.clusters.length).map((r) => r.accountName))).toEqual(new Set(["prod", "staging", "dev"]));
    // Every ARN names the account the cluster was listed in.
    for (const r of fleet) for (const c of r.clusters) expect(c.arn.split(":")[4]).toBe(r.account);

    const sandbox = fleet.filter((r) => r.accountName === "sandbox");
    expect(sandbox.length).toBe(emulator().regions.length);
    expect(sandbox.every((r) => r.clusters.length === 0 && /sts:AssumeRole/.test(r.error ?? ""))).toBe(true);
    // One problem for the account, not one per Region.
    const problems = fleetProblems(fleet);
    expect(problems).toHaveLength(1);
    expect(problems[0].where).toBe("account sandbox (456789012345)");
  });

  it("starts an on-demand backup in the cluster's own account, and finds a cluster from a link that names no account", async () => {
    const { getCluster, locateCluster } = await import("@/lib/dsql/clusters");
    const { startOnDemandBackup, getBackupJob } = await import("@/lib/backup/jobs");
    const key = seededCluster(emulator(), "reporting-eu", "eu-west-1");
    const cluster = await getCluster(key);
    expect(cluster.account).toBe(STAGING_ACCOUNT);
    const job = await startOnDemandBackup(cluster);
    expect(job.account).toBe(STAGING_ACCOUNT);
    // The job exists in the staging account only: the default account does not see it.
    const { BackupClient, DescribeBackupJobCommand } = await import("@aws-sdk/client-backup");
    await expect(new BackupClient(emulator().clientConfig("eu-west-1")).send(new DescribeBackupJobCommand({ BackupJobId: job.id }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    emulator().clock.advance(H);
    expect((await getBackupJob(cluster, job.id)).state).toBe("COMPLETED");

    const found = await locateCluster("eu-west-1", key.identifier);
    expect(found.map((c) => c.account)).toEqual([STAGING_ACCOUNT]);
    expect(await locateCluster("eu-west-1", "z".repeat(26))).toEqual([]);
  });

  it("renews an assumed role's session before it expires, and keeps reading the account", async () => {
    const { watchedAccounts, credentialsFor } = await import("@/lib/aws/accounts");
    const { listClusters, invalidateClusters } = await import("@/lib/dsql/clusters");
    const dev = (await watchedAccounts()).accounts.find((a) => a.id === DEV_ACCOUNT)!;
    const first = await credentialsFor(dev)!();
    expect(first.expiration!.getTime() - Date.now()).toBeGreaterThan(50 * 60_000);
    expect(await credentialsFor(dev)!()).toBe(first);
    // Four minutes before the session ends (sessions end on the wall clock, as the SDK reads it): renewed.
    const realNow = Date.now;
    Date.now = () => first.expiration!.getTime() - 4 * 60_000;
    try {
      const renewed = await credentialsFor(dev)!();
      expect(renewed.accessKeyId).not.toBe(first.accessKeyId);
      invalidateClusters();
      expect((await listClusters({ account: DEV_ACCOUNT, region: "us-east-1" })).map((c) => c.name)).toContain("analytics-dev");
    } finally {
      Date.now = realNow;
    }
  });
});

describe("metrics through a monitoring account (CloudWatch cross-account observability)", () => {
  it("reads every account's clusters of a Region in one call set from the monitoring account, with the same figures", async () => {
    const { listFleet } = await import("@/lib/dsql/clusters");
    const { fleetUsage } = await import("@/lib/metrics/overview");
    const { createMetricsEngine, sdkGetMetricData } = await import("@/lib/metrics/engine");
    const fleet = (await listFleet()).filter((r) => !r.error);
    const sent: { account: string; region: string; accountIds: string[] }[] = [];
    const engine = () =>
      createMetricsEngine({
        send: (scope, input) => {
          sent.push({ ...scope, accountIds: [...new Set((input.MetricDataQueries ?? []).map((q) => q.AccountId ?? ""))] });
          return sdkGetMetricData(scope, input);
        },
      });
    const nowMs = emulator().clock.now();
    const perAccount = await fleetUsage(fleet, { engine: engine(), monitoringAccount: null, nowMs, prices: {} });
    const perAccountCalls = sent.length;
    sent.length = 0;
    const monitoring = emulator().identities.defaultAccount;
    const viaMonitoring = await fleetUsage(fleet, { engine: engine(), monitoringAccount: monitoring, nowMs, prices: {} });
    // One call set per Region with clusters, all sent as the monitoring account, naming the source accounts.
    const regionsWithClusters = new Set(fleet.filter((r) => r.clusters.length).map((r) => r.region));
    expect(sent.map((c) => c.region).sort()).toEqual([...regionsWithClusters].sort());
    expect(sent.every((c) => c.account === monitoring)).toBe(true);
    expect(perAccountCalls).toBeGreaterThan(sent.length);
    expect(sent.find((c) => c.region === "eu-west-1")!.accountIds.sort()).toEqual(["", STAGING_ACCOUNT]);
    // The same figures either way, each cluster under its own account.
    const figures = (u: typeof perAccount) => Object.fromEntries(u.flatMap((r) => r.clusters.map((c) => [`${r.account}/${c.identifier}`, [c.mtd.dpu, c.status]])));
    expect(figures(viaMonitoring)).toEqual(figures(perAccount));
    expect(viaMonitoring.map((u) => `${u.account}/${u.region}`)).toEqual(fleet.map((r) => `${r.account}/${r.region}`));
  });

  it("shows an account that is not linked to the monitoring account as refused, cluster by cluster", async () => {
    const { fleetUsage } = await import("@/lib/metrics/overview");
    const sandbox = { account: "456789012345", region: "us-east-1", clusters: [{ identifier: "s".repeat(26) }] };
    const [u] = await fleetUsage([sandbox], { monitoringAccount: emulator().identities.defaultAccount, prices: {} });
    expect(u.clusters[0].status).toBe("error");
    expect(u.clusters[0].messages.join(" ")).toMatch(/not a source account linked/);
  });
});
