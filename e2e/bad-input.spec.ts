import path from "node:path";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import fc from "fast-check";
import { e2ePort, emulatorEndpoint } from "./support/emulator";
import { build, discover, dynamicNames, root, type Discovered } from "./support/routes";

/**
 * Malformed, oversized and hostile input thrown at every API route and every page with path
 * parameters, discovered from the filesystem so new routes are covered without editing this
 * file. Every answer must be a 4xx (JSON for the API), never a 5xx or a crash, and must never
 * carry a hostile fragment back as live markup.
 */

const origin = `http://127.0.0.1:${e2ePort}`;
// Runs per property; BAD_INPUT_RUNS=50 for a deeper search.
const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 4);

const apiRoutes = discover(path.join(root, "app", "api"), "route.ts");
const pages = discover(path.join(root, "app"), "page.tsx").filter((p) => p.segments.some((s) => typeof s !== "string"));

// ---- hostile values ----
const MARKUP = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<svg onload=alert(1)>"];
const fixed = fc.constantFrom(
  ...MARKUP,
  "' OR '1'='1' --",
  "1; DROP TABLE audit_log; --",
  "../../../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "\u0000",
  "a\u0000b",
  "\uFEFF",
  "\u202Eevil",
  "𝕏😀ñ",
  "{{7*7}}",
  "${jndi:ldap://x/a}",
  "__proto__",
  "constructor",
  "NaN",
  "Infinity",
  "-1",
  "1e309",
  "99999999999999999999999999",
  "0x41",
  " ",
  "null",
  "[]",
  "{}",
  "true",
  "us-east-1\n",
  "US-EAST-1",
);
const hostile = fc.oneof(
  { weight: 4, arbitrary: fixed },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 300, maxLength: 3000 }) },
);
/** Path tricks that must go into the URL as they are, not percent-encoded again. */
const rawTrick = fc.constantFrom("..", "%2e%2e", "%2E%2E%2F%2E%2E", "..%2F..%2F", "%00", "%252e%252e", "%2F", "%5C", "%ZZ", "%", ";", "%3Cscript%3E");

function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, "?")); // lone surrogates
  }
}
const hostileSegment = fc.oneof({ weight: 3, arbitrary: hostile.map(enc) }, { weight: 1, arbitrary: rawTrick });

/** A value that passes the common format checks, so the hostile part is what gets tested. */
function plausible(name: string): fc.Arbitrary<string> {
  if (/region/i.test(name)) return fc.constantFrom("us-east-1", "eu-west-1");
  if (name === "account") return fc.constantFrom("123456789012", "210987654321", "999999999999");
  if (/^(id|clusterId)$/.test(name)) return fc.stringMatching(/^[a-z0-9]{26}$/);
  return fc.oneof(fc.uuid(), fc.stringMatching(/^[a-zA-Z0-9-]{1,40}$/));
}

/** Path values with at least one hostile segment. */
function hostilePath(r: Discovered): fc.Arbitrary<string> {
  const names = dynamicNames(r);
  return fc
    .tuple(fc.nat({ max: names.length - 1 }), fc.tuple(...names.map((n) => fc.tuple(plausible(n), hostileSegment, fc.boolean()))))
    .map(([forced, vals]) => build(r, Object.fromEntries(names.map((n, i) => [n, i === forced || vals[i][2] ? vals[i][1] : vals[i][0]]))));
}
const plausiblePath = (r: Discovered) =>
  dynamicNames(r).length ? fc.tuple(...dynamicNames(r).map(plausible)).map((v) => build(r, Object.fromEntries(dynamicNames(r).map((n, i) => [n, v[i]])))) : fc.constant(build(r, {}));

const hostileQuery = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom("range", "from", "to", "period", "q", "region", "user", "action", "before", "limit", "stat", "nextToken", "__proto__"), hostile), hostile), {
    minLength: 1,
    maxLength: 4,
  })
  .map((pairs) => "?" + pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&"));

interface Body {
  data: string | Buffer;
  type: string;
}
const hostileObject = fc.dictionary(hostile, fc.oneof(hostile, fc.integer(), fc.double(), fc.constant(null), fc.array(hostile, { maxLength: 3 })), { minKeys: 1, maxKeys: 5 });
const hostileBody: fc.Arbitrary<Body> = fc.oneof(
  fc.constantFrom("{", "[1,", "<x/>", "undefined", "NaN", '{"a":1}{"b":2}', "\u0000", '{"__proto__":{"polluted":1}}').map((data) => ({ data, type: "application/json" })),
  fc.oneof(fc.array(hostile, { maxLength: 3 }), hostile, fc.integer(), fc.double(), fc.constant(null), fc.boolean()).map((v) => ({ data: JSON.stringify(v), type: "application/json" })),
  hostileObject.map((v) => ({ data: JSON.stringify(v), type: "application/json" })),
  fc
    .tuple(hostileObject, fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml"))
    .map(([v, type]) => ({ data: JSON.stringify(v), type })),
  fc.constant({ data: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), type: "application/json" }),
  fc.constant({ data: JSON.stringify({ a: "x".repeat(6 * 1024 * 1024) }), type: "application/json" }),
);

// ---- checks ----
/**
 * After URL normalisation (".." and "%2e%2e" segments collapse) the request may reach another
 * route; an empty dynamic segment ("/a/x/." → "/a/x/") is a trailing slash, which Next redirects.
 */
function sameShape(r: Discovered, url: string): boolean {
  const got = new URL(url, origin).pathname.split("/").slice(1);
  if (r.segments.some((s) => typeof s !== "string" && s.catchAll)) return got[0] === r.segments[0];
  return got.length === r.segments.length && r.segments.every((s, i) => (typeof s === "string" ? s === got[i] : got[i] !== ""));
}

async function check(res: APIResponse, what: string, api: boolean, expect4xx: boolean) {
  const status = res.status();
  const text = await res.text();
  expect(status, `${what} answered ${status}: ${text.slice(0, 300)}`).toBeLessThan(500);
  // Pages too: a cluster's tabs settle the 404 in their layout, before a loading boundary streams.
  if (expect4xx) expect(status, `${what} should be refused`).toBeGreaterThanOrEqual(400);
  for (const m of MARKUP) expect(text, `${what} reflected ${m}`).not.toContain(m);
  // As live markup only: an error message may quote the input, escaped (`&lt;img src=x onerror=…`).
  expect(text.toLowerCase(), `${what} reflected a script tag`).not.toMatch(/<script>alert|<img[^>]*onerror=alert|<svg onload/);
  // A normalised path ("/api/x/.." → "/api/x/") may be redirected: the target must be harmless.
  if (status >= 300 && status < 400) {
    expect(res.headers()["location"] ?? "", `${what} redirected to markup`).not.toMatch(/[<>"]/);
    return;
  }
  const finalPath = new URL(res.url()).pathname;
  const type = res.headers()["content-type"] ?? "";
  if (api && finalPath.startsWith("/api/")) {
    // Errors are JSON; a success may be another format (a CSV export), but never a web page.
    expect(type, `${what} answered an HTML page`).not.toMatch(/html/);
    if (status >= 400 || /json/.test(type)) {
      expect(type, `${what} is not JSON`).toMatch(/^application\/json/);
      const body = JSON.parse(text);
      if (status >= 400) expect(typeof body.error, `${what} has no error message`).toBe("string");
    }
  }
}

async function send(request: APIRequestContext, method: string, url: string, body?: Body, headers: Record<string, string> = {}) {
  return request.fetch(url, {
    method,
    headers: { ...(body ? { "content-type": body.type } : {}), ...headers },
    data: body?.data,
    maxRedirects: 0,
    failOnStatusCode: false,
  });
}

async function stillAlive(request: APIRequestContext) {
  const r = await request.get("/api/audit", { failOnStatusCode: false });
  expect(r.status(), "the server still answers").toBe(200);
}

// Not serial: one route's failure must not hide the others'.
test.setTimeout(120_000);

test("routes were discovered from the filesystem", () => {
  expect(apiRoutes.length).toBeGreaterThan(3);
  expect(
    apiRoutes.every((r) => r.methods.length > 0),
    apiRoutes
      .filter((r) => !r.methods.length)
      .map((r) => r.file)
      .join(", "),
  ).toBe(true);
  expect(pages.map((p) => p.file)).toContain(path.join("app", "clusters", "[account]", "[region]", "[id]", "page.tsx"));
});

for (const r of apiRoutes) {
  for (const method of r.methods) {
    const isRead = method === "GET";
    test(`${method} ${r.file}`, async ({ request }) => {
      const dynamic = dynamicNames(r).length > 0;
      const sameOrigin = { origin };
      if (dynamic) {
        // Hostile path segments: refused, whatever the body.
        await fc.assert(
          fc.asyncProperty(hostilePath(r), fc.option(hostileBody, { nil: undefined }), async (url, body) => {
            const res = await send(request, method, url, isRead ? undefined : (body ?? { data: "{}", type: "application/json" }), isRead ? {} : sameOrigin);
            await check(res, `${method} ${url}`, true, sameShape(r, url));
          }),
          { numRuns: RUNS },
        );
      }
      if (isRead) {
        // Hostile queries on a plausible path: never a 5xx, never reflected.
        await fc.assert(
          fc.asyncProperty(plausiblePath(r), hostileQuery, async (url, query) => {
            await check(await send(request, method, url + query), `${method} ${url}${query}`, true, false);
          }),
          { numRuns: RUNS },
        );
      } else {
        // Hostile bodies from the dashboard's own origin: refused (400/404/413/415...).
        await fc.assert(
          fc.asyncProperty(plausiblePath(r), hostileBody, async (url, body) => {
            await check(await send(request, method, url, body, sameOrigin), `${method} ${url} with ${String(body.data).slice(0, 80)}`, true, true);
          }),
          { numRuns: RUNS },
        );
        // From another origin, or none: refused before anything is read.
        if (r.mutation)
          await fc.assert(
            fc.asyncProperty(plausiblePath(r), hostileBody, fc.constantFrom("https://evil.example", "null", "", "http://127.0.0.1:1"), async (url, body, o) => {
              const res = await send(request, method, url, body, o ? { origin: o } : {});
              await check(res, `${method} ${url} from ${o || "no origin"}`, true, true);
              expect(res.status()).toBe(403);
            }),
            { numRuns: Math.max(2, RUNS / 2) },
          );
      }
      await stillAlive(request);
    });
  }
}

for (const p of pages) {
  test(`page ${p.file}`, async ({ request }) => {
    await fc.assert(
      fc.asyncProperty(hostilePath(p), async (url) => {
        const res = await send(request, "GET", url);
        await check(res, `GET ${url}`, false, sameShape(p, url));
      }),
      { numRuns: RUNS + 2 },
    );
    await stillAlive(request);
  });
}

test("hostile queries on real pages render safely", async ({ request }) => {
  const clusters = (await (await fetch(`${emulatorEndpoint()}/_emulator/clusters`)).json()) as { account: string; region: string; identifier: string; status: string }[];
  const c = clusters.find((x) => x.region === "us-east-1" && x.status === "ACTIVE")!;
  const real = pages.map((p) => build(p, { account: c.account, region: c.region, id: c.identifier, jobId: "job-1" }));
  await fc.assert(
    fc.asyncProperty(fc.constantFrom("/", "/audit", ...real), hostileQuery, async (url, query) => {
      const res = await send(request, "GET", url + query);
      await check(res, `GET ${url}${query}`, false, false);
    }),
    { numRuns: RUNS * 3 },
  );
  await stillAlive(request);
});
