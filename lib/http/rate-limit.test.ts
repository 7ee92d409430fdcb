import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit";

describe("RateLimiter", () => {
  it("allows a burst, then refuses with the wait until the next token", () => {
    let t = 0;
    const rl = new RateLimiter(6, 3, () => t); // one token per 10 s
    expect([rl.take("ana"), rl.take("ana"), rl.take("ana")]).toEqual([0, 0, 0]);
    expect(rl.take("ana")).toBe(10);
    t += 4_000;
    expect(rl.take("ana")).toBe(6);
    t += 6_000;
    expect(rl.take("ana")).toBe(0);
  });

  it("keeps users apart", () => {
    const rl = new RateLimiter(60, 1, () => 0);
    expect(rl.take("ana")).toBe(0);
    expect(rl.take("ana")).toBeGreaterThan(0);
    expect(rl.take("bo")).toBe(0);
  });

  it("never refills beyond the burst", () => {
    let t = 0;
    const rl = new RateLimiter(60, 2, () => t);
    t += 3_600_000;
    expect([rl.take("a"), rl.take("a"), rl.take("a")].map((s) => s === 0)).toEqual([true, true, false]);
  });

  it("stays bounded in memory", () => {
    let t = 0;
    const rl = new RateLimiter(60, 1, () => t, 100);
    for (let i = 0; i < 1000; i++) rl.take(`user-${i}`);
    expect((rl as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(100);
  });
});
