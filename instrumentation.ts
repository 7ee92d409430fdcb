/**
 * Runs once when the Next.js server starts. The dashboard's own store (an embedded PostgreSQL in
 * local mode) takes seconds to open, and on a first start to create: it is opened now, in the
 * background, instead of by the first page that needs it (a cluster's Jobs tab, the audit log).
 * A failure here is not fatal; the first page that needs the store reports it.
 */
export async function register(): Promise<void> {
  // Not in the edge runtime, and not while `next build` collects page data (no server then).
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { store } = await import("./lib/store");
  void Promise.resolve()
    .then(store)
    .catch(() => undefined);
  // Every instance writes its count of AWS calls into the store each minute, for the About page.
  const { flushUsage } = await import("./lib/watch-cost");
  setInterval(() => void flushUsage().catch(() => undefined), 60_000).unref();
}
