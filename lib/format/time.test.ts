import { describe, expect, it } from "vitest";
import { agoLabel, clockLabel, periodLabel, timeLabel, timeTick } from "./time";

describe("time labels", () => {
  it("labels time in UTC and periods in words", () => {
    const t = Date.UTC(2026, 10, 25, 9, 5);
    expect(timeTick(t, 3_600_000)).toBe("09:05");
    expect(timeTick(t, 7 * 86_400_000)).toBe("11-25 09:05");
    expect(timeTick(t, 30 * 86_400_000)).toBe("11-25");
    expect(periodLabel(60)).toBe("per minute");
    expect(periodLabel(1800)).toBe("per 30 min");
    expect(periodLabel(3600)).toBe("per hour");
  });

  it("says the time to the minute or second, and how long ago", () => {
    const t = Date.UTC(2026, 10, 25, 9, 5, 7);
    expect(timeLabel(t)).toBe("2026-11-25 09:05 UTC");
    expect(clockLabel(t)).toBe("09:05:07 UTC");
    expect(agoLabel(42_400)).toBe("42 s ago");
    expect(agoLabel(185_000)).toBe("3 min 5 s ago");
    expect(agoLabel(-5)).toBe("0 s ago");
  });
});
