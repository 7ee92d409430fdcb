import { beforeAll, describe, expect, it } from "vitest";
import { emulatorForLib, seededCluster } from "./emulator";

/**
 * The dashboard's store on an emulated DSQL cluster whose writes fail with OCC conflicts (SQLSTATE
 * 40001, OC000) half of the time: every write is retried and lands exactly once.
 */

const emulator = emulatorForLib("store-conflicts", { timeScale: 1 });

beforeAll(async () => {
  const store = seededCluster(emulator(), "catalog-apac", "ap-northeast-1");
  process.env.DSQL_OPS_STORE_URL = `postgres://admin@${store.identifier}.dsql.${store.region}.on.aws:5432/postgres`;
  // Opened and migrated before the faults begin.
  const { inStore } = await import("@/lib/store");
  await inStore((db) => db.query("SELECT 1"));
});

describe("store writes under OCC conflicts", { timeout: 120_000 }, () => {
  it("retries each conflicting write until it lands, once, and the shared rate limit counts exactly", async () => {
    emulator().faults.add([{ kind: "conflict", service: "sql", rate: 0.5 }]);
    const { recordAudit } = await import("@/lib/audit");
    const { inStore } = await import("@/lib/store");
    const { SharedRateLimiter } = await import("@/lib/http/shared-rate-limit");
    const user = { name: "occ-it", role: "operator" as const, groups: [] };
    for (let i = 0; i < 20; i++) await recordAudit({ user, action: "test.occ", target: `t-${i}`, allowed: true, result: "ok", status: 200 });
    const limiter = new SharedRateLimiter(1, 6, () => 1_000_000);
    const waits = [];
    for (let i = 0; i < 8; i++) waits.push(await limiter.take("occ-user"));
    const injected = emulator()
      .faults.list()
      .reduce((n, f) => n + f.injected, 0);
    emulator().faults.clear();
    // The conflicts happened, and changed nothing: each audit entry is there once.
    expect(injected).toBeGreaterThan(5);
    const rows = await inStore((db) => db.query<{ target: string; n: number }>("SELECT target, count(*)::int AS n FROM audit_log WHERE action = 'test.occ' GROUP BY target"));
    expect(rows).toHaveLength(20);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    // The limiter's statement was retried too: exactly the burst was allowed.
    expect(waits.filter((w) => w === 0)).toHaveLength(6);
  });
});
