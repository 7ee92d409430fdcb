/**
 * A small TTL cache with in-flight coalescing: concurrent callers asking for the same key share
 * one promise, so ten open browser tabs cost AWS what one does. Failures are not cached.
 */
export class TtlCache<T> {
  private readonly entries = new Map<string, { value: T; expires: number }>();
  private readonly inFlight = new Map<string, Promise<T>>();

  constructor(
    private readonly maxEntries = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** `ttlMs` may depend on the value (an answer that was already some time old when loaded). */
  async get(key: string, ttlMs: number | ((value: T) => number), load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > this.now()) return hit.value;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const p = load()
      .then((value) => {
        const ttl = typeof ttlMs === "function" ? ttlMs(value) : ttlMs;
        if (ttl > 0) {
          if (this.entries.size >= this.maxEntries) this.evict();
          this.entries.set(key, { value, expires: this.now() + ttl });
        }
        return value;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  private evict() {
    const now = this.now();
    for (const [k, e] of this.entries) if (e.expires <= now) this.entries.delete(k);
    // Still full: drop the oldest insertions (Map keeps insertion order).
    for (const k of this.entries.keys()) {
      if (this.entries.size < this.maxEntries) break;
      this.entries.delete(k);
    }
  }
}
