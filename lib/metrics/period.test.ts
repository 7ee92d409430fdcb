import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { alignWindow, choosePeriod, MAX_POINTS, pointCount, retentionMinPeriod } from "./period";

const H = 3_600_000;
const D = 24 * H;
const now = Date.UTC(2026, 10, 25, 14, 7, 31);
const last = (ms: number) => ({ startMs: now - ms, endMs: now });

describe("choosePeriod", () => {
  it("uses 1-minute data for short recent ranges", () => {
    expect(choosePeriod(last(H), now)).toBe(60);
    expect(choosePeriod(last(24 * H), now)).toBe(60);
  });

  it("coarsens long ranges so no series exceeds the point cap", () => {
    expect(choosePeriod(last(7 * D), now)).toBe(600);
    expect(choosePeriod(last(14 * D), now)).toBe(900);
    expect(choosePeriod(last(30 * D), now)).toBe(1800);
  });

  it("respects retention: 5-minute data beyond 15 days, 1-hour beyond 63 days", () => {
    expect(retentionMinPeriod(14 * 86_400)).toBe(60);
    expect(retentionMinPeriod(16 * 86_400)).toBe(300);
    expect(retentionMinPeriod(64 * 86_400)).toBe(3600);
    // One hour of data from 20 days ago: few points, but only 5-minute data still exists.
    expect(choosePeriod({ startMs: now - 20 * D, endMs: now - 20 * D + H }, now)).toBe(300);
    expect(choosePeriod({ startMs: now - 70 * D, endMs: now - 70 * D + H }, now)).toBe(3600);
  });

  it("honours a coarser wish and rounds odd wishes up to a multiple of 60", () => {
    expect(choosePeriod(last(H), now, 86_400)).toBe(86_400);
    expect(choosePeriod(last(H), now, 61)).toBe(120);
  });

  it("always gives a multiple of 60 within the point cap and retention (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * 86_400 }), fc.integer({ min: 60, max: 400 * 86_400 }), (ageS, lenS) => {
        const w = { startMs: now - ageS * 1000, endMs: now - ageS * 1000 + lenS * 1000 };
        const p = choosePeriod(w, now);
        expect(p % 60).toBe(0);
        expect(p).toBeGreaterThanOrEqual(retentionMinPeriod(ageS));
        expect(pointCount(alignWindow(w, p), p)).toBeLessThanOrEqual(MAX_POINTS);
      }),
    );
  });
});

describe("alignWindow", () => {
  it("widens outwards to whole periods", () => {
    const w = alignWindow({ startMs: now - H, endMs: now }, 300);
    expect(w.startMs % 300_000).toBe(0);
    expect(w.endMs % 300_000).toBe(0);
    expect(w.startMs).toBeLessThanOrEqual(now - H);
    expect(w.endMs).toBeGreaterThanOrEqual(now);
  });
});
