import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import type { GetMetricData } from "@/lib/metrics/engine";
import { ACCOUNT_ID } from "../../emulator/scenario/fleet";
import { fleetClusterCount, pointLibAt, withEmulator } from "./emulator";

/** lib/triage against the emulator's seeded incidents, through the real SDK. */

let emu: Awaited<ReturnType<typeof withEmulator>>;
const calls: string[] = [];

beforeAll(async () => {
  emu = await withEmulator({ timeScale: 1 });
  pointLibAt(emu, "triage");
});
afterAll(() => emu.close());

const cw = new Map<string, CloudWatchClient>();
const send: GetMetricData = ({ account, region }, input) => {
  const key = `${account}/${region}`;
  calls.push(key);
  const c = cw.get(key) ?? cw.set(key, new CloudWatchClient(account === ACCOUNT_ID ? emu.clientConfig(region) : emu.clientConfigIn(account, region))).get(key)!;
  return c.send(new GetMetricDataCommand(input));
};
let engine: import("@/lib/metrics/engine").MetricsEngine | undefined;

async function triage() {
  const { triageFleet } = await import("../../lib/triage");
  const { createMetricsEngine } = await import("../../lib/metrics/engine");
  engine ??= createMetricsEngine({ send });
  return triageFleet({ engine, nowMs: emu.clock.now() });
}

const named = (r: Awaited<ReturnType<typeof triage>>, name: string, region: string) => [...r.attention, ...r.clean, ...r.unchecked].find((c) => c.name === name && c.region === region)!;

describe("triage of the seeded fleet", () => {
  let report: Awaited<ReturnType<typeof triage>>;
  beforeAll(async () => {
    // The first SQL connections take a while: until they are up, sys.jobs is "not checked yet".
    const deadline = Date.now() + 90_000;
    while ((await triage()).unchecked.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2000));
    // Measured on a fresh engine cache.
    engine = undefined;
    calls.length = 0;
    report = await triage();
  }, 120_000);

  it("reads every account's regions, names the account it could not read, and makes two GetMetricData calls per account and region with clusters (the last hour or two, and the 7-day baselines)", () => {
    const members = emu.identities.organization.accounts.filter((a) => a.status === "ACTIVE");
    expect(report.regions).toHaveLength(members.length * emu.regions.length);
    const sandbox = members.find((a) => a.name === "sandbox")!;
    const failed = report.regions.filter((r) => r.errors.length);
    expect(new Set(failed.map((r) => r.account))).toEqual(new Set([sandbox.id]));
    for (const r of failed) expect(r.errors).toEqual([{ source: "clusters", message: expect.stringMatching(/sts:AssumeRole on arn:aws:iam::456789012345:role\/DsqlOpsReadOnly/) }]);
    expect(calls.sort()).toEqual([...new Set(emu.scenario.clusters.map((c) => `${c.account ?? ACCOUNT_ID}/${c.region}`))].flatMap((k) => [k, k]).sort());
    expect(report.attention.length + report.clean.length + report.unchecked.length).toBe(fleetClusterCount(emu));
  });

  it("finds the OCC incident on orders-prod in us-east-1, with its alarm, on top", () => {
    const orders = named(report, "orders-prod", "us-east-1");
    expect(report.attention[0].identifier).toBe(orders.identifier);
    const occ = orders.signals.find((s) => s.kind === "occ")!;
    expect(occ.evidence.value).toBeGreaterThan(5);
    expect(occ.evidence.baseline).toBe(5);
    expect(orders.signals.find((s) => s.kind === "alarm")?.title).toContain("dsql-occ-rate-");
  });

  it("finds the failed unique index build whose index is still INVALID, with the jobs' advice", async () => {
    const job = named(report, "orders-prod", "us-east-1").signals.find((s) => s.kind === "indexJob")!;
    expect(job.title).toBe("Index build failed: public.customers_email_key is INVALID");
    expect(job.evidence.text).toContain("Found duplicate key");
    expect(job.hint).toMatch(/duplicate/);
  });

  it("finds the DPU spike on payments-eu against the same hour of the previous days", () => {
    const spike = named(report, "payments-eu", "eu-west-1").signals.find((s) => s.kind === "dpuSpike")!;
    expect(spike).toBeDefined();
    expect(spike.evidence.value / spike.evidence.baseline!).toBeGreaterThan(2);
    expect(spike.evidence.baselineLabel).toMatch(/7 previous days/);
  });

  it("finds the query-timeout burst and the stale backup on reporting-eu", () => {
    const reporting = named(report, "reporting-eu", "eu-west-1");
    const kinds = reporting.signals.map((s) => s.kind);
    expect(kinds).toContain("timeouts");
    expect(kinds).toContain("backupStale");
    const stale = reporting.signals.find((s) => s.kind === "backupStale")!;
    expect(stale.evidence.value).toBeGreaterThan(70);
    expect(stale.evidence.baseline).toBe(26);
  });

  it("finds payments-eu's leaked transactions (sessions idle in transaction) from Database Insights", () => {
    const leak = named(report, "payments-eu", "eu-west-1").signals.find((s) => s.kind === "leakedTx")!;
    expect(leak.title).toMatch(/sessions idle in open transactions \(billing-worker\)/);
    expect(leak.evidence.value).toBeGreaterThan(leak.evidence.baseline!);
    expect(leak.evidence.text).toContain("billing-worker as billing");
    expect(named(report, "orders-prod", "us-east-1").signals.some((s) => s.kind === "leakedTx")).toBe(false);
  });

  it("finds nothing on the clean clusters", () => {
    expect(report.jobsError).toBeUndefined();
    const cleanIds = report.clean.map((c) => `${c.region}/${c.name}`);
    expect(cleanIds).toContain("ap-northeast-1/catalog-apac");
    expect(cleanIds).toContain("us-east-2/orders-prod");
    expect(named(report, "catalog-apac", "ap-northeast-1").signals).toEqual([]);
    expect(named(report, "orders-prod", "us-east-2").signals).toEqual([]);
  });

  it("answers a second request from the engine's cache", async () => {
    const before = calls.length;
    const again = await triage();
    expect(again.attention.map((c) => c.identifier)).toEqual(report.attention.map((c) => c.identifier));
    expect(calls.length).toBe(before);
    expect(again.regions.every((r) => r.metricCalls === 0)).toBe(true);
  });
});
