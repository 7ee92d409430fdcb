import { describe, expect, it } from "vitest";
import { SessionLock } from "./lock";

describe("SessionLock", () => {
  it("lets the owner re-enter and queues others in arrival order", async () => {
    const lock = new SessionLock();
    const order: string[] = [];
    await lock.acquire("a");
    await lock.acquire("a");
    const b = lock.acquire("b").then(() => order.push("b"));
    const c = lock.acquire("c").then(() => order.push("c"));
    await Promise.resolve();
    expect(order).toEqual([]);
    lock.release("a");
    await b;
    expect(lock.holds("b")).toBe(true);
    lock.release("b");
    await c;
    expect(order).toEqual(["b", "c"]);
  });

  it("forgets a queued session that went away", async () => {
    const lock = new SessionLock();
    await lock.acquire("a");
    void lock.acquire("gone");
    const c = lock.acquire("c");
    lock.drop("gone");
    lock.release("a");
    await c;
    expect(lock.holds("c")).toBe(true);
  });
});
