import { describe, expect, it } from "vitest";
import { backoffDelay, DEFAULT_RETRY, isOccConflict, OccRetriesExhausted, withRetry, type RetryPolicy } from "./retry";

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 };
const occ = (code: "OC000" | "OC001") => Object.assign(new Error(`change conflicts with another transaction, please retry: (${code})`), { code: "40001" });

describe("which errors are retried", () => {
  it("retries SQLSTATE 40001 and the OC000/OC001 codes, whatever the wording", () => {
    expect(isOccConflict(occ("OC000"))).toBe(true);
    expect(isOccConflict(occ("OC001"))).toBe(true);
    expect(isOccConflict({ code: "40001", message: "could not serialize access" })).toBe(true);
    expect(isOccConflict(new Error("schema has been updated by another transaction, please retry: (OC001)"))).toBe(true);
    expect(isOccConflict(new Error("mutation conflicts with another transaction, retry as needed (OC000)"))).toBe(true);
  });

  it("does not retry other failures", () => {
    for (const e of [
      { code: "23505", message: "duplicate key" },
      { code: "28P01", message: "access denied" },
      { code: "57014", message: "canceling statement" },
      new Error("ECONNREFUSED"),
      undefined,
      null,
    ]) {
      expect(isOccConflict(e)).toBe(false);
    }
    expect(isOccConflict(new Error("see OC0001 in the docs"))).toBe(false);
  });
});

describe("backoff", () => {
  it("draws a full-jitter delay below a ceiling that doubles per attempt and is capped", () => {
    const justBelowOne = () => 0.999999;
    expect(backoffDelay(0, policy, () => 0)).toBe(0);
    expect(backoffDelay(0, policy, justBelowOne)).toBe(99);
    expect(backoffDelay(1, policy, justBelowOne)).toBe(199);
    expect(backoffDelay(2, policy, justBelowOne)).toBe(399);
    expect(backoffDelay(3, policy, justBelowOne)).toBe(799);
    expect(backoffDelay(4, policy, justBelowOne)).toBe(999);
    expect(backoffDelay(30, policy, justBelowOne)).toBe(999);
    expect(backoffDelay(2, policy, () => 0.5)).toBe(200);
  });

  it("stays within [0, ceiling) for any random draw", () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      for (const r of [0, 0.1, 0.5, 0.9, 0.999999]) {
        const d = backoffDelay(attempt, DEFAULT_RETRY, () => r);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(Math.min(DEFAULT_RETRY.maxDelayMs, DEFAULT_RETRY.baseDelayMs * 2 ** attempt));
      }
    }
  });
});

describe("withRetry", () => {
  it("runs the work again after a conflict, sleeping the backoff in between", async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async (attempt) => {
        calls++;
        if (attempt < 2) throw occ("OC000");
        return "ok";
      },
      policy,
      async (ms) => void sleeps.push(ms),
      () => 0.5,
    );
    expect(result).toBe("ok");
    expect(calls).toBe(3);
    expect(sleeps).toEqual([50, 100]);
  });

  it("gives up after maxAttempts with an error that says what happened and keeps the cause", async () => {
    let calls = 0;
    const sleeps: number[] = [];
    const err = await withRetry(
      async () => {
        calls++;
        throw occ("OC001");
      },
      policy,
      async (ms) => void sleeps.push(ms),
      () => 0,
    ).catch((e) => e);
    expect(err).toBeInstanceOf(OccRetriesExhausted);
    expect(err.attempts).toBe(4);
    expect(err.message).toMatch(/4 attempts/);
    expect(err.cause.message).toMatch(/OC001/);
    expect(calls).toBe(4);
    expect(sleeps).toHaveLength(3);
  });

  it("rethrows anything else at once", async () => {
    let calls = 0;
    const dup = Object.assign(new Error("duplicate key"), { code: "23505" });
    await expect(
      withRetry(
        async () => {
          calls++;
          throw dup;
        },
        policy,
        async () => undefined,
      ),
    ).rejects.toBe(dup);
    expect(calls).toBe(1);
  });
});
