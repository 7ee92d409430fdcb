/**
 * Retrying optimistic-concurrency failures. DSQL aborts a commit that lost a race with SQLSTATE
 * 40001 and an OC000 (data) or OC001 (schema) code in the message; the wording varies, the codes
 * do not. Only idempotent work may be retried: the whole transaction runs again.
 */

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 50, maxDelayMs: 2_000 };

export function isOccConflict(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  if (!e) return false;
  return e.code === "40001" || /\bOC00[01]\b/.test(e.message ?? "");
}

/** Exponential backoff with full jitter: a uniform delay in [0, min(max, base * 2^attempt)). */
export function backoffDelay(attempt: number, policy: RetryPolicy = DEFAULT_RETRY, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

export class OccRetriesExhausted extends Error {
  constructor(
    readonly attempts: number,
    readonly cause: unknown,
  ) {
    super(`The transaction kept conflicting with concurrent writes (OCC) and was given up after ${attempts} attempts; try again, or reduce contention on the same rows`);
  }
}

export async function withRetry<T>(
  work: (attempt: number) => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  random: () => number = Math.random,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work(attempt);
    } catch (err) {
      if (!isOccConflict(err)) throw err;
      if (attempt + 1 >= policy.maxAttempts) throw new OccRetriesExhausted(attempt + 1, err);
      await sleep(backoffDelay(attempt, policy, random));
    }
  }
}
