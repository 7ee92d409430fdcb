import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { costQuery, daysOf, parseTagFilter, resolveComparison } from "./period";

const NOW = Date.UTC(2026, 10, 25, 15, 51); // 2026-11-25 15:51 UTC
const iso = (t: number) => new Date(t).toISOString();

function fails(q: Parameters<typeof resolveComparison>[0], field: string) {
  try {
    resolveComparison(q, NOW);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).status).toBe(400);
    expect((e as AppError).message).toContain(`"${field}"`);
    return;
  }
  throw new Error(`expected ${JSON.stringify(q)} to fail`);
}

describe("the periods of a cost review", () => {
  it("defaults to this month so far, against the same span of last month", () => {
    const c = resolveComparison({}, NOW);
    expect(c.kind).toBe("month");
    expect(c.inProgress).toBe(true);
    expect(iso(c.current.startMs)).toBe("2026-11-01T00:00:00.000Z");
    expect(c.current.toMs).toBe(NOW);
    expect(iso(c.current.endMs)).toBe("2026-12-01T00:00:00.000Z");
    expect(iso(c.previous.startMs)).toBe("2026-10-01T00:00:00.000Z");
    expect(iso(c.previous.toMs)).toBe("2026-10-25T15:51:00.000Z");
    expect(c.current.label).toBe("November 2026 to date");
    expect(c.previous.label).toBe("Oct 1 – Oct 25, 2026 (same span)");
    expect(c.params).toEqual({ month: "2026-11" });
  });

  it("compares a past month with the whole month before it", () => {
    const c = resolveComparison({ month: "2026-03" }, NOW);
    expect(c.inProgress).toBe(false);
    expect(iso(c.current.toMs)).toBe("2026-04-01T00:00:00.000Z");
    expect(iso(c.previous.startMs)).toBe("2026-02-01T00:00:00.000Z");
    expect(iso(c.previous.toMs)).toBe("2026-03-01T00:00:00.000Z");
    expect(c.basis).toBe("March 2026 against February 2026");
  });

  it("clamps the same span to a shorter previous month", () => {
    const c = resolveComparison({}, Date.UTC(2026, 2, 31, 12)); // March 31 against February (28 days)
    expect(iso(c.previous.toMs)).toBe("2026-03-01T00:00:00.000Z");
  });

  it("compares whole custom days with the same number of days before them", () => {
    const c = resolveComparison({ from: "2026-11-01", to: "2026-11-14" }, NOW);
    expect(c.kind).toBe("custom");
    expect(iso(c.current.endMs)).toBe("2026-11-15T00:00:00.000Z");
    expect(iso(c.previous.startMs)).toBe("2026-10-18T00:00:00.000Z");
    expect(c.previous.endMs).toBe(c.current.startMs);
    expect(c.basis).toBe("14 days against the 14 days before");
    expect(c.current.label).toBe("Nov 1 – Nov 14, 2026");
  });

  it("takes today as a custom end, to date", () => {
    const c = resolveComparison({ from: "2026-11-25", to: "2026-11-25" }, NOW);
    expect(c.inProgress).toBe(true);
    expect(c.current.toMs).toBe(NOW);
    expect(c.previous.toMs - c.previous.startMs).toBe(NOW - c.current.startMs);
  });

  it("refuses what it cannot compare, naming the field", () => {
    fails({ month: "2026-12" }, "month");
    fails({ month: "2025-06" }, "month");
    fails({ month: "2026-11", from: "2026-11-01" }, "month");
    fails({ from: "2026-11-01" }, "to");
    fails({ to: "2026-11-01" }, "from");
    fails({ from: "2026-11-10", to: "2026-11-01" }, "to");
    fails({ from: "2026-11-01", to: "2026-11-26" }, "to");
    fails({ from: "2026-02-30", to: "2026-03-02" }, "from");
    fails({ from: "2025-01-01", to: "2026-01-31" }, "to");
    fails({ from: "2025-09-01", to: "2025-12-31" }, "from");
    expect(resolveComparison({ from: "2026-01-01", to: "2026-03-31" }, NOW).kind).toBe("custom");
  });

  it("validates the query's shape", () => {
    expect(costQuery.safeParse({ month: "2026-13" }).success).toBe(false);
    expect(costQuery.safeParse({ from: "26-11-01" }).success).toBe(false);
    expect(costQuery.safeParse({ tag: "team" }).success).toBe(false);
    expect(costQuery.safeParse({ groupBy: "team", tag: "team:data" }).success).toBe(true);
    expect(costQuery.safeParse({ groupBy: "<script>" }).success).toBe(false);
    expect(parseTagFilter("env:prod:eu")).toEqual({ key: "env", value: "prod:eu" });
  });

  it("lists the UTC days of a period, today included", () => {
    const c = resolveComparison({}, NOW);
    const days = daysOf(c.current);
    expect(days).toHaveLength(25);
    expect(iso(days[24])).toBe("2026-11-25T00:00:00.000Z");
  });
});

describe("the query from a form", () => {
  it("reads empty fields as not chosen", () => {
    expect(costQuery.parse({ month: "", groupBy: "", tag: "" })).toEqual({});
  });
});
