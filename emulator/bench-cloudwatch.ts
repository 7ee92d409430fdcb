import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { DSQL_METRICS, DSQL_NAMESPACE, HOUR_MS } from "./scenario/metrics";
import { startEmulator } from "./server";

/**
 * How fast the emulator answers the benchmark's CloudWatch reads (`npx tsx emulator/bench-cloudwatch.ts`):
 * a 200-cluster fleet, one GetMetricData of 500 queries × 720 hourly points (cold, then warm), the
 * whole fleet's "today" at a one-day period, and 500 queries × 24 h at one minute. Times are the
 * service's own (no HTTP) and, for the first case, through the SDK (HTTP, JSON, SDK parsing: the
 * CPU time then includes the client's side too).
 */

const statFor = (m: string) => (m === "ClusterStorageSize" || m === "CommitLatency" ? "Maximum" : "Sum");

async function main() {
  const emu = await startEmulator({ port: 0, fleet: 200 });
  const cw = emu.cloudwatch;
  // "Cold" here means before the background pre-computation has run; a started emulator warms up
  // within seconds (see /_emulator/health metricsWarm), so the warm figures are the usual case.
  const region = "us-east-1";
  const ids = emu.dsql.all().filter((c) => c.region === region).map((c) => c.identifier);
  const end = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
  const metrics = DSQL_METRICS.filter((m) => m !== "MultiRegionWriteDPU");
  const queries: MetricDataQuery[] = ids
    .flatMap((id, i) =>
      metrics.map((m, j) => ({
        Id: `q${i}_${j}`,
        MetricStat: { Metric: { Namespace: DSQL_NAMESPACE, MetricName: m, Dimensions: [{ Name: "ClusterId", Value: id }] }, Period: 3600, Stat: statFor(m) },
      })),
    )
    .slice(0, 500);
  // Wall time and this process's CPU time (on a busy shared machine the second is the steadier figure).
  const results: Record<string, { wallMs: number; cpuMs: number }> = {};
  const time = async (label: string, f: () => Promise<unknown>) => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await f();
    const c = process.cpuUsage(c0);
    results[label] = { wallMs: Math.round(performance.now() - t0), cpuMs: Math.round((c.user + c.system) / 1000) };
  };
  const month = { StartTime: (end - 30 * 24 * HOUR_MS) / 1000, EndTime: end / 1000, MetricDataQueries: queries };
  await time("month500x720Cold", () => cw.call("GetMetricData", month, region));
  await time("month500x720Warm", () => cw.call("GetMetricData", month, region));
  const sdk = new CloudWatchClient({ region, endpoint: emu.endpoint, credentials: { accessKeyId: "bench", secretAccessKey: "bench" }, maxAttempts: 1 });
  await time("month500x720WarmViaSdkFirstPage", () => sdk.send(new GetMetricDataCommand({ ...month, StartTime: new Date(month.StartTime * 1000), EndTime: new Date(end) })));

  const midnight = Math.floor(Date.now() / (24 * HOUR_MS)) * 24 * HOUR_MS;
  const today = async () => {
    for (const r of emu.regions) {
      const qs = emu.dsql
        .all()
        .filter((c) => c.region === r)
        .flatMap((c, i) => metrics.map((m, j) => ({ Id: `t${i}_${j}`, MetricStat: { Metric: { Namespace: DSQL_NAMESPACE, MetricName: m, Dimensions: [{ Name: "ClusterId", Value: c.identifier }] }, Period: 86_400, Stat: statFor(m) } })));
      for (let k = 0; k < qs.length; k += 500) await cw.call("GetMetricData", { StartTime: midnight / 1000, EndTime: Date.now() / 1000, MetricDataQueries: qs.slice(k, k + 500) }, r);
    }
  };
  await time("fleetTodayCold", today);
  await time("fleetTodayWarm", today);

  const day = { StartTime: (end - 24 * HOUR_MS) / 1000, EndTime: end / 1000, MetricDataQueries: queries.map((q) => ({ ...q, MetricStat: { ...q.MetricStat!, Period: 60 } })) };
  await time("day500x1440Cold", () => cw.call("GetMetricData", day, region));
  await time("day500x1440Warm", () => cw.call("GetMetricData", day, region));
  const warmStart = performance.now();
  while (cw.warm.done < cw.warm.clusters) await new Promise((r) => setTimeout(r, 50));
  results.backgroundWarmUpWall = { wallMs: Math.round(performance.now() - warmStart), cpuMs: 0 };
  console.log(JSON.stringify({ clusters: emu.dsql.all().length, results, rssMb: Math.round(process.memoryUsage().rss / 1e6) }, null, 2));
  await emu.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
