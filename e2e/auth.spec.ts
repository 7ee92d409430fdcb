import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { startFakeAlb, TEST_ALB_ARN, type FakeAlb } from "../test/support/alb";
import { emulatorEndpoint } from "./support/emulator";
import { freePort, serveBuild } from "./support/server";
import { apiRoutes, build, dynamicNames, root } from "./support/routes";

/**
 * The dashboard in proxy auth mode, as deployed behind an ALB with OIDC or oauth2-proxy: a second
 * server on the same build and emulator, with an ES256 key served locally in place of the ALB's
 * key endpoint. Also checks that no credential reaches the browser or the server log.
 */

// Distinctive fake credentials, so a leak is unmistakable.
const ACCESS_KEY = "AKIAE2ELEAKCHECK0001";
const SECRET_KEY = "e2eLeakCheckSecret/0123456789abcdefXYZ";

let alb: FakeAlb;
let server: ChildProcess;
let base: string;
let dataDir: string;
let log: string[] = [];
let clusterId: string;

// Serial, on a second server that compiles each page on first use: allow for a slow machine.
test.describe.configure({ mode: "serial", timeout: 180_000 });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  alb = await startFakeAlb();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  dataDir = path.join(root, `.data-e2e-auth-${port}`);
  const emulator = emulatorEndpoint();
  const started = serveBuild(port, {
    DSQL_OPS_MODE: "local",
    DSQL_OPS_AUTH: "proxy",
    DSQL_OPS_ALB_ARN: TEST_ALB_ARN,
    DSQL_OPS_ALB_KEY_URL: alb.keyUrl,
    DSQL_OPS_TRUSTED_PROXIES: "127.0.0.1",
    DSQL_OPS_GROUP_ROLES: "dba=operator",
    DSQL_OPS_MUTATIONS_PER_MINUTE: "1",
    DSQL_OPS_MUTATION_BURST: "3",
    DSQL_OPS_DATA_DIR: dataDir,
    AWS_ENDPOINT_URL: emulator,
    AWS_ACCESS_KEY_ID: ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: SECRET_KEY,
    AWS_REGION: "us-east-1",
    AWS_EC2_METADATA_DISABLED: "true",
  });
  server = started.proc;
  log = started.log;
  await expect.poll(async () => (await fetch(`${base}/api/audit`).catch(() => undefined))?.status, { timeout: 90_000, intervals: [500] }).toBe(401);
  const clusters = (await (await fetch(`${emulator}/_emulator/clusters`)).json()) as { region: string; identifier: string; status: string }[];
  clusterId = clusters.find((c) => c.region === "us-east-1" && c.status === "ACTIVE")!.identifier;
  // Opens the audit store (an unauthenticated attempt is audited too), so tests do not wait for it.
  expect((await fetch(`${base}/api/backups/123456789012/us-east-1/${clusterId}`, { method: "POST", headers: { origin: base } })).status).toBe(401);
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach("server log", { body: log.join(""), contentType: "text/plain" });
});

test.afterAll(async () => {
  server?.kill("SIGTERM");
  await alb?.close();
  await new Promise((r) => setTimeout(r, 500));
  rmSync(dataDir, { recursive: true, force: true });
});

const viewerToken = () => alb.token({ sub: "v-1", email: "vic@example.com", groups: ["readers"] });
const operatorToken = () => alb.token({ sub: "o-1", email: "ana@example.com", groups: ["dba"] });
const as = (token: string, extra: Record<string, string> = {}) => ({ "x-amzn-oidc-data": token, ...extra });

async function contextFor(browser: Browser, token: string) {
  return browser.newContext({ baseURL: base, extraHTTPHeaders: as(token) });
}

/** A URL for a route with plausible values: the seeded cluster, otherwise an unknown id. */
function urlFor(r: ReturnType<typeof apiRoutes>[number]): string {
  return build(r, Object.fromEntries(dynamicNames(r).map((n) => [n, /region/i.test(n) ? "us-east-1" : n === "id" || n === "clusterId" ? clusterId : "00000000-0000-4000-8000-000000000000"])));
}

test("without an identity, pages and the API answer 401", async ({ request }) => {
  const page = await request.get(`${base}/`);
  expect(page.status()).toBe(401);
  expect(await page.text()).toContain("Not signed in");
  const api = await request.get(`${base}/api/audit`);
  expect(api.status()).toBe(401);
  expect((await api.json()).error).toMatch(/Not signed in/);
});

test("ALB tokens that fail verification are refused with the reason", async ({ request }) => {
  const cases: [Promise<string>, RegExp][] = [
    [alb.token({ email: "x@example.com" }, { exp: Math.floor(Date.now() / 1000) - 3600 }), /expired/],
    [alb.token({ email: "x@example.com" }, { signer: TEST_ALB_ARN.replace("dsql-ops", "someone-else") }), /another load balancer/],
    [alb.token({ email: "x@example.com", groups: ["dba"] }, {}, { key: alb.otherKey }), /signature/],
    [alb.token({ email: "x@example.com" }, { alg: "HS256" }), /not ES256/],
  ];
  for (const [token, why] of cases) {
    const r = await request.get(`${base}/api/audit`, { headers: as(await token) });
    expect(r.status()).toBe(401);
    expect((await r.json()).error).toMatch(why);
  }
});

test("a viewer signed in through the ALB reads, and every mutation route refuses them with the reason", async ({ browser, request }) => {
  const token = await viewerToken();
  const ctx = await contextFor(browser, token);
  const page = await ctx.newPage();
  await page.goto("/");
  await expect(page.getByTestId("current-user")).toHaveText("vic@example.com · viewer");
  await expect(page.getByTestId("fleet-row").first()).toBeVisible();

  const mutations = apiRoutes().filter((r) => r.mutation);
  expect(mutations.length).toBeGreaterThan(0);
  for (const r of mutations) {
    for (const method of r.methods.filter((m) => m !== "GET")) {
      const res = await request.fetch(`${base}${urlFor(r)}`, { method, headers: { ...as(token), origin: base, "content-type": "application/json" }, data: "{}" });
      expect(res.status(), `${method} ${r.file}`).toBe(403);
      expect((await res.json()).error, `${method} ${r.file}`).toMatch(/needs the operator role; vic@example\.com is a viewer/);
    }
  }

  // The UI does not offer what a viewer may not do.
  await page.goto(`/clusters/123456789012/us-east-1/${clusterId}/backups`);
  await expect(page.getByText("Backups and restores are started by operators")).toBeVisible();
  await expect(page.getByTestId("backup-now")).toHaveCount(0);

  const audit = await page.goto("/audit");
  expect(audit?.status()).toBe(403);
  await expect(page.getByTestId("forbidden")).toContainText("Operators only");
  await ctx.close();
});

test("the Origin check refuses changes from elsewhere, even for an operator", async ({ request }) => {
  const r = apiRoutes().find((x) => x.mutation && x.methods.includes("POST"))!;
  const url = `${base}${urlFor(r)}`;
  const headers = { ...as(await operatorToken()), "content-type": "application/json" };
  const evil = await request.post(url, { headers: { ...headers, origin: "https://evil.example" }, data: "{}" });
  expect(evil.status()).toBe(403);
  expect((await evil.json()).error).toMatch(/must come from the dashboard itself/);
  const none = await request.post(url, { headers, data: "{}" });
  expect(none.status()).toBe(403);
});

test("oauth2-proxy headers count from a trusted proxy address, and map groups to roles", async ({ request }) => {
  const r = await request.get(`${base}/api/audit`, { headers: { "x-forwarded-user": "fay", "x-forwarded-email": "fay@example.com", "x-forwarded-groups": "dev,dba" } });
  expect(r.status()).toBe(200);
  const viewer = await request.get(`${base}/api/audit`, { headers: { "x-forwarded-user": "gus", "x-forwarded-groups": "dev" } });
  expect(viewer.status()).toBe(403);
  // The peer stamp cannot be forged: the server overwrites it.
  const forged = await request.get(`${base}/api/audit`, { headers: { "x-forwarded-user": "gus", "x-dsql-ops-peer": "guess 10.9.9.9" } });
  expect(forged.status()).toBe(403);
});

test("mutations are rate-limited per user, with Retry-After", async ({ request }) => {
  // A well-formed backup request for a cluster that does not exist: allowed, then 404 from AWS.
  const url = `${base}/api/backups/123456789012/us-east-1/${"q".repeat(26)}`;
  const headers = { "x-forwarded-user": "rl@example.com", "x-forwarded-groups": "dba", origin: base, "content-type": "application/json" };
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) statuses.push((await request.post(url, { headers, data: "{}" })).status());
  expect(statuses.slice(0, 3).every((s) => s !== 429)).toBe(true);
  expect(statuses[3]).toBe(429);
  const limited = await request.post(url, { headers, data: "{}" });
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  // Someone else is not held back.
  const other = await request.post(url, { headers: { ...headers, "x-forwarded-user": "other@example.com" }, data: "{}" });
  expect(other.status()).not.toBe(429);
});

test("an operator sees every attempt on the Audit page, newest first, and filters by user and action", async ({ browser, request }) => {
  const op = await operatorToken();
  // A failed attempt by the operator (bad input, after the role check).
  const r = await request.post(`${base}/api/backups/123456789012/us-east-1/${clusterId}`, { headers: { ...as(op), origin: base, "content-type": "application/json" }, data: { token: "not-a-uuid" } });
  expect(r.status()).toBe(400);

  const ctx = await contextFor(browser, op);
  const page = await ctx.newPage();
  await page.goto(`/clusters/123456789012/us-east-1/${clusterId}/backups`);
  await expect(page.getByTestId("backup-now")).toBeVisible();
  await page.goto("/audit");
  await expect(page.getByTestId("current-user")).toHaveText("ana@example.com · operator");
  const rows = page.getByTestId("audit-row");
  await expect(rows.first()).toContainText("ana@example.com");
  await expect(rows.first()).toContainText("backup.start");
  await expect(rows.first().getByTestId("audit-result")).toHaveText("failed · 400");
  await expect(rows.filter({ hasText: "vic@example.com" }).first().getByTestId("audit-result")).toHaveText("refused · 403");
  await expect(rows.filter({ hasText: "https://evil.example" })).toHaveCount(0); // the Origin is not a parameter
  // Attempts without any identity are on record too.
  await expect(rows.filter({ hasText: "unauthenticated" }).first().getByTestId("audit-result")).toHaveText("refused · 401");

  await page.getByLabel("User").selectOption("vic@example.com");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/user=vic%40example\.com/);
  await expect(rows.first()).toContainText("vic@example.com");
  expect(await rows.filter({ hasNotText: "vic@example.com" }).count()).toBe(0);

  await page.goto("/audit?action=backup.start&user=ana%40example.com");
  await expect(rows.first()).toContainText("backup.start");
  expect(await rows.filter({ hasNotText: "backup.start" }).count()).toBe(0);
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/audit$/);

  const api = await request.get(`${base}/api/audit?user=vic%40example.com`, { headers: as(op) });
  const { entries } = await api.json();
  expect(entries.length).toBeGreaterThan(0);
  expect(entries[0]).toMatchObject({ user_name: "vic@example.com", role: "viewer", allowed: false, result: "refused", status: 403 });
  await ctx.close();
});

test("no credential or token reaches the browser or the server log", async ({ request }) => {
  const op = await operatorToken();
  const paths = [
    "/",
    `/clusters/123456789012/us-east-1/${clusterId}`,
    `/clusters/123456789012/us-east-1/${clusterId}/backups`,
    "/audit",
    "/api/audit",
    `/api/backups/123456789012/us-east-1/${clusterId}`,
    "/api/metrics/overview",
  ];
  for (const p of paths) {
    const r = await request.get(`${base}${p}`, { headers: as(op) });
    expect(r.status(), p).toBeLessThan(500);
    const text = await r.text();
    for (const secret of [SECRET_KEY, ACCESS_KEY, op, "X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token"]) {
      expect(text.includes(secret), `${p} contains ${secret.slice(0, 20)}…`).toBe(false);
    }
  }
  const all = log.join("");
  expect(all).toContain('"audit":true'); // the log was captured
  for (const secret of [SECRET_KEY, ACCESS_KEY, op, "X-Amz-Signature", "x-amzn-oidc-data"]) {
    expect(all.includes(secret), `the server log contains ${secret.slice(0, 20)}…`).toBe(false);
  }
});

test.describe("request helpers", () => {
  test("API requests without identity get JSON, not HTML", async ({ request }: { request: APIRequestContext }) => {
    const r = await request.post(`${base}/api/restores`, { headers: { origin: base, "content-type": "application/json" }, data: "{}" });
    expect(r.status()).toBe(401);
    expect(r.headers()["content-type"]).toMatch(/application\/json/);
  });
});
