import { describe, expect, it } from "vitest";
import { canaryCheck, compareShapes, type DbShape, type Drill, figuresOf, isLeftover, lastVerdict, nextRunAfter, slotVerdict, verdictMessage, verdictOf } from "./model";

const at = (iso: string) => Date.parse(iso);

describe("nextRunAfter", () => {
  it("runs daily at the drill hour, the next day once that hour has passed", () => {
    expect(new Date(nextRunAfter("daily", at("2026-12-04T05:59:00Z"))).toISOString()).toBe("2026-12-04T06:00:00.000Z");
    expect(new Date(nextRunAfter("daily", at("2026-12-04T06:00:00Z"))).toISOString()).toBe("2026-12-05T06:00:00.000Z");
  });
  it("runs weekly on Mondays and monthly on the 1st, across a year's end", () => {
    // 2026-12-04 is a Friday.
    expect(new Date(nextRunAfter("weekly", at("2026-12-04T10:00:00Z"))).toISOString()).toBe("2026-12-07T06:00:00.000Z");
    expect(new Date(nextRunAfter("weekly", at("2026-12-07T06:00:00Z"))).toISOString()).toBe("2026-12-14T06:00:00.000Z");
    expect(new Date(nextRunAfter("monthly", at("2026-12-04T10:00:00Z"))).toISOString()).toBe("2027-01-01T06:00:00.000Z");
    expect(new Date(nextRunAfter("monthly", at("2027-01-01T05:00:00Z"))).toISOString()).toBe("2027-01-01T06:00:00.000Z");
  });
});

describe("slotVerdict", () => {
  it("starts while two of the four slots are free and leaves the last one to people", () => {
    expect(slotVerdict(0, 4).start).toBe(true);
    expect(slotVerdict(2, 4).start).toBe(true);
    expect(slotVerdict(3, 4)).toEqual({ start: false, why: "Waiting for a restore slot: 3 of 4 in use, and drills leave the last one to people" });
    expect(slotVerdict(5, 4).start).toBe(false);
  });
});

const shape = (over: Partial<DbShape> = {}): DbShape => ({
  columns: { "public.orders": { id: "bigint", total: "numeric" }, "public.items": { id: "bigint" } },
  indexes: {
    "public.orders_pkey": { table: "public.orders", valid: true },
    "public.orders_total_idx": { table: "public.orders", valid: true },
    "public.broken_idx": { table: "public.items", valid: false },
  },
  rows: { "public.orders": 10_000, "public.items": 50 },
  ...over,
});

describe("compareShapes", () => {
  it("passes a copy with the same tables, columns, valid indexes and rows within the tolerance", () => {
    const checks = compareShapes(shape(), shape({ rows: { "public.orders": 9_500, "public.items": 120 } }), 0.1);
    expect(checks.map((c) => [c.id, c.state])).toEqual([
      ["tables", "pass"],
      ["columns", "pass"],
      ["indexes", "pass"],
      ["rows", "pass"],
    ]);
    expect(checks[2].evidence).toBe("2 valid indexes are there and valid");
  });

  it("names what the copy lacks or has differently", () => {
    const copy = shape({
      columns: { "public.orders": { id: "integer" } },
      indexes: { "public.orders_pkey": { table: "public.orders", valid: false } },
      rows: { "public.orders": 5_000 },
    });
    const byId = Object.fromEntries(compareShapes(shape(), copy, 0.1).map((c) => [c.id, c]));
    expect(byId.tables).toMatchObject({ state: "fail", evidence: "Missing from the copy: public.items (of 2 tables)" });
    expect(byId.columns).toMatchObject({ state: "fail", evidence: "public.orders.id is integer, not bigint, public.orders.total missing" });
    expect(byId.indexes).toMatchObject({ state: "fail", evidence: "public.orders_pkey not valid, public.orders_total_idx missing" });
    expect(byId.rows).toMatchObject({ state: "fail", evidence: "Beyond 10 %: public.orders: about 5000 rows, source about 10000" });
  });

  it("expects no index whose build ended after the recovery point, and says so", () => {
    const copy = shape({ indexes: { "public.orders_pkey": { table: "public.orders", valid: true } } });
    const indexes = compareShapes(shape(), copy, 0.1, new Set(["orders_total_idx"])).find((c) => c.id === "indexes");
    expect(indexes).toEqual({ id: "indexes", state: "pass", evidence: "1 valid indexes are there and valid (public.orders_total_idx built after the recovery point, not expected)" });
    expect(compareShapes(shape(), copy, 0.1, new Set(["public.orders_total_idx"])).find((c) => c.id === "indexes")?.state).toBe("pass");
    // Built late but in the copy anyway (an older build of the same name): still checked.
    const both = compareShapes(shape(), shape(), 0.1, new Set(["orders_total_idx"])).find((c) => c.id === "indexes");
    expect(both?.evidence).toBe("2 valid indexes are there and valid");
  });

  it("skips the row check when nothing was ever analysed", () => {
    const never = shape({ rows: { "public.orders": -1, "public.items": -1 } });
    expect(compareShapes(never, never, 0.1).find((c) => c.id === "rows")?.state).toBe("skip");
  });
});

describe("canaryCheck", () => {
  const point = at("2026-12-04T03:00:00Z");
  const row = { id: "r1", writtenAt: at("2026-12-04T02:50:00Z") };
  it("passes, fails or skips on the newest row at or before the point", () => {
    expect(canaryCheck(true, point, row, true).state).toBe("pass");
    expect(canaryCheck(true, point, row, false)).toMatchObject({ state: "fail", evidence: expect.stringContaining("lacks the canary row written 2026-12-04T02:50:00.000Z") });
    expect(canaryCheck(true, point, null, false).state).toBe("skip");
    expect(canaryCheck(false, point, row, false).state).toBe("skip");
  });
});

const drill = (over: Partial<Drill>): Drill => ({
  id: "d",
  clusterArn: "arn:aws:dsql:us-east-1:123456789012:cluster/abcdefghijklmnopqrstuvwxyz",
  account: "123456789012",
  region: "us-east-1",
  clusterName: "orders",
  trigger: "manual",
  requestedBy: "op",
  requestedAt: 1_000_000,
  phase: "done",
  expiresAt: 2_000_000,
  canary: false,
  checks: [],
  ...over,
});

describe("verdicts and figures", () => {
  it("fails on any failed check and says which", () => {
    const checks = [
      { id: "tables", state: "pass", evidence: "ok" },
      { id: "canary", state: "fail", evidence: "missing" },
    ] as const;
    expect(verdictOf([...checks])).toBe("failed");
    expect(verdictMessage([...checks])).toBe("Failed: canary: missing");
    expect(verdictOf([checks[0]])).toBe("passed");
    expect(verdictMessage([checks[0]])).toBe("Passed: tables");
  });

  it("measures RTO from the request to the validated copy and RPO from the point to the restore", () => {
    const f = figuresOf(drill({ requestedAt: 1_000, pointCreatedAt: 0, restoreStartedAt: 61_000, restoreCompletedAt: 361_000, validatedAt: 421_000, expectedMinutes: 4 }));
    expect(f).toEqual({ rtoMs: 420_000, rpoMs: 61_000, restoreMs: 300_000, expectedMs: 240_000 });
    expect(figuresOf(drill({})).rtoMs).toBeUndefined();
  });

  it("calls a copy a leftover when its delete failed or it outlived its expiry, not once gone", () => {
    const arn = "arn:aws:dsql:us-east-1:123456789012:cluster/zyxwvutsrqponmlkjihgfedcba";
    expect(isLeftover(drill({ phase: "deleting", restoredArn: arn, deleteError: "denied" }), 1_500_000)).toBe(true);
    expect(isLeftover(drill({ phase: "deleting", restoredArn: arn }), 1_500_000)).toBe(false);
    expect(isLeftover(drill({ phase: "deleting", restoredArn: arn }), 2_500_000)).toBe(true);
    expect(isLeftover(drill({ restoredArn: arn, goneAt: 1_400_000 }), 2_500_000)).toBe(false);
  });

  it("judges by the newest drill with a verdict", () => {
    const old = drill({ id: "old", requestedAt: 1, result: "passed" });
    const newer = drill({ id: "new", requestedAt: 2, result: "failed", phase: "deleting" });
    const running = drill({ id: "run", requestedAt: 3, phase: "restoring" });
    expect(lastVerdict([old, running, newer])?.id).toBe("new");
  });
});
