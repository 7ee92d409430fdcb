import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { createMetricsEngine, type GetMetricData } from "@/lib/metrics/engine";
import { clusterMetrics } from "@/lib/metrics/cluster";
import { regionUsage } from "@/lib/metrics/overview";
import { resolveRange } from "@/lib/metrics/range";
import { createMetricAlarm, createOccAlarm, deleteClusterAlarm, listClusterAlarms } from "@/lib/metrics/alarms";
import { GET as metricsGET } from "@/app/api/metrics/[account]/[region]/[id]/route";
import { GET as alarmsGET, POST as alarmsPOST } from "@/app/api/alarms/[account]/[region]/[id]/route";
import { DELETE as alarmDELETE } from "@/app/api/alarms/[account]/[region]/[id]/[name]/route";
import { ACCOUNT_ID } from "../../emulator/scenario/fleet";
import { pointLibAt, withEmulator } from "./emulator";

let emu: Awaited<ReturnType<typeof withEmulator>>;
const clients = new Map<string, CloudWatchClient>();
const cw = (region: string) => clients.get(region) ?? clients.set(region, new CloudWatchClient(emu.clientConfig(region))).get(region)!;
let calls: { region: string; queries: number; token: boolean }[] = [];
const send: GetMetricData = ({ region }, input) => {
  calls.push({ region, queries: input.MetricDataQueries!.length, token: !!input.NextToken });
  return cw(region).send(new GetMetricDataCommand(input));
};
const seeded = (name: string, region: string) => emu.scenario.clusters.find((c) => c.name === name && c.region === region)!;
/** The account and Region of a seeded cluster, as lib/ names them. */
const scopeOf = (c: { account?: string; region: string }) => ({ account: c.account ?? ACCOUNT_ID, region: c.region });

beforeAll(async () => {
  // The incidents are placed around an anchor 10 minutes ago (not the start of the hour), so the
  // ones under way stay under way through this suite's clock advances, whatever the minute it starts.
  emu = await withEmulator({ timeScale: 1000, anchorMs: Date.now() - 10 * 60_000 });
  // The route handlers use lib/'s own configuration and clients: point them at this emulator.
  pointLibAt(emu, "metrics");
});
afterAll(() => emu.close());

describe("metrics engine against the emulator", () => {
  it("reads a cluster page's panels in one call, with the OCC incident above 5 %", async () => {
    calls = [];
    const engine = createMetricsEngine({ send });
    const orders = seeded("orders-prod", "us-east-1");
    const now = emu.clock.now();
    const m = await clusterMetrics(scopeOf(orders), orders.identifier, resolveRange({ range: "3h" }, now), { engine, nowMs: now, thresholdPct: 5 });
    expect(calls).toHaveLength(1);
    expect(m.period).toBe(60);
    const occ = m.panels.find((p) => p.id === "occ")!;
    expect(occ.status).toBe("complete");
    // The seeded hot-key incident started two hours ago and is still going on.
    expect(m.occ.state).toBe("alarm");
    expect(m.occ.ratePct!).toBeGreaterThan(5);
    const dpu = m.panels.find((p) => p.id === "dpu")!;
    expect(dpu.series.map((s) => s.metric)).toEqual(["ReadDPU", "WriteDPU", "ComputeDPU", "MultiRegionWriteDPU", "TotalDPU"]);
    // Multi-region cluster: its own metrics carry the multi-region write DPUs.
    expect(dpu.series[3].values.some((v) => (v ?? 0) > 0)).toBe(true);
    const conns = m.panels.find((p) => p.id === "connections")!;
    expect(conns.series[0].values.some((v) => (v ?? 0) > 0)).toBe(true);
    expect(m.idle).toBe(false);
    expect(m.price).toMatchObject({ known: true, dpuPerMillion: 8 });
  });

  it("shows an idle cluster as no activity (zeros), not as an error", async () => {
    const engine = createMetricsEngine({ send });
    const idle = seeded("analytics-dev", "us-east-1");
    const now = emu.clock.now();
    const m = await clusterMetrics(scopeOf(idle), idle.identifier, resolveRange({ range: "1h" }, now), { engine, nowMs: now });
    expect(m.idle).toBe(true);
    expect(m.panels.every((p) => p.status === "complete")).toBe(true);
    const total = m.panels.find((p) => p.id === "dpu")!.series[4].values;
    // Zeros, except the newest buckets, still within CloudWatch's publishing delay: unknown, not zero.
    expect(total.filter((v) => v === 0).length).toBeGreaterThanOrEqual(55);
    expect(total.every((v, i) => v === 0 || (v === null && i >= total.length - 4))).toBe(true);
    expect(m.occ.state).toBe("idle");
  });

  it("keeps a 30-day page under the point cap and the payload small", async () => {
    const engine = createMetricsEngine({ send });
    const orders = seeded("orders-prod", "us-east-1");
    const now = emu.clock.now();
    const m = await clusterMetrics(scopeOf(orders), orders.identifier, resolveRange({ range: "30d" }, now), { engine, nowMs: now });
    expect(m.period).toBe(1800);
    for (const p of m.panels) for (const s of p.series) expect(s.values.length).toBeLessThanOrEqual(1500);
    expect(JSON.stringify(m).length).toBeLessThan(200_000);
  });

  it("batches a region's overview into one call and prices it", async () => {
    calls = [];
    const engine = createMetricsEngine({ send });
    const ids = emu.scenario.clusters.filter((c) => c.region === "us-east-1").map((c) => c.identifier);
    const r = await regionUsage({ account: ACCOUNT_ID, region: "us-east-1" }, ids, { engine, thresholdPct: 5, prices: {} });
    expect(calls).toHaveLength(1);
    expect(r.calls).toBe(1);
    const orders = r.clusters.find((c) => c.identifier === seeded("orders-prod", "us-east-1").identifier)!;
    expect(orders.dpuToday).toBeGreaterThan(0);
    expect(orders.mtd.dpu).toBeGreaterThanOrEqual(orders.dpuToday);
    expect(orders.mtd.total!).toBeCloseTo((orders.mtd.dpu * 8) / 1e6 + orders.mtd.gbMonths * 0.33, 6);
    expect(orders.forecast.total!).toBeGreaterThanOrEqual(orders.mtd.total!);
    expect(orders.occ.state).toBe("alarm");
    const idle = r.clusters.find((c) => c.identifier === seeded("analytics-dev", "us-east-1").identifier)!;
    expect(idle.dpuToday).toBe(0);
    expect(idle.occ.state).toBe("idle");
    expect(idle.status).toBe("complete");

    // Unknown price: dollars are null, never us-east-1's.
    const eu = await regionUsage(
      { account: ACCOUNT_ID, region: "eu-west-1" },
      emu.scenario.clusters.filter((c) => c.region === "eu-west-1").map((c) => c.identifier),
      { engine, prices: {} },
    );
    expect(eu.price.known).toBe(false);
    expect(eu.clusters[0].mtd.total).toBeNull();
    expect(eu.clusters[0].mtd.dpu).toBeGreaterThan(0);
  });

  it("coalesces ten identical overview requests into one request's calls", async () => {
    calls = [];
    const engine = createMetricsEngine({ send });
    const ids = emu.scenario.clusters.filter((c) => c.region === "eu-west-1").map((c) => c.identifier);
    await Promise.all(Array.from({ length: 10 }, () => regionUsage({ account: ACCOUNT_ID, region: "eu-west-1" }, ids, { engine, prices: {} })));
    expect(calls).toHaveLength(1);
  });

  it("follows NextToken pages from the emulator", async () => {
    calls = [];
    const small: GetMetricData = (scope, input) => send(scope, { ...input, MaxDatapoints: 50 });
    const engine = createMetricsEngine({ send: small });
    const orders = seeded("orders-prod", "us-east-1");
    const now = emu.clock.now();
    // The same request, whole and paged.
    const request: Parameters<typeof engine.fetch>[0] = {
      account: ACCOUNT_ID,
      region: "us-east-1",
      window: { startMs: now - 3 * 3_600_000, endMs: now },
      series: [
        { cluster: orders.identifier, metric: "TotalDPU" },
        { cluster: orders.identifier, metric: "CommitLatency" },
      ],
    };
    const whole = await createMetricsEngine({ send }).fetch(request);
    calls = [];
    const paged = await engine.fetch(request);
    expect(calls.length).toBeGreaterThan(3);
    expect(calls.slice(1).every((c) => c.token)).toBe(true);
    expect(paged.series.map((s) => s.status)).toEqual(["complete", "complete"]);
    expect(paged.series[1].points).toEqual(whole.series[1].points);
  });
});

describe("alarms against the emulator", () => {
  it("notifies the chosen SNS topics when the alarm goes to ALARM, and lists whom it notifies", async () => {
    const orders = seeded("orders-prod", "us-east-1");
    const scope = scopeOf(orders);
    const { listTopics } = await import("@/lib/metrics/topics");
    const topics = await listTopics(scope);
    const oncall = topics.find((t) => t.name === "dsql-ops-oncall")!;
    const info = topics.find((t) => t.name === "dsql-ops-info")!;
    expect(oncall.arn).toBe(`arn:aws:sns:us-east-1:${ACCOUNT_ID}:dsql-ops-oncall`);
    // The seeded OCC incident on orders-prod is above 5 %: the alarm fires within a few periods.
    const name = await createOccAlarm(scope, orders.identifier, { thresholdPct: 5, periodS: 60, alarmTopics: [oncall.arn], okTopics: [info.arn] });
    const before = ((await (await fetch(`${emu.endpoint}/_emulator/sns/messages`)).json()) as unknown[]).length;
    emu.clock.advance(6 * 60_000);
    const alarm = (await listClusterAlarms(scope, orders.identifier)).find((a) => a.name === name)!;
    expect(alarm.state).toBe("ALARM");
    expect(alarm.actions).toEqual({ alarm: [oncall.arn], ok: [info.arn], enabled: true });
    const sent = ((await (await fetch(`${emu.endpoint}/_emulator/sns/messages`)).json()) as { topicArn: string; subject: string; message: string }[]).slice(before);
    const toOncall = sent.filter((m) => m.topicArn === oncall.arn);
    expect(toOncall).toHaveLength(1);
    expect(toOncall[0].subject).toBe(`ALARM: "${name}" in us-east-1`);
    expect(JSON.parse(toOncall[0].message)).toMatchObject({ AlarmName: name, NewStateValue: "ALARM", OldStateValue: "INSUFFICIENT_DATA", Region: "us-east-1" });
    expect(sent.filter((m) => m.topicArn === info.arn)).toEqual([]);
    await deleteClusterAlarm(scope, orders.identifier, name);
  });

  it("suggests thresholds from a cluster's week, and a query-timeout alarm fires on the seeded burst", async () => {
    const { suggestThresholds } = await import("@/lib/metrics/alarm-suggestions");
    const reporting = seeded("reporting-eu", "eu-west-1");
    const scope = scopeOf(reporting);
    const s = await suggestThresholds(scope, reporting.identifier);
    // The burst of timeouts is in the week: the suggestion sits above it, and says so.
    expect(s.timeouts.value).toBeGreaterThan(1);
    expect(s.timeouts.grounds).toMatch(/most timeouts in 5 minutes/);
    expect(s.latency.value).toBeGreaterThanOrEqual(10);
    const name = await createMetricAlarm(scope, reporting.identifier, "timeouts", { threshold: 1, periodS: 60 });
    expect(name).toBe(`dsql-ops-query-timeouts-${reporting.identifier}`);
    emu.clock.advance(3 * 60_000);
    const alarm = (await listClusterAlarms(scope, reporting.identifier)).find((a) => a.name === name)!;
    expect([alarm.kind, alarm.managed, alarm.state]).toEqual(["timeouts", true, "ALARM"]);
    expect(alarm.condition).toMatch(/QueryTimeouts > 1/);
    await deleteClusterAlarm(scope, reporting.identifier, name);
  });

  it("creates the OCC and DPU alarms for a cluster, lists them with state, and deletes them", async () => {
    const region = "eu-west-1";
    const payments = seeded("payments-eu", region);
    const other = seeded("reporting-eu", region);
    const occName = await createOccAlarm(scopeOf(payments), payments.identifier, { thresholdPct: 5, periodS: 60 });
    const dpuName = await createMetricAlarm(scopeOf(payments), payments.identifier, "dpu", { threshold: 1, periodS: 60 });
    const alarms = await listClusterAlarms(scopeOf(payments), payments.identifier);
    const names = alarms.map((a) => a.name);
    expect(names).toContain(occName);
    expect(names).toContain(dpuName);
    const occ = alarms.find((a) => a.name === occName)!;
    expect(occ.kind).toBe("occ");
    expect(occ.condition).toBe("OCC conflict rate (%) > 5 for 3 of 5 × 60 s");
    expect(["OK", "ALARM", "INSUFFICIENT_DATA"]).toContain(occ.state);
    // Another cluster's page does not see them.
    expect((await listClusterAlarms(scopeOf(other), other.identifier)).map((a) => a.name)).not.toContain(occName);
    // Nor can it delete them.
    await expect(deleteClusterAlarm(scopeOf(other), other.identifier, occName)).rejects.toMatchObject({ status: 404 });
    await deleteClusterAlarm(scopeOf(payments), payments.identifier, occName);
    await deleteClusterAlarm(scopeOf(payments), payments.identifier, dpuName);
    expect((await listClusterAlarms(scopeOf(payments), payments.identifier)).map((a) => a.name)).not.toContain(occName);
  });
});

describe("metrics and alarms routes", () => {
  const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });
  const origin = "http://127.0.0.1:3000";
  const json = (method: string, body: unknown) => ({ method, headers: { "content-type": "application/json", origin, host: "127.0.0.1:3000" }, body: JSON.stringify(body) });

  it("serves a cluster's metrics, and names the field of a bad range", async () => {
    const id = seeded("catalog-apac", "ap-northeast-1").identifier;
    const ok = await metricsGET(new Request(`${origin}/api/metrics/${ACCOUNT_ID}/ap-northeast-1/${id}?range=1h`), ctx({ account: ACCOUNT_ID, region: "ap-northeast-1", id }));
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.range.key).toBe("1h");
    expect(body.panels.map((p: { id: string }) => p.id)).toContain("occ");

    const bad = await metricsGET(new Request(`${origin}/api/metrics/${ACCOUNT_ID}/ap-northeast-1/${id}?range=2h`), ctx({ account: ACCOUNT_ID, region: "ap-northeast-1", id }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/"range"/);
    const half = await metricsGET(new Request(`${origin}/api/metrics/${ACCOUNT_ID}/ap-northeast-1/${id}?to=2026-11-01T00:00Z`), ctx({ account: ACCOUNT_ID, region: "ap-northeast-1", id }));
    expect(half.status).toBe(400);
    expect((await half.json()).error).toMatch(/"from"/);
    const unwatched = await metricsGET(new Request(`${origin}/api/metrics/${ACCOUNT_ID}/sa-east-1/${id}`), ctx({ account: ACCOUNT_ID, region: "sa-east-1", id }));
    expect(unwatched.status).toBe(404);
  });

  it("refuses an alarm notifying a topic of another Region or account, before creating anything", async () => {
    const region = "ap-northeast-1";
    const id = seeded("catalog-apac", region).identifier;
    const post = (alarmTopics: string[]) =>
      alarmsPOST(new Request(`${origin}/api/alarms/${ACCOUNT_ID}/${region}/${id}`, json("POST", { kind: "dpu", threshold: 10, periodS: 300, alarmTopics })), ctx({ account: ACCOUNT_ID, region, id }));
    const elsewhere = await post([`arn:aws:sns:us-east-1:${ACCOUNT_ID}:dsql-ops-oncall`]);
    expect(elsewhere.status).toBe(400);
    expect((await elsewhere.json()).error).toMatch(/is not an SNS topic of account 123456789012 in ap-northeast-1/);
    expect((await post(["not-an-arn"])).status).toBe(400);
    expect((await post(Array.from({ length: 6 }, (_, i) => `arn:aws:sns:${region}:${ACCOUNT_ID}:t${i}`))).status).toBe(400);
    const list = await (await alarmsGET(new Request(`${origin}/api/alarms/${ACCOUNT_ID}/${region}/${id}`), ctx({ account: ACCOUNT_ID, region, id }))).json();
    expect(list.alarms.filter((a: { name: string }) => a.name.startsWith("dsql-ops-dpu-spike-"))).toEqual([]);
  });

  it("creates, lists and deletes an alarm through the routes, refusing bad input and foreign origins", async () => {
    const region = "ap-northeast-1";
    const id = seeded("catalog-apac", region).identifier;
    const bad = await alarmsPOST(
      new Request(`${origin}/api/alarms/${ACCOUNT_ID}/${region}/${id}`, json("POST", { kind: "occ", thresholdPct: 5, periodS: 120 })),
      ctx({ account: ACCOUNT_ID, region, id }),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/periodS/);
    const foreign = await alarmsPOST(
      new Request(`${origin}/api/alarms/${ACCOUNT_ID}/${region}/${id}`, {
        ...json("POST", { kind: "dpu", threshold: 10, periodS: 300 }),
        headers: { "content-type": "application/json", origin: "https://evil.example", host: "127.0.0.1:3000" },
      }),
      ctx({ account: ACCOUNT_ID, region, id }),
    );
    expect(foreign.status).toBe(403);
    const missing = await alarmsPOST(
      new Request(`${origin}/api/alarms/${ACCOUNT_ID}/${region}/${"z".repeat(26)}`, json("POST", { kind: "dpu", threshold: 10, periodS: 300 })),
      ctx({ account: ACCOUNT_ID, region, id: "z".repeat(26) }),
    );
    expect(missing.status).toBe(404);

    const created = await alarmsPOST(
      new Request(`${origin}/api/alarms/${ACCOUNT_ID}/${region}/${id}`, json("POST", { kind: "dpu", threshold: 10, periodS: 300 })),
      ctx({ account: ACCOUNT_ID, region, id }),
    );
    expect(created.status).toBe(200);
    const { name } = await created.json();
    const list = await (await alarmsGET(new Request(`${origin}/api/alarms/${ACCOUNT_ID}/${region}/${id}`), ctx({ account: ACCOUNT_ID, region, id }))).json();
    expect(list.alarms.map((a: { name: string }) => a.name)).toContain(name);
    const del = await alarmDELETE(
      new Request(`${origin}/api/alarms/${ACCOUNT_ID}/${region}/${id}/${name}`, { method: "DELETE", headers: { origin, host: "127.0.0.1:3000" } }),
      ctx({ account: ACCOUNT_ID, region, id, name }),
    );
    expect(del.status).toBe(200);
    const again = await alarmDELETE(
      new Request(`${origin}/api/alarms/${ACCOUNT_ID}/${region}/${id}/${name}`, { method: "DELETE", headers: { origin, host: "127.0.0.1:3000" } }),
      ctx({ account: ACCOUNT_ID, region, id, name }),
    );
    expect(again.status).toBe(404);
  });
});
