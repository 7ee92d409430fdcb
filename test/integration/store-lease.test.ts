import { describe, expect, it } from "vitest";
import { emulatorForLib } from "./emulator";

/** A named lease in the store, as several instances take it. */

emulatorForLib("store-lease");

describe("store leases", () => {
  it("gives a lease to one holder until it runs out, renews it for its holder, and lets another take it after", async () => {
    const { claimLease } = await import("@/lib/store/lease");
    const t = 1_000_000;
    const first = await Promise.all([claimLease("job", 60_000, t, "a"), claimLease("job", 60_000, t, "b")]);
    expect(first.filter(Boolean)).toHaveLength(1);
    const [holder, other] = first[0] ? ["a", "b"] : ["b", "a"];
    expect(await claimLease("job", 60_000, t + 59_999, other)).toBe(false);
    // Its holder renews it: now it runs to t + 90 s.
    expect(await claimLease("job", 60_000, t + 30_000, holder)).toBe(true);
    expect(await claimLease("job", 60_000, t + 60_000, other)).toBe(false);
    expect(await claimLease("job", 60_000, t + 90_000, other)).toBe(true);
    expect(await claimLease("job", 60_000, t + 90_001, holder)).toBe(false);
    // Another name is another lease.
    expect(await claimLease("other", 60_000, t, holder)).toBe(true);
  });
});
