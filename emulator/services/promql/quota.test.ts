import { describe, expect, it } from "vitest";
import { PromqlQuota, promqlThrottled } from "./quota";

describe("the PromQL quota per account and Region", () => {
  it("admits a burst up to the rate, then refuses until tokens refill, scope by scope", () => {
    let t = 0;
    const q = new PromqlQuota({ tps: 5, concurrency: 100 }, () => t);
    const burst = Array.from({ length: 7 }, () => q.take("a/us-east-1"));
    expect(burst.map((b) => b.ok)).toEqual([true, true, true, true, true, false, false]);
    expect(burst[5]).toMatchObject({ ok: false, reason: "rate", retryAfterS: 1 });
    // Another account or Region has its own bucket.
    expect(q.take("b/us-east-1").ok).toBe(true);
    expect(q.take("a/eu-west-1").ok).toBe(true);
    t += 200; // a fifth of a second: one token back
    expect(q.take("a/us-east-1").ok).toBe(true);
    expect(q.take("a/us-east-1").ok).toBe(false);
    expect(q.refused).toEqual({ rate: 3, concurrency: 0 });
  });

  it("refuses a query beyond the concurrency limit until one in flight is released (once)", () => {
    const q = new PromqlQuota({ tps: 1000, concurrency: 2 }, () => 0);
    const a = q.take("s");
    const b = q.take("s");
    expect(q.take("s")).toMatchObject({ ok: false, reason: "concurrency" });
    if (!a.ok || !b.ok) throw new Error("not admitted");
    a.release();
    a.release(); // a second release frees nothing more
    expect(q.take("s").ok).toBe(true);
    expect(q.take("s").ok).toBe(false);
  });

  it("keeps defaults for options not given and refuses nonsense", () => {
    expect(new PromqlQuota({ tps: undefined, concurrency: 3 }).options).toEqual({ tps: 50, concurrency: 3 });
    expect(() => new PromqlQuota({ tps: 0 })).toThrow(/above 0/);
  });

  it("answers in the Prometheus error shape, with HTTP 429 and Retry-After", () => {
    const r = promqlThrottled("Rate exceeded", 2);
    expect(r.status).toBe(429);
    expect(r.headers).toMatchObject({ "retry-after": "2", "x-amzn-errortype": "ThrottlingException" });
    expect(JSON.parse(String(r.body))).toEqual({ status: "error", errorType: "ThrottlingException", error: "Rate exceeded" });
  });
});
