/**
 * PGlite runs one backend for every connection, so one client's open transaction must keep the
 * others out until it ends. The lock has an owner (a session, or the job runner); the owner may
 * re-enter, everybody else queues in arrival order.
 */
export class SessionLock {
  private owner: unknown = null;
  private readonly waiters: { who: unknown; resolve: () => void }[] = [];

  async acquire(who: unknown): Promise<void> {
    if (this.owner === who) return;
    if (this.owner === null) {
      this.owner = who;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push({ who, resolve }));
  }

  release(who: unknown): void {
    if (this.owner !== who) return;
    const next = this.waiters.shift();
    this.owner = next ? next.who : null;
    next?.resolve();
  }

  holds(who: unknown): boolean {
    return this.owner === who;
  }

  /** Forget a session that went away while queued. */
  drop(who: unknown): void {
    const i = this.waiters.findIndex((w) => w.who === who);
    if (i >= 0) this.waiters.splice(i, 1);
    this.release(who);
  }

  async run<T>(who: unknown, fn: () => Promise<T>): Promise<T> {
    await this.acquire(who);
    try {
      return await fn();
    } finally {
      this.release(who);
    }
  }
}
