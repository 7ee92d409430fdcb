import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withEmulator } from "./emulator";

/** lib/events against the emulator: the seeded OCC alarm's state changes and the daily backups of a cluster. */

let emu: Awaited<ReturnType<typeof withEmulator>>;
const H = 3_600_000;

beforeAll(async () => {
  emu = await withEmulator({ timeScale: 1 });
  Object.assign(process.env, {
    DSQL_OPS_MODE: "local",
    DSQL_OPS_REGIONS: emu.regions.join(","),
    DSQL_OPS_DATA_DIR: mkdtempSync(path.join(tmpdir(), "dsql-ops-events-")),
    AWS_ENDPOINT_URL: emu.endpoint,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_REGION: "us-east-1",
  });
});
afterAll(() => emu.close());

const cluster = async (name: string, region: string) => {
  const { getCluster } = await import("../../lib/dsql/clusters");
  return getCluster(region, emu.scenario.clusters.find((c) => c.name === name && c.region === region)!.identifier);
};

describe("the event timeline of a cluster", () => {
  it("has the OCC alarm going into ALARM during the incident, and the backups", async () => {
    const { clusterEvents } = await import("../../lib/events");
    const orders = await cluster("orders-prod", "us-east-1");
    const now = emu.clock.now();
    const r = await clusterEvents(orders, { startMs: now - 48 * H, endMs: now });
    expect(r.errors).toEqual([]);
    const alarm = r.events.filter((e) => e.kind === "alarm");
    const toAlarm = alarm.find((e) => e.label.endsWith("→ ALARM"));
    expect(toAlarm, JSON.stringify(alarm)).toBeDefined();
    // The seeded incident started two hours before the emulator's anchor (its start, floored to the hour).
    expect(toAlarm!.at).toBeGreaterThan(now - 4 * H);
    expect(toAlarm!.tone).toBe("bad");
    expect(toAlarm!.detail).toMatch(/Threshold Crossed/);
    const backups = r.events.filter((e) => e.kind === "backup");
    expect(backups.length).toBeGreaterThanOrEqual(1);
    expect(backups.every((e) => e.at >= now - 48 * H && e.at <= now)).toBe(true);
    expect(r.events.map((e) => e.at)).toEqual([...r.events.map((e) => e.at)].sort((a, b) => a - b));
  });

  it("has no backup in the window of the cluster whose plan stopped", async () => {
    const { clusterEvents } = await import("../../lib/events");
    const reporting = await cluster("reporting-eu", "eu-west-1");
    const now = emu.clock.now();
    const r = await clusterEvents(reporting, { startMs: now - 48 * H, endMs: now });
    expect(r.errors).toEqual([]);
    expect(r.events.filter((e) => e.kind === "backup" && e.tone === "good")).toEqual([]);
  });
});
