import { describe, expect, it } from "vitest";
import { occState, spansAbove } from "./occ";

describe("occState", () => {
  it("is green below half the threshold, amber from half, red at or above it", () => {
    expect(occState(0.4, 5)).toBe("ok");
    expect(occState(2.5, 5)).toBe("warn");
    expect(occState(4.99, 5)).toBe("warn");
    expect(occState(5, 5)).toBe("alarm");
    expect(occState(11, 5)).toBe("alarm");
    expect(occState(3, 2)).toBe("alarm");
  });

  it("is idle without transactions, never a healthy 0 %", () => {
    expect(occState(null, 5)).toBe("idle");
    expect(occState(undefined, 5)).toBe("idle");
    expect(occState(NaN, 5)).toBe("idle");
    expect(occState(0, 5)).toBe("ok");
  });
});

describe("spansAbove", () => {
  it("finds the stretches at or above the threshold, closing each at the end of its last period", () => {
    const pts: [number, number | null][] = [
      [0, 1],
      [60, 6],
      [120, 7],
      [180, 2],
      [240, null],
      [300, 5],
    ];
    expect(spansAbove(pts, 5, 60)).toEqual([
      [60, 180],
      [300, 360],
    ]);
    expect(spansAbove([[0, 1]], 5, 60)).toEqual([]);
  });
});
