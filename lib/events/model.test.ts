import { describe, expect, it } from "vitest";
import { alarmEvent, backupEvent, inWindow, restoreEvents } from "./model";

const T = Date.UTC(2026, 10, 25, 14, 6);

describe("timeline events", () => {
  it("reads an alarm's state change from its HistoryData", () => {
    const e = alarmEvent({
      alarmName: "occ",
      at: T,
      summary: "Alarm updated from OK to ALARM",
      data: JSON.stringify({ version: "1.0", oldState: { stateValue: "OK" }, newState: { stateValue: "ALARM", stateReason: "Threshold Crossed: 3 out of the last 5 datapoints" } }),
    });
    expect(e).toEqual({ at: T, kind: "alarm", tone: "bad", label: "occ: OK → ALARM", detail: "Threshold Crossed: 3 out of the last 5 datapoints" });
  });

  it("falls back to the summary when HistoryData is unreadable", () => {
    expect(alarmEvent({ alarmName: "dpu", at: T, summary: "Alarm updated from ALARM to OK", data: "{" })).toMatchObject({ tone: "good", label: "dpu: ALARM → OK" });
    expect(alarmEvent({ alarmName: "dpu", at: T, summary: "something else" })).toMatchObject({ tone: "info", label: "dpu: something else" });
  });

  it("marks a backup where it ended, and a running one where it started", () => {
    const job = { id: "b1", account: "123456789012", region: "us-east-1", resourceArn: "arn", trigger: "plan" as const, createdAt: new Date(T).toISOString() };
    expect(backupEvent({ ...job, state: "COMPLETED", completedAt: new Date(T + 600_000).toISOString() })).toMatchObject({ at: T + 600_000, tone: "good", label: "Backup completed" });
    expect(backupEvent({ ...job, state: "EXPIRED", explanation: "start window missed" })).toMatchObject({ at: T, tone: "bad", detail: "start window missed" });
    expect(backupEvent({ ...job, state: "RUNNING", trigger: "on-demand" })).toMatchObject({ at: T, tone: "info", label: "Backup running (on demand)" });
  });

  it("marks a restore's start and its end", () => {
    const job = { id: "r1", account: "123456789012", region: "us-east-1", recoveryPointArn: "rp", createdAt: new Date(T).toISOString() };
    expect(restoreEvents({ ...job, status: "RUNNING" })).toHaveLength(1);
    const [start, end] = restoreEvents({ ...job, status: "FAILED", completedAt: new Date(T + 3_600_000).toISOString(), statusMessage: "KMS key disabled" });
    expect(start).toMatchObject({ label: "Restore started", tone: "info" });
    expect(end).toMatchObject({ at: T + 3_600_000, label: "Restore failed", tone: "bad", detail: "KMS key disabled" });
    expect(inWindow(end, { startMs: T, endMs: T + 3_600_000 })).toBe(true);
    expect(inWindow(end, { startMs: T, endMs: T + 60_000 })).toBe(false);
  });
});
