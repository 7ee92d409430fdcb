import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { performance } from "node:perf_hooks";
import { percentile } from "../lib/stats";
// Types only: lib/ itself is loaded after the environment is set.
import type { GetMetricData } from "../lib/metrics/engine";

/**
 * The overview of an organisation-sized fleet: 2,000 clusters over 10 accounts and 3 Regions,
 * the dashboard's own account and 9 others read through their roles (DSQL_OPS_ACCOUNTS). Counts
 * GetMetricData calls per refresh against the minimum (one call per 500 queries, per account and
 * Region), server time cold and warm, and the AssumeRole calls it took. The emulator runs in a
 * process of its own, as CloudWatch is a remote service: its simulation of 10,000 series is not
 * the dashboard's time (on this 2-core machine it still shares the CPUs). Prints one JSON object;
 * `npm run bench` runs it in a process of its own. Alone: `npx tsx --conditions=react-server bench/accounts.ts`.
 */

const FLEET = 2000;
const ACCOUNTS = 10;
const REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-1"];
const WARM_RUNS = 30;
/** An assumed session lasts an hour and the SDK renews it five minutes early. */
const SESSION_RENEWED_EVERY_MIN = 55;

async function main() {
  const { DEMO_EXTERNAL_ID, DEMO_ROLE } = await import("../emulator/scenario/accounts");
  const { generatedAccount } = await import("../emulator/scenario/fleet");
  const child = spawn(process.execPath, [...process.execArgv, path.join(__dirname, "..", "emulator", "main.ts"), "--port", "0", "--fleet", String(FLEET), "--accounts", String(ACCOUNTS)], { stdio: ["ignore", "pipe", "inherit"] });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the emulator exited (${code})`)));
  });
  const emu = { endpoint: (JSON.parse(first) as { endpoint: string }).endpoint };
  const sessionsIssued = async () => ((await (await fetch(`${emu.endpoint}/_emulator/health`)).json()) as { sessionsIssued: number }).sessionsIssued;
  const members = Array.from({ length: ACCOUNTS - 1 }, (_, k) => generatedAccount(k + 1));
  // The dashboard's configuration is read once, when lib/ first asks: set it before.
  Object.assign(process.env, {
    DSQL_OPS_MODE: "local",
    DSQL_OPS_REGIONS: REGIONS.join(","),
    DSQL_OPS_DATA_DIR: `/tmp/dsql-ops-bench-accounts-${process.pid}`,
    DSQL_OPS_ACCOUNTS: JSON.stringify(members.map((id, k) => ({ id, name: `member-${k + 1}`, roleArn: `arn:aws:iam::${id}:role/${DEMO_ROLE}`, externalId: DEMO_EXTERNAL_ID }))),
    AWS_ENDPOINT_URL: emu.endpoint,
    AWS_ACCESS_KEY_ID: "bench",
    AWS_SECRET_ACCESS_KEY: "bench",
    AWS_REGION: "us-east-1",
    AWS_EC2_METADATA_DISABLED: "true",
    // BENCH_MONITORING=1: read the metrics of all accounts from the dashboard's own (cross-account observability).
    DSQL_OPS_MONITORING_ACCOUNT: process.env.BENCH_MONITORING === "1" ? "true" : "false",
  });
  const { listFleet } = await import("../lib/dsql/clusters");
  const { createMetricsEngine, sdkGetMetricData } = await import("../lib/metrics/engine");
  const { fleetUsage, fleetTotals, toFleetUsage } = await import("../lib/metrics/overview");
  const { minimumCalls } = await import("../lib/metrics/planner");

  let calls = 0;
  // The wall-clock time during which at least one GetMetricData call was waiting on the emulator.
  let outstanding = 0;
  let waitingSince = 0;
  let awsWaitMs = 0;
  const recording: GetMetricData = async (scope, input) => {
    calls++;
    if (outstanding++ === 0) waitingSince = performance.now();
    try {
      return await sdkGetMetricData(scope, input);
    } finally {
      if (--outstanding === 0) awsWaitMs += performance.now() - waitingSince;
    }
  };
  // What the overview page does on the server: list the fleet, read the usage, build the rows.
  const overview = async (engine: ReturnType<typeof createMetricsEngine>) => {
    const fleet = await listFleet();
    return usageOf(fleet, engine);
  };
  const usageOf = async (fleet: Awaited<ReturnType<typeof listFleet>>, engine: ReturnType<typeof createMetricsEngine>) => {
    const usage = await fleetUsage(fleet, { engine });
    const failed = fleet.find((r) => r.error) ?? usage.find((u) => u.error);
    if (failed) throw new Error(`the overview failed in ${failed.region} of ${failed.account}: ${failed.error}`);
    const rows = fleet.flatMap((r, i) => r.clusters.map((c) => ({ account: c.account, region: c.region, identifier: c.identifier, name: c.name, usage: toFleetUsage(usage[i].clusters.find((x) => x.identifier === c.identifier)!, usage[i].price) })));
    return { fleet, usage, bytes: Buffer.byteLength(JSON.stringify({ rows, totals: fleetTotals(usage) })) };
  };

  // Prime the emulator's per-hour aggregates with an engine of its own (not counted).
  await overview(createMetricsEngine());
  const { invalidateClusters } = await import("../lib/dsql/clusters");
  invalidateClusters();
  const sessionsBefore = await sessionsIssued();
  calls = 0;
  const engine = createMetricsEngine({ send: recording });
  // Listing is DSQL's part (ListClusters, then GetCluster for each: 2,000 calls); the metrics are CloudWatch's.
  const t0 = performance.now();
  const listed = await listFleet();
  const listMs = performance.now() - t0;
  awsWaitMs = 0;
  const t1 = performance.now();
  const cold = await usageOf(listed, engine);
  const coldMs = performance.now() - t1;
  const coldAwsWaitMs = awsWaitMs;
  const coldCalls = calls;
  const minimum = cold.usage.reduce((n, u) => n + minimumCalls(u.queries), 0);
  const warm: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    const t = performance.now();
    await overview(engine);
    warm.push(performance.now() - t);
  }
  const p = (q: number) => Math.round(10 * percentile(warm, q * 100)) / 10;
  const clusters = cold.fleet.reduce((n, r) => n + r.clusters.length, 0);
  const accountsRead = new Set(cold.fleet.map((r) => r.account)).size;
  const sessionsAfter = await sessionsIssued();
  child.kill();
  const result = {
    mode: process.env.BENCH_MONITORING === "1" ? "monitoring account" : "per account",
    clusters,
    accounts: accountsRead,
    regions: REGIONS.length,
    getMetricDataCalls: coldCalls,
    minimumCalls: minimum,
    accountRegionsWithClusters: cold.usage.filter((u) => u.clusters.length).length,
    /** A cold listing of every cluster (cached ten seconds after). */
    listColdMs: Math.round(listMs),
    /** The overview's CloudWatch part with the fleet listed and the engine's cache empty, wall clock... */
    coldMs: Math.round(coldMs),
    /** ...of which GetMetricData answers were awaited (the emulator computing 10,000 series)... */
    coldAwsWaitMs: Math.round(coldAwsWaitMs),
    /** ...and the rest is the dashboard's own server time. */
    coldServerMs: Math.round(coldMs - coldAwsWaitMs),
    warmP50Ms: p(0.5),
    warmP95Ms: p(0.95),
    warmRuns: WARM_RUNS,
    bytes: cold.bytes,
    // Every session of the run was issued by the one priming pass and reused since (the cache lasts the session).
    assumeRoleCallsThisRun: sessionsAfter,
    assumeRoleCallsAfterPriming: sessionsAfter - sessionsBefore,
    assumeRolePerHour: Math.round(((ACCOUNTS - 1) * 60) / SESSION_RENEWED_EVERY_MIN * 10) / 10,
  };
  console.log(JSON.stringify(result));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error("bench accounts failed:", err);
    process.exit(1);
  },
);
