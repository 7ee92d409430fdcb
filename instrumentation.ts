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
  // With a webhook or SNS topic for alerts, every instance checks the triage signals each minute;
  // the store lets one of them send each notice (lib/triage/alerts.ts).
  const { config } = await import("./lib/aws/config");
  // Restore drills move on in every instance's tick; the store's leases give each step to one of them.
  const { tickDrills } = await import("./lib/drills");
  const { toAppError } = await import("./lib/errors");
  let ticking = false;
  setInterval(() => {
    if (ticking) return;
    ticking = true;
    void tickDrills()
      .catch((err) => console.error(`drills: tick failed: ${toAppError(err).message}`))
      .finally(() => (ticking = false));
  }, config().drills.tickS * 1000).unref();
  const { webhookUrl, topicArn } = config().alerts;
  if (webhookUrl || topicArn) {
    const { checkAlerts } = await import("./lib/triage/alerts");
    const { claimLease } = await import("./lib/store/lease");
    // One instance a minute reads the fleet for alerts (the store's alert_state still decides who sends).
    const check = async () => (await claimLease("alerts", 55_000)) && (await checkAlerts());
    setInterval(() => void check().catch((err) => console.error(`alerts: could not check or send: ${toAppError(err).message}`)), 60_000).unref();
  }
}
