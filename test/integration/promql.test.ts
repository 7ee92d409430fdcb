import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STAGING_ACCOUNT } from "../../emulator/scenario/fleet";
import { withEmulator } from "./emulator";

/**
 * The emulator's Prometheus-compatible query API (CloudWatch PromQL) over HTTP: SigV4-signed calls
 * from an independent client (botocore, as the AWS CLI signs), the scenario's Database Insights
 * series, Prometheus's answer and error shapes, the documented limits, account scoping, faults, and
 * the scan that stops once the seeded index build in sys.jobs completes.
 */

let emu: Awaited<ReturnType<typeof withEmulator>>;
beforeAll(async () => {
  emu = await withEmulator();
});
afterAll(() => emu?.close());

const orders = () => emu.scenario.clusters.find((c) => c.name === "orders-prod" && c.region === "us-east-1")!.identifier;
const sel = (extra = "") => `{"db.active_sessions.avg", "@resource.aws.auroradsql.cluster_id"="${orders()}"${extra && `, ${extra}`}}`;

/** A POST signed by @smithy/signature-v4 for the service `monitoring`, as an AWS SDK would sign it. */
async function call(path: string, params: Record<string, string | string[]>, credentials = { accessKeyId: "test", secretAccessKey: "test" }, region = "us-east-1") {
  const u = new URL(emu.endpoint);
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of [v].flat()) form.append(k, x);
  const body = form.toString();
  const signed = await new SignatureV4({ service: "monitoring", region, credentials, sha256: Sha256 }).sign({
    method: "POST",
    protocol: "http:",
    hostname: u.hostname,
    port: Number(u.port),
    path,
    headers: { host: u.host, "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  const res = await fetch(emu.endpoint + path, { method: "POST", headers: signed.headers, body });
  return { status: res.status, body: await res.json() };
}

const python = (() => {
  try {
    execFileSync("python3", ["-c", "import botocore"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe("CloudWatch PromQL on the emulator", () => {
  it.skipIf(!python)("answers a range query signed by botocore's SigV4Auth (as the AWS CLI signs)", async () => {
    const script = `
import sys, urllib.request, urllib.error
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
url, body = sys.argv[1], sys.argv[2]
req = AWSRequest(method="POST", url=url, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
SigV4Auth(Credentials("test", "test"), "monitoring", "us-east-1").add_auth(req)
try:
    res = urllib.request.urlopen(urllib.request.Request(url, data=body.encode(), headers=dict(req.headers.items()), method="POST"))
    print(res.status); print(res.read().decode())
except urllib.error.HTTPError as e:
    print(e.code); print(e.read().decode())
`;
    const end = Math.floor(Date.now() / 1000);
    const body = new URLSearchParams({ query: `sum by ("db.wait.event") (avg_over_time(${sel()}[1m]))`, start: String(end - 3600), end: String(end), step: "60" }).toString();
    // Asynchronously: the emulator answers from this process's event loop.
    const { stdout } = await promisify(execFile)("python3", ["-c", script, `${emu.endpoint}/api/v1/query_range`, body], { encoding: "utf8" });
    const [status, json] = stdout.split("\n");
    expect(status).toBe("200");
    const answer = JSON.parse(json);
    expect(answer.status).toBe("success");
    expect(answer.data.resultType).toBe("matrix");
    const waits = answer.data.result.map((r: { metric: Record<string, string> }) => r.metric["db.wait.event"]).sort();
    expect(waits).toEqual(["ClientRead", "Commit", "OnCpu", "ScatteredBatchRead", "SequentialScanRead"]);
    for (const r of answer.data.result) expect(r.values.length).toBeGreaterThan(50);
  });

  it("answers instant queries with a vector, topk of statements by load", async () => {
    const r = await call("/api/v1/query", { query: `topk(2, sum by ("db.query.normalized_text") (${sel()}))` });
    expect(r.status).toBe(200);
    expect(r.body.data.resultType).toBe("vector");
    expect(r.body.data.result).toHaveLength(2);
    for (const s of r.body.data.result) {
      expect(Object.keys(s.metric)).toEqual(["db.query.normalized_text"]);
      expect(Number(s.value[1])).toBeGreaterThan(0);
    }
  });

  it("rejects bad queries and parameters as Prometheus does (400 bad_data)", async () => {
    const bad = async (path: string, params: Record<string, string>, pattern: RegExp) => {
      const r = await call(path, params);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ status: "error", errorType: "bad_data" });
      expect(r.body.error).toMatch(pattern);
    };
    await bad("/api/v1/query", { query: "sum(" }, /parse error/);
    await bad("/api/v1/query", { query: `{"@resource.aws.auroradsql.cluster_id"="${orders()}"}` }, /metric by name/);
    await bad("/api/v1/query_range", { query: sel(), start: "1000", end: "2000", step: "nope" }, /step/);
    await bad("/api/v1/query_range", { query: sel(), start: "0", end: String(11_001 * 10), step: "10" }, /11,000 points/);
    await bad("/api/v1/query_range", { query: sel(), start: "0", end: String(25 * 3600), step: "3600" }, /24-hour/);
    await bad("/api/v1/query", { query: sel(), limit: "501" }, /limit/);
  });

  it("cuts an answer at `limit` series, with a warning", async () => {
    const r = await call("/api/v1/query", { query: sel(), limit: "3" });
    expect(r.status).toBe(200);
    expect(r.body.data.result).toHaveLength(3);
    expect(r.body.warnings[0]).toMatch(/truncated/);
  });

  it("lists series and label values, of the caller's own account only", async () => {
    const series = await call("/api/v1/series", { "match[]": sel('"db.wait.event"="ClientRead"') });
    expect(series.body.data.map((s: Record<string, string>) => s["application.name"])).toEqual(["checkout-api"]);
    const apps = await call("/api/v1/label/application.name/values", {});
    expect(apps.status).toBe(405); // GET only for label values
    // GetLabels without match[]: every series of the caller's clusters counts; GetSeries needs it.
    const everyName = await call("/api/v1/labels", {});
    expect(everyName.status).toBe(200);
    expect(everyName.body.data).toEqual(expect.arrayContaining(["__name__", "db.wait.event", "application.name"]));
    const missing = await call("/api/v1/series", {});
    expect(missing).toMatchObject({ status: 400, body: { errorType: "bad_data" } });
    expect(missing.body.error).toMatch(/match\[\]/);
    const names = await call("/api/v1/labels", { "match[]": sel() });
    expect(names.body.data).toEqual(
      expect.arrayContaining(["@resource.aws.auroradsql.cluster_id", "db.wait.event", "db.query.normalized_text", "application.name", "aws.auroradsql.session.role.arn"]),
    );
    // The staging account's caller in eu-west-1 sees its own clusters, not the default account's payments cluster.
    const { clientConfigIn } = emu;
    const staging = clientConfigIn(STAGING_ACCOUNT, "eu-west-1").credentials;
    const clusters = await call("/api/v1/query", { query: `count by ("@resource.aws.auroradsql.cluster_id") ({"db.active_sessions.avg"})` }, staging, "eu-west-1");
    // Its clusters there: reporting-eu, and the copy a past drill left behind (which has sessions of its own).
    const own = emu.dsql.list("eu-west-1", STAGING_ACCOUNT).map((c) => c.identifier);
    expect(own).toContain(emu.scenario.clusters.find((c) => c.name === "reporting-eu")!.identifier);
    expect(own).not.toContain(emu.scenario.clusters.find((c) => c.name === "payments-eu")!.identifier);
    expect(clusters.body.data.result.map((s: { metric: Record<string, string> }) => s.metric["@resource.aws.auroradsql.cluster_id"]).sort()).toEqual([...own].sort());
  });

  it("throttles QueryMetrics when a fault says so", async () => {
    const [rule] = emu.faults.add({ kind: "throttle", service: "monitoring", operation: "QueryMetrics", times: 1 });
    const r = await call("/api/v1/query", { query: sel() });
    // In the Prometheus error shape, like the quota's own refusals (services/promql/quota.ts).
    expect(r.status).toBe(429);
    expect(r.body).toMatchObject({ status: "error", errorType: "ThrottlingException", error: expect.stringContaining("injected fault") });
    emu.faults.remove(rule.id);
  });

  it("stops the reporting scan once the seeded index build in sys.jobs completes", async () => {
    const rec = emu.dsql.all().find((c) => c.identifier === orders())!;
    const db = await emu.sql.database(rec);
    // The seeded build of orders_status_idx is under way at start; move the clock past its end and well beyond.
    emu.clock.advance(15 * 60_000);
    await db.runner.advance();
    const [job] = await db.query<{ status: string; update_time: Date }>("SELECT status, update_time FROM sys.jobs WHERE object_name = 'public.orders_status_idx'");
    expect(job.status).toBe("completed");
    const doneMinute = Math.floor(job.update_time.getTime() / 60_000);
    const end = Math.floor(emu.clock.now() / 60_000) * 60;
    const r = await call("/api/v1/query_range", { query: `sum(avg_over_time(${sel('"db.wait.event"="SequentialScanRead"')}[1m]))`, start: String(end - 20 * 60), end: String(end), step: "60" });
    const points: [number, string][] = r.body.data.result[0].values;
    // Samples are stamped at their minute's start: the minute in which the build ended is the last that scans.
    expect(points.length).toBeGreaterThan(2);
    expect(Math.max(...points.map(([t]) => t / 60))).toBe(doneMinute);
    expect(points.every(([, v]) => Number(v) > 0.1)).toBe(true);
  });
});
