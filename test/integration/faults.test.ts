import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DSQLClient, ListClustersCommand } from "@aws-sdk/client-dsql";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { toAppError } from "../../lib/errors";
import { ACCOUNT_ID } from "../../emulator/scenario/fleet";
import { pointLibAt, withEmulator } from "./emulator";

let emu: Awaited<ReturnType<typeof withEmulator>>;
const dsql = (region = "us-east-1", maxAttempts = 1) => new DSQLClient({ ...emu.clientConfig(region), maxAttempts });
const cw = (region = "us-east-1", maxAttempts = 1) => new CloudWatchClient({ ...emu.clientConfig(region), maxAttempts });

/** The error a call fails with, as the dashboard would show it. */
async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    return { raw: err as Error & { $metadata?: { httpStatusCode?: number } }, app: toAppError(err) };
  }
  throw new Error("the call did not fail");
}

beforeAll(async () => {
  emu = await withEmulator();
  pointLibAt(emu, "faults");
});
afterAll(() => emu.close());
beforeEach(() => emu.faults.clear());

describe("faults as the real SDK sees them", () => {
  it("throttles DSQL with a 429 ThrottlingException the SDK marks retryable", async () => {
    emu.faults.add({ kind: "throttle", service: "dsql", operation: "ListClusters" });
    const { raw, app } = await failure(dsql().send(new ListClustersCommand({})));
    expect(raw.name).toBe("ThrottlingException");
    expect(raw.$metadata?.httpStatusCode).toBe(429);
    expect(app.status).toBe(429);
  });

  it("throttles CloudWatch with the Query-era code Throttling", async () => {
    emu.faults.add({ kind: "throttle", service: "cloudwatch" });
    const { raw, app } = await failure(cw().send(new DescribeAlarmsCommand({})));
    expect(raw.name).toBe("Throttling");
    expect(raw.$metadata?.httpStatusCode).toBe(400);
    expect(app.status).toBe(429);
  });

  it("lets the SDK's retries ride out a short burst of throttling", async () => {
    const [rule] = emu.faults.add({ kind: "throttle", service: "dsql", times: 2 });
    const out = await dsql("us-east-1", 3).send(new ListClustersCommand({}));
    expect(out.clusters?.length).toBeGreaterThan(0);
    expect(emu.faults.list().find((r) => r.id === rule.id)).toBeUndefined();
  });

  it("fails with 5xx as a server error, mapped to 502", async () => {
    emu.faults.add({ kind: "error", status: 500, service: "dsql" });
    const { raw, app } = await failure(dsql().send(new ListClustersCommand({})));
    expect(raw.name).toBe("InternalServerException");
    expect(app.status).toBe(502);
  });

  it("takes one region down while the others answer", async () => {
    emu.faults.add({ kind: "down", region: "eu-west-1" });
    const { app } = await failure(dsql("eu-west-1").send(new ListClustersCommand({})));
    expect(app.status).toBe(503);
    expect(app.message).toMatch(/Cannot reach/);
    await expect(dsql("us-east-1").send(new ListClustersCommand({}))).resolves.toHaveProperty("clusters");
  });

  it("answers malformed JSON that the dashboard reports as unreadable", async () => {
    emu.faults.add({ kind: "malformed", service: "dsql" });
    const { app } = await failure(dsql().send(new ListClustersCommand({})));
    expect(app).toMatchObject({ status: 502, message: "AWS sent a response the dashboard could not read" });
  });

  it("adds latency without failing the call", async () => {
    emu.faults.add({ kind: "latency", latencyMs: 300, service: "dsql" });
    const t0 = Date.now();
    await dsql().send(new ListClustersCommand({}));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
  });

  it("is set and cleared over HTTP", async () => {
    const r = await fetch(`${emu.endpoint}/_emulator/faults`, { method: "POST", body: JSON.stringify({ kind: "error", service: "dsql", region: "ap-northeast-1" }) });
    expect(r.status).toBe(200);
    await expect(dsql("ap-northeast-1").send(new ListClustersCommand({}))).rejects.toMatchObject({ name: "InternalServerException" });
    await fetch(`${emu.endpoint}/_emulator/faults`, { method: "DELETE" });
    await expect(dsql("ap-northeast-1").send(new ListClustersCommand({}))).resolves.toHaveProperty("clusters");
  });
});

describe("the dashboard's fleet listing under faults", () => {
  it("shows the regions that answer and names the one that failed", async () => {
    emu.faults.add({ kind: "down", region: "eu-west-1" });
    const { listFleet, invalidateClusters } = await import("../../lib/dsql/clusters");
    invalidateClusters();
    const fleet = await listFleet({ regions: emu.regions, accounts: [ACCOUNT_ID] });
    const eu = fleet.find((r) => r.region === "eu-west-1")!;
    expect(eu.error).toMatch(/Cannot reach the AWS endpoint/);
    expect(eu.clusters).toEqual([]);
    for (const r of fleet.filter((x) => x.region !== "eu-west-1")) {
      expect(r.error).toBeUndefined();
      expect(r.clusters.length).toBeGreaterThan(0);
    }
  });

  it("recovers once the fault is gone (failures are not cached)", async () => {
    const { listFleet, invalidateClusters } = await import("../../lib/dsql/clusters");
    invalidateClusters();
    emu.faults.add({ kind: "malformed", region: "us-east-2", service: "dsql", times: 1 });
    const first = await listFleet({ regions: ["us-east-2"], accounts: [ACCOUNT_ID] });
    expect(first[0].error).toMatch(/could not read/);
    const second = await listFleet({ regions: ["us-east-2"], accounts: [ACCOUNT_ID] });
    expect(second[0].error).toBeUndefined();
    expect(second[0].clusters.length).toBeGreaterThan(0);
  });
});

describe("faults set at start", () => {
  const root = path.resolve(__dirname, "..", "..") + "/";

  it("are read from --faults by the emulator program", async () => {
    const rule = { kind: "down", region: "eu-west-1", service: "dsql" };
    const p = spawn(process.execPath, [`${root}node_modules/tsx/dist/cli.mjs`, "emulator/main.ts", "--port", "0", "--faults", JSON.stringify([rule])], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const first = await new Promise<string>((resolve) => createInterface({ input: p.stdout! }).once("line", resolve));
      const { endpoint } = JSON.parse(first) as { endpoint: string };
      const { faults } = (await (await fetch(`${endpoint}/_emulator/faults`)).json()) as { faults: object[] };
      expect(faults).toEqual([expect.objectContaining(rule)]);
    } finally {
      p.kill("SIGTERM");
    }
  });

  it("refuse to start with invalid faults", () => {
    const r = spawnSync(process.execPath, [`${root}node_modules/tsx/dist/cli.mjs`, "emulator/main.ts", "--port", "0"], {
      cwd: root,
      env: { ...process.env, DSQL_OPS_EMULATOR_FAULTS: '[{"kind":"meteor"}]' },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--faults: invalid fault/);
  });
});
