import { describe, expect, it } from "vitest";
import { rangeFromSearch, rangeQuery, resolveRange } from "./range";
import { rangeSearch } from "./range-presets";

const now = Date.UTC(2026, 10, 25, 12, 0);

describe("resolveRange", () => {
  it("defaults to the last 24 hours and resolves presets", () => {
    expect(resolveRange({}, now)).toMatchObject({ key: "24h", startMs: now - 86_400_000, endMs: now });
    expect(resolveRange({ range: "7d" }, now).startMs).toBe(now - 7 * 86_400_000);
  });

  it("resolves a custom range, reading zone-less times as UTC, and clamps the end to now", () => {
    const r = resolveRange({ from: "2026-11-20T08:00", to: "2026-11-30T00:00Z" }, now);
    expect(r.key).toBe("custom");
    expect(r.startMs).toBe(Date.UTC(2026, 10, 20, 8));
    expect(r.endMs).toBe(now);
    expect(rangeSearch(r.params)).toBe("from=2026-11-20T08%3A00Z&to=2026-11-25T12%3A00Z");
  });

  it("refuses bad ranges with a message naming the field", () => {
    expect(() => resolveRange({ from: "yesterday", to: "2026-11-25T00:00Z" }, now)).toThrow(/"from"/);
    expect(() => resolveRange({ to: "2026-11-25T00:00Z" }, now)).toThrow(/"from"/);
    expect(() => resolveRange({ from: "2026-11-25T00:00Z", to: "2026-11-24T00:00Z" }, now)).toThrow(/"to"/);
    expect(() => resolveRange({ from: "2024-01-01T00:00Z", to: "2024-01-02T00:00Z" }, now)).toThrow(/455 days/);
    expect(rangeQuery.safeParse({ range: "2h" }).success).toBe(false);
  });
});

describe("rangeFromSearch", () => {
  it("falls back to the default range and says why", () => {
    const r = rangeFromSearch({ range: "2h", refresh: "1m" }, now);
    expect(r.range.key).toBe("24h");
    expect(r.refresh).toBe("1m");
    expect(r.problem).toMatch(/"range"/);
    expect(rangeFromSearch({ range: "7d", refresh: "30s" }, now)).toMatchObject({ range: { key: "7d" }, refresh: "30s" });
    expect(rangeFromSearch({ range: "7d" }, now).problem).toBeUndefined();
  });
});
