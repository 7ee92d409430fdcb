import { expect, test } from "@playwright/test";
import { emulatorEndpoint } from "./support/emulator";

/** Security headers on every page and API answer, and a script policy strict enough to matter. */

async function clusterPath(): Promise<string> {
  const all = (await (await fetch(`${emulatorEndpoint()}/_emulator/clusters`)).json()) as { account: string; region: string; identifier: string; status: string }[];
  const c = all.find((x) => x.status === "ACTIVE")!;
  return `/clusters/${c.account}/${c.region}/${c.identifier}`;
}

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([k, ...v]) => [k, v]),
  );
}

test("every page carries the security headers and a nonce-only script policy", async ({ request }) => {
  const cluster = await clusterPath();
  for (const path of ["/", "/audit", cluster, `${cluster}/backups`, "/no-such-page"]) {
    const r = await request.get(path, { failOnStatusCode: false });
    expect(r.status(), path).toBeLessThan(500);
    const h = r.headers();
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["referrer-policy"], path).toBe("same-origin");
    expect(h["x-frame-options"], path).toBe("DENY");
    const csp = directives(h["content-security-policy"] ?? "");
    expect(csp.get("frame-ancestors"), path).toEqual(["'none'"]);
    expect(csp.get("object-src"), path).toEqual(["'none'"]);
    expect(csp.get("default-src"), path).toEqual(["'self'"]);
    const scripts = csp.get("script-src") ?? [];
    expect(scripts, path).not.toContain("'unsafe-inline'");
    expect(scripts, path).not.toContain("'unsafe-eval'");
    const nonce = scripts.find((s) => s.startsWith("'nonce-"))?.slice(7, -1);
    expect(nonce, `${path} has a nonce`).toBeTruthy();
    // Every script Next.js emitted carries this request's nonce.
    const html = await r.text();
    const tags = html.match(/<script\b[^>]*>/g) ?? [];
    expect(tags.length, path).toBeGreaterThan(0);
    for (const t of tags) expect(t, path).toContain(`nonce="${nonce}"`);
  }
});

test("nonces differ per request", async ({ request }) => {
  const a = (await request.get("/")).headers()["content-security-policy"];
  const b = (await request.get("/")).headers()["content-security-policy"];
  expect(a).not.toBe(b);
});

test("API answers carry the headers and are not cached", async ({ request }) => {
  const r = await request.get("/api/audit");
  expect(r.headers()["x-content-type-options"]).toBe("nosniff");
  expect(r.headers()["cache-control"]).toContain("no-store");
  const unknown = await request.get("/api/no/such/endpoint", { failOnStatusCode: false });
  expect(unknown.status()).toBe(404);
  expect(unknown.headers()["content-type"]).toMatch(/application\/json/);
});

test("pages work under the policy: no violations, client components hydrate", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(m.text());
  });
  await page.goto("/");
  await page.getByLabel("Region").selectOption("eu-west-1");
  await expect(page).toHaveURL(/region=eu-west-1/);
  await page.goto(await clusterPath());
  await expect(page.getByTestId("cluster-name")).toBeVisible();
  expect(violations).toEqual([]);
});
