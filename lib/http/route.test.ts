import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";

vi.hoisted(() => {
  process.env.DSQL_OPS_MUTATIONS_PER_MINUTE = "1";
  process.env.DSQL_OPS_MUTATION_BURST = "3";
});
vi.mock("../audit", async (orig) => ({ ...(await orig<typeof import("../audit")>()), recordAudit: vi.fn(async () => {}) }));
vi.mock("../auth", async (orig) => ({ ...(await orig<typeof import("../auth")>()), userFromRequest: vi.fn() }));
// No store here: the shared rate limit falls back to counting in this process (its store path is an integration test).
vi.mock("../store", () => ({ inStore: vi.fn(async () => Promise.reject(new Error("no store in unit tests"))) }));

import { recordAudit, type AuditEntry } from "../audit";
import { userFromRequest, type User } from "../auth";
import { AppError, notFound } from "../errors";
import { clusterIdParam, regionParam, route } from "./route";

const operator: User = { name: "ana", role: "operator", groups: ["dba"] };
const viewer: User = { name: "vic", role: "viewer", groups: [] };
const asUser = (u: User) => vi.mocked(userFromRequest).mockResolvedValue(u);
const audits = () => vi.mocked(recordAudit).mock.calls.map((c) => c[0] as AuditEntry);
const ID = "abcdefghijklmnopqrstuvwxyz";

const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });
const get = (url: string) => new Request(`http://dash.local${url}`, { headers: { host: "dash.local" } });
const post = (url: string, body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request(`http://dash.local${url}`, { method: "POST", body, headers: { host: "dash.local", origin: "http://dash.local", "content-type": "application/json", ...headers }, duplex: "half" } as RequestInit);

const read = route({ params: z.object({ region: regionParam, id: clusterIdParam }), query: z.object({ range: z.enum(["1h", "24h"]).default("1h") }) }, async ({ params, query }) => {
  if (params.id === "z".repeat(26)) throw notFound(`Cluster ${params.id}`);
  if (params.id === "d".repeat(26)) throw Object.assign(new Error("User: arn:aws:sts::1:assumed-role/r is not authorized to perform: dsql:GetCluster on resource: x"), { name: "AccessDeniedException" });
  return { ...params, ...query };
});

const run = vi.fn(async () => ({ started: true }));
const start = route(
  {
    params: z.object({ region: regionParam, id: clusterIdParam }),
    body: z.object({ name: z.string().min(1).max(50), password: z.string().optional() }).strict(),
    mutation: { action: "backup.start", target: ({ params }) => `${params.region}/${params.id}` },
  },
  run,
);

beforeEach(() => {
  vi.mocked(recordAudit).mockClear();
  run.mockClear();
  asUser(operator);
});

describe("reads", () => {
  it("answers validated params and query", async () => {
    const r = await read(get("/x?range=24h"), ctx({ region: "us-east-1", id: ID }));
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ region: "us-east-1", id: ID, range: "24h" });
    expect(r.headers.get("cache-control")).toBe("no-store");
  });

  it("answers 400 naming the bad field", async () => {
    const bad = await read(get("/x"), ctx({ region: "mars-1", id: ID }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/path field "region": must be an AWS region/);
    const q = await read(get("/x?range=1y"), ctx({ region: "us-east-1", id: ID }));
    expect((await q.json()).error).toMatch(/query field "range"/);
  });

  it("refuses NUL characters in path and query values (PostgreSQL text cannot hold them)", async () => {
    const q = await read(get("/x?range=%00"), ctx({ region: "us-east-1", id: ID }));
    expect(q.status).toBe(400);
    expect((await q.json()).error).toBe('Invalid query field "range": must not contain NUL characters');
    const key = await read(get("/x?a%00b=1"), ctx({ region: "us-east-1", id: ID }));
    expect((await key.json()).error).toBe('Invalid query field "a\\0b": must not contain NUL characters');
    const path = await read(get("/x"), ctx({ region: "us-east-1\u0000", id: ID }));
    expect(path.status).toBe(400);
    expect((await path.json()).error).toMatch(/path field "region": must not contain NUL/);
  });

  it("answers 404 for unknown things and 403 naming the permission AWS refused", async () => {
    expect((await read(get("/x"), ctx({ region: "us-east-1", id: "z".repeat(26) }))).status).toBe(404);
    const denied = await read(get("/x"), ctx({ region: "us-east-1", id: "d".repeat(26) }));
    expect(denied.status).toBe(403);
    expect((await denied.json()).error).toBe("AWS denied access: the dashboard's role needs dsql:GetCluster");
  });

  it("does not audit reads", async () => {
    await read(get("/x"), ctx({ region: "us-east-1", id: ID }));
    expect(recordAudit).not.toHaveBeenCalled();
  });

  it("escapes markup in error messages", async () => {
    const r = await read(get("/x"), ctx({ region: "<script>alert(1)</script>", id: ID }));
    const text = await r.text();
    expect(text).not.toContain("<");
    expect(r.headers.get("content-type")).toBe("application/json");
  });
});

describe("mutations", () => {
  it("runs for an operator from the dashboard's own origin and audits it", async () => {
    const r = await start(post("/x", JSON.stringify({ name: "nightly", password: "hunter2" })), ctx({ region: "us-east-1", id: ID }));
    expect(r.status).toBe(200);
    expect(run).toHaveBeenCalledOnce();
    const [a] = audits();
    expect(a).toMatchObject({ user: operator, action: "backup.start", target: `us-east-1/${ID}`, allowed: true, result: "ok", status: 200 });
    expect(a.params).toEqual({ name: "nightly", password: "[redacted]" });
  });

  it("refuses a viewer with 403 and a clear reason, whatever the input, and audits the refusal", async () => {
    asUser(viewer);
    const r = await start(post("/x", "not json"), ctx({ region: "nowhere", id: "x" }));
    expect(r.status).toBe(403);
    expect((await r.json()).error).toBe("backup.start needs the operator role; vic is a viewer");
    expect(run).not.toHaveBeenCalled();
    expect(audits()[0]).toMatchObject({ user: viewer, allowed: false, result: "refused", status: 403, target: "/x" });
  });

  it("refuses a missing or foreign Origin and audits it", async () => {
    const none = await start(post("/x", "{}", { origin: "" }), ctx({ region: "us-east-1", id: ID }));
    expect(none.status).toBe(403);
    expect((await none.json()).error).toMatch(/Origin header is missing/);
    const evil = await start(post("/x", JSON.stringify({ name: "n" }), { origin: "https://evil.example" }), ctx({ region: "us-east-1", id: ID }));
    expect(evil.status).toBe(403);
    expect(run).not.toHaveBeenCalled();
    expect(audits().map((a) => [a.result, a.allowed, a.target])).toEqual([
      ["refused", false, `us-east-1/${ID}`],
      ["refused", false, `us-east-1/${ID}`],
    ]);
  });

  it("requires a JSON body of bounded size", async () => {
    const c = ctx({ region: "us-east-1", id: ID });
    expect((await start(post("/x", "name=n", { "content-type": "application/x-www-form-urlencoded" }), c)).status).toBe(415);
    expect((await start(post("/x", "{", {}), c)).status).toBe(400);
    expect((await start(post("/x", new Uint8Array([0x7b, 0xff, 0x7d])), c)).status).toBe(400);
    const big = JSON.stringify({ name: "x".repeat(70_000) });
    expect((await start(post("/x", big), c)).status).toBe(413);
    // Streamed without a length: cut off at the limit, not buffered.
    const stream = new ReadableStream({ pull: (ctl) => ctl.enqueue(new TextEncoder().encode(" ".repeat(16_384))) });
    expect((await start(post("/x", stream), c)).status).toBe(413);
    const wrong = await start(post("/x", JSON.stringify({ name: 5, extra: true })), c);
    expect((await wrong.json()).error).toMatch(/body field "name"/);
    expect(run).not.toHaveBeenCalled();
    expect(audits().every((a) => a.allowed && a.result === "failed")).toBe(true);
  });

  it("names the path as the target when the target depends on a body that was never read", async () => {
    asUser(viewer);
    const byBody = route({ body: z.object({ region: z.string() }), mutation: { action: "restore.request", target: ({ body }) => `${body?.region}/x` } }, run);
    await byBody(post("/api/restores", JSON.stringify({ region: "us-east-1" })), ctx({}));
    expect(audits()[0]).toMatchObject({ target: "/api/restores", result: "refused" });
  });

  it("records who tried when the identity could not be established", async () => {
    vi.mocked(userFromRequest).mockRejectedValue(new AppError(401, "Not signed in", "Unauthorized"));
    const r = await start(post("/x", "{}"), ctx({ region: "us-east-1", id: ID }));
    expect(r.status).toBe(401);
    expect(audits()[0]).toMatchObject({ user: { name: "unauthenticated" }, result: "refused", status: 401 });
  });

  it("audits a failure of the action itself as allowed but failed", async () => {
    run.mockRejectedValueOnce(Object.assign(new Error("not authorized to perform: backup:StartBackupJob"), { name: "AccessDeniedException" }));
    const r = await start(post("/x", JSON.stringify({ name: "n" })), ctx({ region: "us-east-1", id: ID }));
    expect(r.status).toBe(403);
    expect(audits()[0]).toMatchObject({ allowed: true, result: "failed", status: 403, message: expect.stringMatching(/backup:StartBackupJob/) });
  });

  it("rate-limits each user, with Retry-After, and audits the refusal", async () => {
    const c = () => ctx({ region: "us-east-1", id: ID });
    const body = JSON.stringify({ name: "n" });
    asUser({ ...operator, name: "burst" });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await start(post("/x", body), c())).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await start(post("/x", body), c());
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json()).error).toMatch(/Too many changes/);
    expect(audits().at(-1)).toMatchObject({ allowed: false, result: "refused", status: 429 });
    asUser({ ...operator, name: "someone-else" });
    expect((await start(post("/x", body), c())).status).toBe(200);
  });
});
