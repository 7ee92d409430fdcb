import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { expect, test } from "@playwright/test";
import { root } from "./support/routes";
import { freePort, serveBuild, type ExtraServer } from "./support/server";

/**
 * dsql-ops as a shared service: three instances of the same build behind no load balancer (each
 * on its own port), sharing one store that is a DSQL cluster (the emulator's SQL endpoint, IAM
 * token passwords), against an emulator of their own. What must hold across instances: a restore
 * starts once whichever instances confirm it, even when the instance handling it dies mid-request;
 * one user's changes are rate-limited together; many clients polling the overview cost CloudWatch
 * one call set.
 */

test.describe.configure({ mode: "serial", timeout: 240_000 });

const ACCOUNT = "123456789012";
let emulator: ChildProcess;
let endpoint: string;
const servers: (ExtraServer & { dataDir: string })[] = [];

type EmuCluster = { account: string; region: string; identifier: string; name: string; status: string };
const emuClusters = async () => (await (await fetch(`${endpoint}/_emulator/clusters`)).json()) as EmuCluster[];
const faults = async (method: string, body?: unknown) =>
  ((await (await fetch(`${endpoint}/_emulator/faults`, { method, body: body === undefined ? undefined : JSON.stringify(body) })).json()) as { faults: { injected: number }[] }).faults;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  emulator = spawn(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), path.join(root, "emulator", "main.ts"), "--port", "0", "--time-scale", "60"], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const first = await new Promise<string>((resolve) => createInterface({ input: emulator.stdout! }).once("line", resolve));
  const info = JSON.parse(first) as { endpoint: string; sql: string };
  endpoint = info.endpoint;
  // The store: a cluster of the emulator, reached through its SQL endpoint with IAM tokens.
  const store = (await emuClusters()).find((c) => c.name === "catalog-apac")!;
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    const dataDir = path.join(root, `.data-e2e-instance-${port}`);
    servers.push({
      ...serveBuild(port, {
        DSQL_OPS_MODE: "local",
        DSQL_OPS_DATA_DIR: dataDir,
        DSQL_OPS_STORE_URL: `postgres://admin@${store.identifier}.dsql.${store.region}.on.aws:5432/postgres`,
        DSQL_OPS_SQL_ENDPOINT: info.sql,
        DSQL_OPS_MUTATIONS_PER_MINUTE: "1",
        DSQL_OPS_MUTATION_BURST: "8",
        AWS_ENDPOINT_URL: endpoint,
        AWS_ACCESS_KEY_ID: "instances",
        AWS_SECRET_ACCESS_KEY: "instances",
        AWS_REGION: "us-east-1",
        AWS_EC2_METADATA_DISABLED: "true",
      }),
      dataDir,
    });
  }
  for (const s of servers) {
    await expect.poll(async () => (await fetch(`${s.base}/api/ready`).catch(() => undefined))?.status, { timeout: 120_000, intervals: [1000] }).toBe(200);
  }
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) for (const [i, s] of servers.entries()) await testInfo.attach(`instance ${i} log`, { body: s.log.join(""), contentType: "text/plain" });
});

test.afterAll(async () => {
  for (const s of servers) s.proc.kill("SIGTERM");
  emulator?.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 1000));
  for (const s of servers) rmSync(s.dataDir, { recursive: true, force: true });
});

const post = (base: string, url: string, body: unknown) => fetch(`${base}${url}`, { method: "POST", headers: { origin: base, "content-type": "application/json" }, body: JSON.stringify(body) });

const restoreOf = async (base: string, name: string) => {
  const source = (await emuClusters()).find((x) => x.name === name)!;
  const backups = (await (await fetch(`${base}/api/backups/${ACCOUNT}/${source.region}/${source.identifier}`)).json()) as { points: { arn: string; status: string }[] };
  const point = backups.points.find((p) => p.status === "COMPLETED")!;
  const created = await post(base, "/api/restores", {
    account: ACCOUNT,
    region: source.region,
    clusterId: source.identifier,
    recoveryPointArn: point.arn,
    options: { deletionProtection: false, copySourceTags: false, tags: {} },
  });
  expect(created.status).toBe(200);
  return { source, point, request: ((await created.json()) as { request: { id: string } }).request };
};

test("a restore confirmed on three instances at once starts one job", async () => {
  const [a, b, c] = servers.map((s) => s.base);
  const { source, point, request } = await restoreOf(b, "payments-eu");
  // The request made on B is known to A and C; all three confirm it at once.
  const answers = await Promise.all([a, b, c].map((base) => post(base, `/api/restores/requests/${request.id}/submit`, { confirm: source.identifier })));
  expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
  const jobIds = await Promise.all(answers.map(async (r) => ((await r.json()) as { request: { restoreJobId: string } }).request.restoreJobId));
  expect(new Set(jobIds).size).toBe(1);
  const listed = (await (await fetch(`${c}/api/restores`)).json()) as { jobs: { id: string; recoveryPointArn: string }[] };
  expect(listed.jobs.filter((j) => j.recoveryPointArn === point.arn)).toHaveLength(1);
});

test("an instance killed while confirming a restore loses nothing: another instance finishes it with one job", async () => {
  const [a, b] = servers;
  const { source, point, request } = await restoreOf(b.base, "orders-prod");
  // A dies while it handles the confirmation (before or after it reached AWS Backup).
  const pending = post(a.base, `/api/restores/requests/${request.id}/submit`, { confirm: source.identifier }).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 30));
  a.proc.kill("SIGKILL");
  await pending;
  const again = await post(b.base, `/api/restores/requests/${request.id}/submit`, { confirm: source.identifier });
  expect(again.status).toBe(200);
  const jobId = ((await again.json()) as { request: { restoreJobId: string } }).request.restoreJobId;
  expect(jobId).toBeTruthy();
  const listed = (await (await fetch(`${b.base}/api/restores`)).json()) as { jobs: { id: string; recoveryPointArn: string }[] };
  expect(listed.jobs.filter((j) => j.recoveryPointArn === point.arn).map((j) => j.id)).toEqual([jobId]);
});

test("one user's changes are rate-limited across the instances together", async () => {
  const [, b, c] = servers;
  // Six or seven changes so far (two restores), against a burst of 8 shared by all instances (and
  // one more a minute): of ten more, at most three pass. Counted per instance, B would let three
  // through and C seven.
  const statuses: number[] = [];
  for (let i = 0; i < 10; i++) statuses.push((await post([b, c][i % 2].base, `/api/restores/requests/00000000-0000-4000-8000-00000000000${i % 10}/submit`, { confirm: "x" })).status);
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(7);
  const refused = await post(c.base, "/api/restores/requests/00000000-0000-4000-8000-000000000000/submit", { confirm: "x" });
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
});

test("thirty clients polling the overview over the instances cost CloudWatch what one does", async () => {
  // A zero-latency fault rule on GetMetricData counts the calls the emulator receives.
  await faults("PUT", [{ kind: "latency", latencyMs: 1, service: "monitoring", operation: "GetMetricData" }]);
  // Instance A was killed above: the clients poll the two that are left.
  const living = servers.slice(1);
  const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => fetch(`${living[i % 2].base}/api/metrics/overview`)));
  expect(answers.every((r) => r.status === 200)).toBe(true);
  const [{ injected }] = await faults("GET");
  // One overview needs one call per Region holding clusters (this instance watches its own account).
  const regions = new Set((await emuClusters()).filter((x) => x.account === ACCOUNT).map((x) => x.region)).size;
  expect(injected).toBe(regions);
  await faults("DELETE");
});
