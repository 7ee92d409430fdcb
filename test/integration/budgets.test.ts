import { describe, expect, it } from "vitest";
import { emulatorForLib } from "./emulator";

/** Budgets through their route against the emulated fleet: set, checked against this month's spend, audited, removed. */

emulatorForLib("budgets");

const origin = "http://127.0.0.1:3000";
const send = (method: string, body: unknown) =>
  new Request(`${origin}/api/budgets`, { method, headers: { "content-type": "application/json", origin, host: "127.0.0.1:3000" }, body: JSON.stringify(body) });
const ctx = { params: Promise.resolve({}) };

describe("budgets", () => {
  it("sets budgets for a tag value and an account, reads them against the month's spend, and removes one", async () => {
    const { GET, POST, DELETE } = await import("@/app/api/budgets/route");
    const { listAudit } = await import("@/lib/audit");
    expect((await POST(send("POST", { scope: { kind: "tag", key: "team", value: "commerce" }, monthlyUsd: 1 }), ctx)).status).toBe(200);
    expect((await POST(send("POST", { scope: { kind: "account", account: "210987654321" }, monthlyUsd: 1e6 }), ctx)).status).toBe(200);
    // Setting it again replaces it.
    expect((await POST(send("POST", { scope: { kind: "tag", key: "team", value: "commerce" }, monthlyUsd: 2 }), ctx)).status).toBe(200);
    const { statuses } = (await (await GET(new Request(`${origin}/api/budgets`), ctx)).json()) as {
      statuses: { label: string; clusters: number; actualUsd: number; state: string; budget: { monthlyUsd: number } }[];
    };
    expect(statuses).toHaveLength(2);
    const commerce = statuses.find((s) => s.label === "team = commerce")!;
    // orders-prod (two Regions) and catalog-apac spend more than $2 a month to date.
    expect(commerce.budget.monthlyUsd).toBe(2);
    expect(commerce.clusters).toBe(3);
    expect(commerce.actualUsd).toBeGreaterThan(2);
    expect(commerce.state).toBe("over");
    const staging = statuses.find((s) => s.label.startsWith("account staging"))!;
    // reporting-eu, search-staging, and the copy a past drill left behind.
    expect([staging.clusters, staging.state]).toEqual([3, "ok"]);

    expect((await DELETE(send("DELETE", { scope: { kind: "account", account: "210987654321" } }), ctx)).status).toBe(200);
    expect((await DELETE(send("DELETE", { scope: { kind: "account", account: "210987654321" } }), ctx)).status).toBe(404);
    const after = (await (await GET(new Request(`${origin}/api/budgets`), ctx)).json()) as { statuses: unknown[] };
    expect(after.statuses).toHaveLength(1);
    const audited = await listAudit({ action: "budget.set" });
    expect(audited.map((e) => e.target)).toContain("team = commerce");
  });

  it("refuses a budget that is not a plausible amount or names no real scope", async () => {
    const { POST } = await import("@/app/api/budgets/route");
    const bad = async (body: unknown) => {
      const r = await POST(send("POST", body), ctx);
      return [r.status, ((await r.json()) as { error: string }).error];
    };
    expect(await bad({ scope: { kind: "tag", key: "team", value: "data" }, monthlyUsd: -5 })).toEqual([400, expect.stringMatching(/more than \$0/)]);
    expect(await bad({ scope: { kind: "cluster", cluster: "orders-prod" }, monthlyUsd: 5 })).toEqual([400, expect.stringMatching(/<account>\/<region>\/<cluster id>/)]);
    expect(await bad({ scope: { kind: "account", account: "12" }, monthlyUsd: 5 })).toEqual([400, expect.stringMatching(/12-digit/)]);
  });
});
