import { describe, expect, it } from "vitest";
import { emulatorForLib } from "./emulator";

/** The mutation rate limit shared through the store: instances count one user's changes together. */

emulatorForLib("rate-limit");

describe("the shared mutation rate limit", () => {
  it("allows the burst once across two instances, refills at the rate, and keeps users apart", async () => {
    const { SharedRateLimiter } = await import("@/lib/http/shared-rate-limit");
    let t = 1_000_000;
    // Two instances: two limiters with their own memory, one store (3 at once, then 6 a minute).
    const a = new SharedRateLimiter(6, 3, () => t);
    const b = new SharedRateLimiter(6, 3, () => t);
    const waits = [await a.take("ana"), await b.take("ana"), await a.take("ana"), await b.take("ana")];
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    // One token every 10 s: the fourth change waits for it, on whichever instance.
    expect(waits[3]).toBe(10);
    expect(await b.take("vic")).toBe(0);
    t += 10_000;
    expect(await b.take("ana")).toBe(0);
    expect(await a.take("ana")).toBe(10);
  });

  it("counts concurrent changes from both instances exactly", async () => {
    const { SharedRateLimiter } = await import("@/lib/http/shared-rate-limit");
    const t = 5_000_000;
    const a = new SharedRateLimiter(1, 5, () => t);
    const b = new SharedRateLimiter(1, 5, () => t);
    const waits = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).take("burst-user")));
    expect(waits.filter((w) => w === 0)).toHaveLength(5);
  });
});
