import { describe, expect, it } from "vitest";
import { nextDelay, pacedInterval } from "./use-polling";

describe("usePolling's backoff", () => {
  it("keeps the interval while refreshes succeed, then doubles per failure up to 8× or 5 min", () => {
    expect(nextDelay(60_000, 0)).toBe(60_000);
    expect(nextDelay(60_000, 1)).toBe(120_000);
    expect(nextDelay(60_000, 2)).toBe(240_000);
    expect(nextDelay(60_000, 3)).toBe(300_000);
    expect(nextDelay(60_000, 10)).toBe(300_000);
    expect(nextDelay(2_500, 2)).toBe(10_000);
    expect(nextDelay(2_500, 9)).toBe(20_000);
  });

  it("never polls faster than the interval, even when the interval is above the cap", () => {
    expect(nextDelay(600_000, 4)).toBe(600_000);
  });
});

describe("pacedInterval", () => {
  it("waits for the server's answer to change, but never polls faster than asked, and stays off when off", () => {
    expect(pacedInterval(30_000, 360_000)).toBe(360_000);
    expect(pacedInterval(300_000, 60_000)).toBe(300_000);
    expect(pacedInterval(60_000, -5_000)).toBe(60_000);
    expect(pacedInterval(0, 360_000)).toBeNull();
    expect(pacedInterval(null, 360_000)).toBeNull();
  });
});
