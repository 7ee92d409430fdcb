import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pointLibAt, seededCluster, withEmulator } from "./emulator";

/** lib/events against the emulator: the seeded OCC alarm's state changes and the daily backups of a cluster. */

let emu: Awaited<ReturnType<typeof withEmulator>>;
const H = 3_600_000;

beforeAll(async () => {
  emu = await withEmulator({ timeScale: 1 });
  pointLibAt(emu, "events");
});
afterAll(() => emu.close());

/** The events of a seeded cluster over the last two days. */
async function lastTwoDays(name: string, region: string) {
  const { getCluster } = await import("../../lib/dsql/clusters");
  const { clusterEvents } = await import("../../lib/events");
  const cluster = await getCluster(seededCluster(emu, name, region));
  const now = emu.clock.now();
  return { now, ...(await clusterEvents(cluster, { startMs: now - 48 * H, endMs: now })) };
}

describe("the event timeline of a cluster", () => {
  it("has the OCC alarm going into ALARM during the incident, and the backups", async () => {
    const r = await lastTwoDays("orders-prod", "us-east-1");
    const now = r.now;
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
    const r = await lastTwoDays("reporting-eu", "eu-west-1");
    expect(r.errors).toEqual([]);
    expect(r.events.filter((e) => e.kind === "backup" && e.tone === "good")).toEqual([]);
  });
});
