/**
 * A token bucket per key: `burst` calls at once, refilled at `perMinute`. In memory, so each
 * dashboard instance counts on its own; enough to stop a runaway script or a stuck button.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  /** Takes a token: 0 when allowed, otherwise the whole seconds until the next token. */
  take(key: string): number {
    const now = this.now();
    const perMs = this.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + (now - b.at) * perMs);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      this.remember(key, b);
      return 0;
    }
    this.remember(key, b);
    return Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
  }

  private remember(key: string, b: { tokens: number; at: number }) {
    if (!this.buckets.has(key) && this.buckets.size >= this.maxKeys) {
      // Forget a bucket that has refilled anyway: that loses nothing.
      for (const [k, v] of this.buckets) {
        if (v.tokens + (this.now() - v.at) * (this.perMinute / 60_000) >= this.burst) {
          this.buckets.delete(k);
          break;
        }
      }
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    }
    this.buckets.set(key, b);
  }
}
