import "server-only";
import { inStore } from "../store";
import { RateLimiter } from "./rate-limit";

/**
 * The mutation rate limit across instances: one token bucket per key in the store, refilled and
 * taken in a single statement, so two instances behind a load balancer count one user's changes
 * together (an OCC conflict between them rolls the statement back and inStore runs it again, so a
 * retry takes one token, not two). When the store cannot be reached the instance counts on its own
 * rather than refusing every change.
 */
export class SharedRateLimiter {
  private readonly local: RateLimiter;

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.local = new RateLimiter(perMinute, burst, now);
  }

  /** Takes a token: 0 when allowed, otherwise the whole seconds until the next token. */
  async take(key: string): Promise<number> {
    const now = this.now();
    const perMs = this.perMinute / 60_000;
    let row: { tokens: number; last_taken: boolean } | undefined;
    try {
      // refill = min(burst, tokens + elapsed × rate); a token is taken when refill ≥ 1.
      const refill = "LEAST($2::double precision, rate_limits.tokens + GREATEST(0, $3::bigint - rate_limits.at_ms) * $4::double precision)";
      [row] = await inStore((db) =>
        db.query<{ tokens: number; last_taken: boolean }>(
          `INSERT INTO rate_limits (key, tokens, at_ms, last_taken) VALUES ($1, $2::double precision - 1, $3, true)
           ON CONFLICT (key) DO UPDATE SET
             tokens = CASE WHEN ${refill} >= 1 THEN ${refill} - 1 ELSE ${refill} END,
             at_ms = GREATEST(rate_limits.at_ms, $3::bigint),
             last_taken = ${refill} >= 1
           RETURNING tokens, last_taken`,
          [key, this.burst, now, perMs],
        ),
      );
    } catch {
      return this.local.take(key);
    }
    if (!row) return this.local.take(key);
    if (row.last_taken) return 0;
    return Math.max(1, Math.ceil((1 - Number(row.tokens)) / perMs / 1000));
  }
}
