import { execFileSync } from "node:child_process";
import type { Scope } from "../lib/aws/scope";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
// Types only: lib/ itself is loaded after the environment is set (see below).
import type { GetMetricData } from "../lib/metrics/engine";
import { mapLimit } from "../lib/concurrency";
import { percentile } from "../lib/stats";

/**
 * `npm run bench`: the emulator in-process with a fleet of 200 clusters in 3 regions, and the
 * two pages that read CloudWatch the most (the fleet overview and a 30-day cluster page) measured
 * through lib/metrics against a naive baseline (one GetMetricStatistics call per cluster and
 * metric) in the same run; the readiness column and the fleet Insights page (PromQL calls per
 * refresh against the fewest CloudWatch's limits allow, cold and warm). Prints JSON and writes bench/results.json.
 *
 * "Cold" is a first request with the dashboard's cache empty; the emulator's own per-hour
 * aggregates are primed first, so it measures the dashboard rather than the simulation
 * (CloudWatch, in production, is a remote service that has its data ready).
 */

const FLEET = 200;
const REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-1"];
const WARM_RUNS = 40;
const NAIVE_RUNS = 3;
/** The naive overview makes 800 calls a run: its repeats stop after this long, so the bench stays under 2 minutes. */
const NAIVE_BUDGET_MS = 15_000;
const NAIVE_CONCURRENCY = 16;

// The dashboard's configuration is read from the environment once: set it before lib/ loads.
Object.assign(process.env, {
  DSQL_OPS_MODE: "local",
  DSQL_OPS_REGIONS: REGIONS.join(","),
  AWS_ACCESS_KEY_ID: "bench",
  AWS_SECRET_ACCESS_KEY: "bench",
  AWS_EC2_METADATA_DISABLED: "true",
  NODE_NO_WARNINGS: "1",
});

const round = (n: number) => Math.round(n * 10) / 10;

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await f();
  return { ms: performance.now() - t, value };
}

/** Runs `f` up to `n` times (at least twice), stopping early once `budgetMs` is spent. */
async function repeat(n: number, f: () => Promise<unknown>, budgetMs = Infinity) {
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < n && (i < 2 || performance.now() - start < budgetMs); i++) times.push((await timed(f)).ms);
  return { warmP50Ms: round(percentile(times, 50)), warmP95Ms: round(percentile(times, 95)), warmRuns: times.length };
}

const started = performance.now();
const progress = (what: string) => console.error(`[bench ${round((performance.now() - started) / 1000)} s] ${what}`);

async function main() {
  const { startEmulator } = await import("../emulator/server");
  const emu = await startEmulator({ fleet: FLEET });
  process.env.AWS_ENDPOINT_URL = emu.endpoint;

  const { GetMetricStatisticsCommand } = await import("@aws-sdk/client-cloudwatch");
  const { cloudWatchClient } = await import("../lib/aws/clients");
  const { listFleet } = await import("../lib/dsql/clusters");
  const { createMetricsEngine, sdkGetMetricData } = await import("../lib/metrics/engine");
  const { minimumCalls } = await import("../lib/metrics/planner");
  const { fleetTotals, fleetUsage, toFleetUsage } = await import("../lib/metrics/overview");
  const { clusterMetrics } = await import("../lib/metrics/cluster");
  const { resolveRange } = await import("../lib/metrics/range");
  const { STAT_METRICS } = await import("../lib/metrics/catalog");
  const { monthBounds } = await import("../lib/cost");

  // Every GetMetricData call the dashboard makes goes through this, per region.
  const calls = new Map<string, number>();
  const recording: GetMetricData = (scope, input) => {
    const key = `${scope.account}/${scope.region}`;
    calls.set(key, (calls.get(key) ?? 0) + 1);
    return sdkGetMetricData(scope, input);
  };
  const totalCalls = () => [...calls.values()].reduce((a, b) => a + b, 0);
  const engine = () => createMetricsEngine({ send: recording });

  progress("emulator up");
  const fleet = await listFleet({ regions: REGIONS });
  const clusters = fleet.reduce((n, r) => n + r.clusters.length, 0);
  if (clusters !== FLEET) throw new Error(`expected ${FLEET} clusters, listed ${clusters}`);

  // ---- overview: dsql-ops -------------------------------------------------------------------
  const overview = async (e: ReturnType<typeof engine>) => {
    const usage = await fleetUsage(fleet, { engine: e });
    const failed = usage.find((u) => u.error);
    if (failed) throw new Error(`overview failed in ${failed.region}: ${failed.error}`);
    // What the page ships: the table rows (cluster fields and usage) and the account totals.
    const rows = fleet.flatMap((r, i) => {
      const u = usage[i];
      return r.clusters.map((c) => ({
        region: c.region,
        identifier: c.identifier,
        name: c.name,
        status: c.status,
        tags: c.tags,
        usage: toFleetUsage(
          u.clusters.find((x) => x.identifier === c.identifier)!,
          u.price,
        ),
      }));
    });
    return { usage, payload: JSON.stringify({ rows, totals: fleetTotals(usage) }) };
  };

  progress("fleet listed");
  await overview(createMetricsEngine()); // prime the emulator's aggregates (not counted)
  progress("emulator primed");
  calls.clear();
  const ovEngine = engine();
  const ovCold = await timed(() => overview(ovEngine));
  const ovCalls = totalCalls();
  const ovQueries = ovCold.value.usage.map((u) => ({ region: u.region, queries: u.queries }));
  const ovMinimum = ovQueries.reduce((n, r) => n + minimumCalls(r.queries), 0);
  const ovWarm = await repeat(WARM_RUNS, () => overview(ovEngine));

  calls.clear();
  const concurrentEngine = engine();
  await Promise.all(Array.from({ length: 10 }, () => overview(concurrentEngine)));
  const concurrent10Calls = totalCalls();

  progress("overview measured");
  // ---- overview: naive ----------------------------------------------------------------------
  const nowMs = Date.now();
  const month = monthBounds(nowMs);
  let gmsCalls = 0;
  const gms = async (region: Scope, cluster: string, metric: keyof typeof STAT_METRICS, startMs: number, endMs: number, period: number) => {
    gmsCalls++;
    const def = STAT_METRICS[metric];
    const r = await cloudWatchClient(region).send(
      new GetMetricStatisticsCommand({
        Namespace: def.namespace,
        MetricName: def.name,
        Dimensions: def.dimensions(cluster),
        StartTime: new Date(startMs),
        EndTime: new Date(endMs),
        Period: period,
        Statistics: [def.stat],
      }),
    );
    return { cluster, metric, datapoints: r.Datapoints ?? [] };
  };
  const naiveOverviewRequests = fleet.flatMap((r) =>
    r.clusters.flatMap((c) => [
      { region: r as Scope, cluster: c.identifier, metric: "TotalDPU" as const, period: 86_400 },
      { region: r as Scope, cluster: c.identifier, metric: "ClusterStorageSize" as const, period: 86_400 },
      // The browser divides conflicts by transactions itself.
      { region: r as Scope, cluster: c.identifier, metric: "OccConflicts" as const, period: 3600 },
      { region: r as Scope, cluster: c.identifier, metric: "TotalTransactions" as const, period: 3600 },
    ]),
  );
  const naiveOverview = () => mapLimit(naiveOverviewRequests, NAIVE_CONCURRENCY, (q) => gms(q.region, q.cluster, q.metric, month.startMs, nowMs, q.period));
  gmsCalls = 0;
  const nvCold = await timed(naiveOverview);
  const nvCalls = gmsCalls;
  const nvWarm = await repeat(NAIVE_RUNS, naiveOverview, NAIVE_BUDGET_MS);

  progress("naive overview measured");
  // ---- cluster page, 30 days ------------------------------------------------------------------
  const region: Scope = fleet.find((r) => r.region === REGIONS[0])!;
  const clusterId = fleet.find((r) => r.region === region.region)!.clusters[0].identifier;
  const range = resolveRange({ range: "30d" }, nowMs);
  await clusterMetrics(region, clusterId, range, { engine: createMetricsEngine() }); // prime the emulator for the 30 days
  calls.clear();
  const cpEngine = engine();
  const cpCold = await timed(() => clusterMetrics(region, clusterId, range, { engine: cpEngine }));
  const cpCalls = totalCalls();
  const cpPlan = cpEngine.plan({
    ...region,
    window: { startMs: range.startMs, endMs: range.endMs },
    series: cpCold.value.panels.flatMap((p) => p.series.map((s) => ({ cluster: clusterId, metric: s.metric }))),
  });
  const cpQueries = cpPlan.plan.queries.length;
  const cpWarm = await repeat(WARM_RUNS, () => clusterMetrics(region, clusterId, range, { engine: cpEngine }));
  const cpBytes = Buffer.byteLength(JSON.stringify(cpCold.value));
  const maxPoints = Math.max(...cpCold.value.panels.flatMap((p) => p.series.map((s) => s.values.length)));

  const period = cpCold.value.period;
  const naiveMetrics = Object.keys(STAT_METRICS) as (keyof typeof STAT_METRICS)[];
  // GetMetricStatistics returns at most 1,440 datapoints a call: the naive page asks for exactly that many.
  const naiveEnd = Math.floor(nowMs / (period * 1000)) * period * 1000;
  const naiveCluster = () => mapLimit(naiveMetrics, NAIVE_CONCURRENCY, (m) => gms(region, clusterId, m, naiveEnd - 1440 * period * 1000, naiveEnd, period));
  gmsCalls = 0;
  const ncCold = await timed(naiveCluster);
  const ncCalls = gmsCalls;
  const ncWarm = await repeat(NAIVE_RUNS, naiveCluster);

  progress("cluster page measured");
  // ---- the overview's readiness column: AWS calls per account and Region, cold then cached ----
  const { fleetReadiness } = await import("../lib/readiness");
  const fleetClusters = fleet.flatMap((r) => r.clusters);
  const beforeReadiness = new Map(emu.calls);
  const rdCold = await timed(() => fleetReadiness(fleetClusters));
  const readinessCalls: Record<string, Record<string, number>> = {};
  for (const [key, n] of emu.calls) {
    const added = n - (beforeReadiness.get(key) ?? 0);
    const [account, region, op] = key.split("/");
    if (added > 0) (readinessCalls[`${account}/${region}`] ??= {})[op] = added;
  }
  const rdWarm = await repeat(WARM_RUNS, () => fleetReadiness(fleetClusters));
  progress("readiness measured");
  // ---- fleet Insights: PromQL calls per refresh against the fewest CloudWatch's limits allow ----
  const { loadFleetInsights } = await import("../lib/insights/fleet");
  const { createPromqlClient } = await import("../lib/metrics/promql");
  const insightsRange = resolveRange({ range: "24h" }, nowMs);
  const queryMetricsCalls = () => [...emu.calls].filter(([k]) => k.endsWith("monitoring:QueryMetrics")).reduce((n, [, c]) => n + c, 0);
  await loadFleetInsights(fleet, insightsRange, createPromqlClient()); // prime the emulator's session series (not counted)
  progress("insights primed");
  const fiClient = createPromqlClient();
  const beforeInsights = queryMetricsCalls();
  const fiCold = await timed(() => loadFleetInsights(fleet, insightsRange, fiClient));
  const fiEmulatorCalls = queryMetricsCalls() - beforeInsights;
  if (fiCold.value.problems.length) throw new Error(`fleet insights failed: ${fiCold.value.problems.map((p) => p.message).join("; ")}`);
  const fiWarm = await repeat(WARM_RUNS, () => loadFleetInsights(fleet, insightsRange, fiClient));
  const fiWarmCalls = queryMetricsCalls() - beforeInsights - fiEmulatorCalls;
  progress("fleet insights measured");
  await emu.close();

  const results: Record<string, unknown> = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, loadAverage1m: round(os.loadavg()[0]) },
    fleet: { clusters, regions: REGIONS },
    overview: {
      "dsql-ops": {
        getMetricDataCalls: ovCalls,
        minimumCalls: ovMinimum,
        coldMs: round(ovCold.ms),
        ...ovWarm,
        bytes: Buffer.byteLength(ovCold.value.payload),
        clusters,
        queries: ovQueries.reduce((n, r) => n + r.queries, 0),
        queriesPerRegion: Object.fromEntries(ovQueries.map((r) => [r.region, r.queries])),
        concurrent10Calls,
      },
      naive: {
        getMetricDataCalls: 0,
        getMetricStatisticsCalls: nvCalls,
        minimumCalls: ovMinimum,
        coldMs: round(nvCold.ms),
        ...nvWarm,
        bytes: Buffer.byteLength(JSON.stringify(nvCold.value)),
        clusters,
        queries: naiveOverviewRequests.length,
      },
    },
    readiness: { coldMs: round(rdCold.ms), ...rdWarm, clusters, callsPerScope: readinessCalls },
    fleetInsights: {
      clusters: fiCold.value.clusters.length,
      rangeHours: 24,
      promqlCalls: fiCold.value.calls,
      emulatorQueryMetricsCalls: fiEmulatorCalls,
      minimumCalls: fiCold.value.minimumCalls,
      coldMs: round(fiCold.ms),
      ...fiWarm,
      warmPromqlCalls: fiWarmCalls,
      bytes: Buffer.byteLength(JSON.stringify(fiCold.value)),
    },
    cluster30d: {
      "dsql-ops": {
        getMetricDataCalls: cpCalls,
        minimumCalls: minimumCalls(cpQueries),
        coldMs: round(cpCold.ms),
        ...cpWarm,
        bytes: cpBytes,
        clusters: 1,
        queries: cpQueries,
        periodS: period,
        maxPointsPerSeries: maxPoints,
      },
      naive: {
        getMetricDataCalls: 0,
        getMetricStatisticsCalls: ncCalls,
        minimumCalls: minimumCalls(cpQueries),
        coldMs: round(ncCold.ms),
        ...ncWarm,
        bytes: Buffer.byteLength(JSON.stringify(ncCold.value)),
        clusters: 1,
        queries: naiveMetrics.length,
      },
    },
  };
  const targets: Record<string, boolean> = {
    overviewCallsAtMinimum: ovCalls === ovMinimum,
    cluster30dCallsAtMinimum: cpCalls === minimumCalls(cpQueries),
    tenConcurrentCostOne: concurrent10Calls === ovCalls,
    overviewWarmP95Under150ms: ovWarm.warmP95Ms < 150,
    overviewColdUnder1500ms: ovCold.ms < 1500,
    cluster30dUnder200kB: cpBytes < 200_000,
    cluster30dSeriesAtMost1500Points: maxPoints <= 1500,
    // The Region's shared reads do not grow with its clusters: one GetMetricData for all their connections and storage.
    fleetInsightsCallsAtMinimum: fiCold.value.calls === fiCold.value.minimumCalls && fiEmulatorCalls === fiCold.value.calls,
    fleetInsightsWarmNoCalls: fiWarmCalls === 0,
    fleetInsightsColdUnder3s: fiCold.ms < 3000,
    fleetInsightsWarmP95Under150ms: fiWarm.warmP95Ms < 150,
    readinessOneMetricsCallPerScope: Object.values(readinessCalls).every((ops) => ops["monitoring:GetMetricData"] === 1),
  };
  results.targets = targets;

  // The migration assessment runs in a process of its own, so that neither this one's heap nor
  // the in-process emulator's timers are measured with it.
  const compat = JSON.parse(execFileSync(process.execPath, [...process.execArgv, path.join(__dirname, "compat.ts")], { encoding: "utf8" })) as { ms: number };
  results.compat = compat;
  targets.schema5MBMedianUnder2s = compat.ms < 2000;

  // 2,000 clusters over 10 accounts, in a process of its own too (its configuration names the accounts).
  progress("accounts: 2,000 clusters over 10 accounts");
  type AccountsRun = { getMetricDataCalls: number; minimumCalls: number; coldServerMs: number; warmP95Ms: number };
  const accountsRun = (monitoring: boolean): AccountsRun =>
    JSON.parse(
      execFileSync(process.execPath, [...process.execArgv, path.join(__dirname, "accounts.ts")], { encoding: "utf8", env: { ...process.env, BENCH_MONITORING: monitoring ? "1" : "0" } })
        .trim()
        .split("\n")
        .at(-1)!,
    ) as AccountsRun;
  const accounts = accountsRun(false);
  results.accounts2000 = accounts;
  targets.accountsOverviewCallsAtMinimum = accounts.getMetricDataCalls === accounts.minimumCalls;
  // Server time: the emulator's simulation of CloudWatch is not the dashboard's (coldMs has both).
  targets.accountsOverviewColdServerUnder1500ms = accounts.coldServerMs < 1500;
  targets.accountsOverviewWarmP95Under150ms = accounts.warmP95Ms < 150;
  progress("accounts, through the monitoring account");
  const monitoring = accountsRun(true);
  results.accounts2000Monitoring = monitoring;
  targets.monitoringOverviewCallsAtMinimum = monitoring.getMetricDataCalls === monitoring.minimumCalls;
  // The cost of watching for an hour: ten tabs over three instances against one tab and against naive polling.
  progress("the cost of watching for an hour");
  const watch = JSON.parse(
    execFileSync(process.execPath, [...process.execArgv, path.join(__dirname, "watch.ts")], { encoding: "utf8" })
      .trim()
      .split("\n")
      .at(-1)!,
  ) as {
    oneTab: { metricsPerHour: number };
    oneTabEveryMinute: { metricsPerHour: number };
    shared: { metricsPerHour: number };
    naive: { metricsPerHour: number };
  };
  results.watchHour = watch;
  targets.sharedWatchEqualsOneTab = watch.shared.metricsPerHour === watch.oneTab.metricsPerHour;
  targets.sharedWatchAtMostFifthOfNaive = watch.shared.metricsPerHour * 5 <= watch.naive.metricsPerHour;
  targets.adaptiveKeepingSavesAThird = watch.oneTab.metricsPerHour * 1.5 <= watch.oneTabEveryMinute.metricsPerHour;
  results.totalSeconds = round((performance.now() - started) / 1000);

  const json = JSON.stringify(results, null, 2);
  writeFileSync(path.join(__dirname, "results.json"), `${json}\n`);
  console.log(json);
  const failed = Object.entries(targets).filter(([, ok]) => !ok);
  if (failed.length) console.error(`targets missed: ${failed.map(([k]) => k).join(", ")}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error("bench failed:", err);
    process.exit(1);
  },
);
