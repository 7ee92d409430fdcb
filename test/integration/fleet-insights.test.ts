import { beforeAll, describe, expect, it } from "vitest";
import { emulatorForLib, fleetClusterCount, promqlCallsCounted } from "./emulator";

/**
 * The fleet Insights page's data through lib/: every account and Region of the demo organisation,
 * CloudWatch PromQL signed with each account's credentials, at the fewest calls the limits allow,
 * then from the cache.
 */
const emulator = emulatorForLib("fleet-insights");
beforeAll(async () => {
  await (await import("@/lib/aws/accounts")).watchedAccounts();
});

describe("fleet Database Insights (lib/insights/fleet)", () => {
  it("ranks every cluster by load with its waits and leaks, and the fleet's top statements, applications and roles", async () => {
    const { listFleet } = await import("@/lib/dsql/clusters");
    const { loadFleetInsights } = await import("@/lib/insights/fleet");
    const fleet = await listFleet();
    const now = emulator().clock.now();
    const before = await promqlCallsCounted();
    const fi = await loadFleetInsights(fleet, { startMs: now - 3 * 3_600_000, endMs: now });

    expect(fi.problems).toEqual([]);
    expect(fi.clusters).toHaveLength(fleetClusterCount(emulator()));
    const scopes = fleet.filter((r) => !r.error && r.clusters.length > 0).length;
    // Every Region's (cluster, wait) series fit one answer: four calls per account and Region, all counted.
    expect(fi.minimumCalls).toBe(4 * scopes);
    expect(fi.calls).toBe(fi.minimumCalls);
    expect((await promqlCallsCounted()) - before).toBe(fi.calls);

    // Heaviest first; orders-prod's OCC incident and payments-eu's leak show.
    expect(fi.clusters.map((c) => c.aas)).toEqual([...fi.clusters.map((c) => c.aas)].sort((a, b) => b - a));
    const orders = fi.clusters.find((c) => c.name === "orders-prod" && c.region === "us-east-1")!;
    expect(orders.waits.Commit).toBeGreaterThan(0);
    expect(orders.dayBefore).toBeGreaterThan(0);
    expect(orders.weekBefore).toBeGreaterThan(0);
    const payments = fi.clusters.find((c) => c.name === "payments-eu")!;
    expect(payments.idleInTx).toBeGreaterThan(0.9);
    expect(fi.clusters.filter((c) => c.idleInTx > 0.5).map((c) => c.name)).toEqual(["payments-eu"]);
    expect(fi.waits).toEqual(expect.arrayContaining(["Commit", "OnCpu", "ClientRead", "SequentialScanRead"]));
    expect(fi.totalAas).toBeCloseTo(
      fi.clusters.reduce((n, c) => n + c.aas, 0),
      6,
    );

    // Statements are named with their cluster; applications and roles span the fleet.
    expect(fi.top.statement.find((r) => r.key === "COMMIT" && r.where === "orders-prod in us-east-1")).toBeDefined();
    expect(fi.top.app.map((r) => r.key)).toEqual(expect.arrayContaining(["checkout-api", "billing-worker"]));
    expect(fi.top.role[0].key).toMatch(/^arn:aws:iam::\d{12}:role\//);
    expect(fi.top.app[0].dayBefore).toBeGreaterThan(0);

    // A second tab: every answer from the cache.
    const again = await loadFleetInsights(fleet, { startMs: now - 3 * 3_600_000, endMs: now });
    expect(again.calls).toBe(0);
    expect(again.clusters).toHaveLength(fi.clusters.length);
    expect((await promqlCallsCounted()) - before).toBe(fi.calls);
  });
});
