import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { User } from "../../lib/auth";

// The store lives in the data folder named by the configuration, read once: a fresh one per suite.
process.env.DSQL_OPS_MODE = "local";
process.env.DSQL_OPS_DATA_DIR = mkdtempSync(path.join(tmpdir(), "dsql-ops-audit-"));

const { recordAudit, listAudit, auditFacets, auditQuerySchema } = await import("../../lib/audit");

const ana: User = { name: "ana@example.com", role: "operator", groups: ["dba"] };
const vic: User = { name: "vic@example.com", role: "viewer", groups: [] };
const lines: string[] = [];

beforeAll(async () => {
  const log = vi.spyOn(console, "log").mockImplementation((s: unknown) => void lines.push(String(s)));
  await recordAudit({ user: ana, action: "backup.start", target: "us-east-1/aaa", params: { vault: "Default", sessionToken: "secret-token" }, allowed: true, result: "ok", status: 200 });
  await recordAudit({
    user: vic,
    action: "backup.start",
    target: "us-east-1/aaa",
    allowed: false,
    result: "refused",
    status: 403,
    message: "backup.start needs the operator role; vic@example.com is a viewer",
  });
  await recordAudit({ user: ana, action: "alarm.delete", target: "us-east-1/dsql-occ", allowed: true, result: "failed", status: 502, message: "AWS answered with an error (500)" });
  log.mockRestore();
}, 60_000);
afterAll(async () => {
  const { store } = await import("../../lib/store");
  await (await store()).close();
});

describe("the audit log", () => {
  it("writes one JSON line per entry to the server log, without secrets", () => {
    const audit = lines.filter((l) => l.includes('"audit":true'));
    expect(audit).toHaveLength(3);
    for (const l of audit) expect(l).not.toContain("\n");
    const first = JSON.parse(audit[0]);
    expect(first).toMatchObject({ user: "ana@example.com", role: "operator", action: "backup.start", target: "us-east-1/aaa", allowed: true, result: "ok", status: 200 });
    expect(first.params).toEqual({ vault: "Default", sessionToken: "[redacted]" });
    expect(lines.join("\n")).not.toContain("secret-token");
  });

  it("stores time, user, role, action, target, parameters and result, newest first", async () => {
    const rows = await listAudit();
    expect(rows.map((r) => r.action)).toEqual(["alarm.delete", "backup.start", "backup.start"]);
    expect(rows[2]).toMatchObject({
      user_name: "ana@example.com",
      role: "operator",
      target: "us-east-1/aaa",
      allowed: true,
      result: "ok",
      status: 200,
      params: { vault: "Default", sessionToken: "[redacted]" },
    });
    expect(rows[1]).toMatchObject({ user_name: "vic@example.com", role: "viewer", allowed: false, result: "refused", status: 403 });
    expect(new Date(rows[0].at).getTime()).toBeGreaterThanOrEqual(new Date(rows[2].at).getTime());
  });

  it("filters by user and by action, and pages with `before`", async () => {
    expect((await listAudit({ user: "vic@example.com" })).map((r) => r.result)).toEqual(["refused"]);
    expect((await listAudit({ action: "backup.start" })).length).toBe(2);
    expect((await listAudit({ user: "ana@example.com", action: "backup.start" })).length).toBe(1);
    const [newest] = await listAudit({ limit: 1 });
    const older = await listAudit({ before: new Date(newest.at) });
    expect(older.map((r) => r.id)).not.toContain(newest.id);
    expect(older.length).toBe(2);
  });

  it("treats hostile filter values as plain values", async () => {
    expect(await listAudit({ user: "' OR 1=1 --" })).toEqual([]);
    expect(await listAudit({ action: "<script>alert(1)</script>" })).toEqual([]);
  });

  it("lists the users and actions seen, for the filters", async () => {
    expect(await auditFacets()).toEqual({ users: ["ana@example.com", "vic@example.com"], actions: ["alarm.delete", "backup.start"] });
  });

  it("reads filters from the URL, empty meaning all", () => {
    expect(auditQuerySchema.parse({ user: "", action: "backup.start" })).toEqual({ action: "backup.start" });
    expect(auditQuerySchema.safeParse({ before: "yesterday" }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ limit: "9999" }).success).toBe(false);
  });
});
