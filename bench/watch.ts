import type { GetMetricData, MetricsEngine } from "../lib/metrics/engine";
import type { Loaded, SharedAnswers } from "../lib/metrics/answer";

/**
 * The cost of watching for an hour: 200 clusters in 3 Regions, the overview and triage open in 10
 * tabs spread over 3 instances, each polling every minute, and a cluster page opened every 10
 * minutes. CloudWatch bills GetMetricData per metric requested; the figures count the metric
 * queries sent, against a fake CloudWatch on a simulated clock (no emulator: this measures what the
 * dashboard asks for, not how fast it is answered), and the datapoints asked for. Four ways:
 *   - one tab: one instance, one tab (the reference);
 *   - one tab every minute: the same with every answer kept a minute at most (no adaptive keeping);
 *   - shared: three instances sharing their answers (as through the store), ten tabs;
 *   - naive: ten tabs each asking CloudWatch on every poll (no cache, nothing shared).
 * Prints one JSON object; `npm run bench` runs it in a process of its own.
 */

const CLUSTERS = 200;
const REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-1"];
const TABS = 10;
const INSTANCES = 3;
const MINUTES = 60;
const ACCOUNT = "123456789012";
const PRICE_PER_1000_METRICS = 0.01;

async function main() {
  process.env.DSQL_OPS_MODE = "local";
  const { createMetricsEngine } = await import("../lib/metrics/engine");
  const { TtlCache } = await import("../lib/cache");
  const { regionUsage } = await import("../lib/metrics/overview");
  const { regionMetricFacts } = await import("../lib/triage/metrics");
  const { clusterMetrics } = await import("../lib/metrics/cluster");
  const { resolveRange } = await import("../lib/metrics/range");

  const ids = Array.from({ length: CLUSTERS }, (_, i) => `w${String(i).padStart(25, "0")}`);
  const byRegion = REGIONS.map((region, r) => ({ region, ids: ids.filter((_, i) => i % REGIONS.length === r) }));
  const startMs = Date.UTC(2026, 11, 4, 9, 0, 0);

  /** A run: `instances` engines (each its own cache unless `cache` is off), `tabs` tabs polling, the metrics they make CloudWatch send. */
  async function run(opts: { instances: number; tabs: number; cache: boolean; shared: boolean; maxOpenMs?: number }) {
    let t = startMs;
    let metrics = 0;
    let calls = 0;
    let datapoints = 0;
    const send: GetMetricData = async (_scope, input) => {
      calls++;
      const stats = (input.MetricDataQueries ?? []).filter((q) => q.MetricStat);
      metrics += stats.length;
      const spanS = (input.EndTime!.getTime() - input.StartTime!.getTime()) / 1000;
      datapoints += stats.reduce((n, q) => n + Math.ceil(spanS / q.MetricStat!.Period!), 0);
      return { MetricDataResults: (input.MetricDataQueries ?? []).filter((q) => q.ReturnData !== false).map((q) => ({ Id: q.Id, Timestamps: [], Values: [], StatusCode: "Complete" as const })) };
    };
    // The store, as every instance sees it.
    const answers = new Map<string, { loaded: Loaded; until: number }>();
    const leases = new Map<string, number>();
    const shared: SharedAnswers = {
      get: async (key) => {
        const a = answers.get(key);
        return a && a.until > t ? a.loaded : undefined;
      },
      claim: async (key, leaseMs) => {
        if ((answers.get(key)?.until ?? 0) > t || (leases.get(key) ?? 0) > t) return false;
        leases.set(key, t + leaseMs);
        return true;
      },
      put: async (key, loaded, ttlMs) => {
        answers.set(key, { loaded, until: loaded.loadedAt + ttlMs });
        leases.delete(key);
      },
    };
    const engines: MetricsEngine[] = Array.from({ length: opts.instances }, () =>
      createMetricsEngine({
        send,
        now: () => t,
        maxOpenMs: opts.maxOpenMs,
        cache: opts.cache ? new TtlCache<Loaded>(500, () => t) : new TtlCache<Loaded>(0, () => t),
        shared: opts.shared ? shared : undefined,
      }),
    );
    // Without a cache, every poll asks again: a zero-capacity cache still coalesces, so the naive tabs get an engine each and poll one after another.
    for (let minute = 0; minute < MINUTES; minute++) {
      t = startMs + minute * 60_000;
      for (let tab = 0; tab < opts.tabs; tab++) {
        const engine = opts.cache ? engines[tab % engines.length] : createMetricsEngine({ send, now: () => t, maxOpenMs: 60_000, cache: new TtlCache<Loaded>(1, () => t) });
        const scope = (region: string) => ({ account: ACCOUNT, region });
        await Promise.all(byRegion.map((r) => regionUsage(scope(r.region), r.ids, { engine, nowMs: t, thresholdPct: 5, prices: {} })));
        await Promise.all(
          byRegion.map((r) =>
            regionMetricFacts(
              scope(r.region),
              r.ids.map((identifier) => ({ identifier, createdMs: startMs - 90 * 86_400_000 })),
              { engine, nowMs: t, thresholdPct: 5 },
            ),
          ),
        );
        if (tab === 0 && minute % 10 === 0) await clusterMetrics(scope(REGIONS[0]), ids[minute / 10], resolveRange({ range: "24h" }, t), { engine, nowMs: t });
      }
    }
    return { metricsPerHour: metrics, callsPerHour: calls, datapointsPerHour: datapoints, monthlyUsd: Math.round(((metrics * 24 * 30) / 1000) * PRICE_PER_1000_METRICS * 100) / 100 };
  }

  const oneTab = await run({ instances: 1, tabs: 1, cache: true, shared: false });
  // Every open window's answer kept one minute at most (DSQL_OPS_METRICS_MAX_AGE_S=60): what adaptive keeping saves.
  const oneTabEveryMinute = await run({ instances: 1, tabs: 1, cache: true, shared: false, maxOpenMs: 60_000 });
  const shared = await run({ instances: INSTANCES, tabs: TABS, cache: true, shared: true });
  const naive = await run({ instances: INSTANCES, tabs: TABS, cache: false, shared: false });
  console.log(
    JSON.stringify({
      clusters: CLUSTERS,
      regions: REGIONS.length,
      tabs: TABS,
      instances: INSTANCES,
      minutes: MINUTES,
      oneTab,
      oneTabEveryMinute,
      shared,
      naive,
      sharedOverNaive: Math.round((shared.metricsPerHour / naive.metricsPerHour) * 1000) / 1000,
    }),
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error("bench watch failed:", err);
    process.exit(1);
  },
);
