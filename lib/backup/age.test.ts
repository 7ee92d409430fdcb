import { describe, expect, it } from "vitest";
import { backupHealth, formatAgeHours, lastGoodBackup } from "./age";
import { explainBackupFailure, parsePercent } from "./model";

describe("last good backup", () => {
  const now = new Date("2026-11-25T12:00:00Z");
  it("is the newest restorable point, ignoring ones still being made", () => {
    const points = [
      { status: "COMPLETED", createdAt: "2026-11-24T03:00:00.000Z" },
      { status: "CREATING", createdAt: "2026-11-25T11:00:00.000Z" },
      { status: "COMPLETED", createdAt: "2026-11-25T03:00:00.000Z" },
      { status: "EXPIRED", createdAt: "2026-11-25T04:00:00.000Z" },
    ];
    expect(lastGoodBackup(points)?.createdAt).toBe("2026-11-25T03:00:00.000Z");
    expect(lastGoodBackup([])).toBeUndefined();
  });
  it("is stale past the threshold, and when there is none at all", () => {
    expect(backupHealth("2026-11-25T03:00:00Z", 26, now)).toMatchObject({ ageHours: 9, stale: false });
    expect(backupHealth("2026-11-22T10:00:00Z", 26, now)).toMatchObject({ ageHours: 74, stale: true });
    expect(backupHealth(undefined, 26, now)).toEqual({ stale: true, thresholdHours: 26 });
  });
  it("reads short", () => {
    expect(formatAgeHours(0.25)).toBe("15 min");
    expect(formatAgeHours(9.7)).toBe("9 h");
    expect(formatAgeHours(74)).toBe("3 d 2 h");
    expect(formatAgeHours(72)).toBe("3 d");
  });
});

describe("backup jobs explained", () => {
  it("tells an operator to wake an IDLE cluster", () => {
    const e = explainBackupFailure("FAILED", "Cluster 'abc' is in state 'IDLE' and can't be backed up. In order to take a backup of your cluster, it must be in Active state.");
    expect(e).toMatch(/was IDLE .* connect to the cluster once to wake it/);
  });
  it("explains an expired job and stays quiet about good ones", () => {
    expect(explainBackupFailure("EXPIRED", undefined)).toMatch(/start window/);
    expect(explainBackupFailure("COMPLETED", undefined)).toBeUndefined();
    expect(explainBackupFailure("FAILED", undefined)).toMatch(/no reason/);
  });
  it("reads PercentDone when it is there, and only then", () => {
    expect(parsePercent("42.5")).toBe(42.5);
    expect(parsePercent(undefined)).toBeUndefined();
    expect(parsePercent("")).toBeUndefined();
    expect(parsePercent("n/a")).toBeUndefined();
    expect(parsePercent("140")).toBe(100);
  });
});
