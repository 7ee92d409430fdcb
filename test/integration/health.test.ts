import { describe, expect, it } from "vitest";
import { ACCOUNT_ID } from "../../emulator/scenario/fleet";
import { emulatorForLib } from "./emulator";

const emulator = emulatorForLib("health");

describe("health and readiness", () => {
  it("answers liveness with nothing but the status and uptime", async () => {
    const { GET } = await import("@/app/api/health/route");
    const r = GET();
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(Object.keys(body).sort()).toEqual(["status", "uptimeS"]);
    expect(body.status).toBe("ok");
  });

  it("is ready once the store is migrated, and says when AWS last answered each service and Region, without a secret or an address", async () => {
    const { GET } = await import("@/app/api/ready/route");
    const { listClusters } = await import("@/lib/dsql/clusters");
    await listClusters({ account: ACCOUNT_ID, region: "us-east-1" });
    emulator().faults.add({ kind: "down", region: "eu-west-1", service: "dsql" });
    await expect(listClusters({ account: ACCOUNT_ID, region: "eu-west-1" })).rejects.toBeTruthy();
    emulator().faults.clear();

    const r = await GET();
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.status).toBe("ready");
    expect(body.store).toEqual({ reachable: true, migrated: true });
    const dsql = (region: string) => body.aws.find((a: { service: string; region: string }) => a.service === "dsql" && a.region === region);
    expect(Date.parse(dsql("us-east-1").lastAnswerAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(dsql("eu-west-1").lastAnswerAt).toBeUndefined();
    expect(dsql("eu-west-1").lastFailure).toBeTruthy();
    const text = JSON.stringify(body);
    for (const secret of [emulator().endpoint, "123456789012", "test", process.env.DSQL_OPS_DATA_DIR!]) expect(text.includes(secret), secret).toBe(false);
  });

  it("answers 503 while the instance drains, so the load balancer stops sending it traffic", async () => {
    const { GET } = await import("@/app/api/ready/route");
    const flag = Symbol.for("dsql-ops.shutdown.draining");
    (globalThis as Record<symbol, unknown>)[flag] = true;
    try {
      const r = await GET();
      expect(r.status).toBe(503);
      expect((await r.json()).status).toBe("draining");
    } finally {
      delete (globalThis as Record<symbol, unknown>)[flag];
    }
    expect((await GET()).status).toBe(200);
  });
});
