import { beforeAll, describe, expect, it } from "vitest";
import { emulatorForLib, promqlCallsCounted, seededCluster } from "./emulator";

/**
 * Database Insights through lib/: CloudWatch PromQL signed by the SDK's signer with the standard
 * credential chain, against the emulator's scenario; the three calls of a load, cached and counted.
 */
const emulator = emulatorForLib("insights");
// As a page does (lib/http/cluster-params.ts): the watched accounts are read before their clusters.
beforeAll(async () => {
  await (await import("@/lib/aws/accounts")).watchedAccounts();
});

describe("Database Insights (lib/insights)", () => {
  it("shows orders-prod's top statements and waits, compared with a day and a week before", async () => {
    const { loadInsights } = await import("@/lib/insights");
    const before = await promqlCallsCounted();
    const orders = seededCluster(emulator(), "orders-prod", "us-east-1");
    const now = emulator().clock.now();
    const ins = await loadInsights(orders, { startMs: now - 3 * 3_600_000, endMs: now });

    expect(ins.calls).toBe(3);
    expect((await promqlCallsCounted()) - before).toBe(3);
    // The OCC incident is under way: commit waits lead.
    expect(ins.waits[0]).toBe("Commit");
    expect(ins.waits).toEqual(expect.arrayContaining(["OnCpu", "SequentialScanRead", "ScatteredBatchRead"]));
    // Commit-time waits belong to COMMIT (the OCC incident is under way), then the scanning report and the lookups.
    const statements = ins.top.statement.map((r) => r.key);
    expect(statements[0]).toBe("COMMIT");
    expect(statements).toContain("SELECT id, customer_id, total_cents FROM orders WHERE status = $1 ORDER BY created_at");
    expect(ins.top.statement[0].dayBefore).toBeGreaterThan(0);
    expect(ins.top.statement[0].weekBefore).toBeGreaterThan(0);
    expect(ins.top.app.map((r) => r.key)).toContain("checkout-api");
    expect(ins.top.role[0].key).toMatch(/^arn:aws:iam::\d{12}:role\//);
    expect(ins.timeline.length).toBeGreaterThan(80); // 2-minute steps over 3 hours
    expect(ins.computeDpu).toBeGreaterThan(0);
    // OCC contention: the incident's conflict rate (measured) beside the inventory update's COMMIT waits, and the retries' estimated DPUs.
    expect(ins.contention.ratePct).toBeGreaterThan(5);
    expect(ins.contention.byApp[0].app).toBe("checkout-api");
    expect(ins.contention.byApp[0].share).toBeGreaterThan(0.5);
    expect(ins.contention.retryDpu).toBeGreaterThan(0);
    expect(ins.contention.byApp.reduce((n, r) => n + r.estimatedRetryDpu!, 0)).toBeCloseTo(ins.contention.retryDpu!);

    // The same page again, in another tab: answered from the cache, no call.
    const again = await loadInsights(orders, { startMs: now - 3 * 3_600_000, endMs: now });
    expect(again.calls).toBe(0);
    expect((await promqlCallsCounted()) - before).toBe(3);
  });

  it("finds payments-eu's leaked transactions by application and role, with their estimated compute", async () => {
    const { loadInsights } = await import("@/lib/insights");
    const now = emulator().clock.now();
    const ins = await loadInsights(seededCluster(emulator(), "payments-eu", "eu-west-1"), { startMs: now - 3_600_000, endMs: now });
    expect(ins.leaks).toHaveLength(1);
    expect(ins.leaks[0]).toMatchObject({ app: "billing-worker" });
    expect(ins.leaks[0].role).toMatch(/role\/billing$/);
    expect(ins.leaks[0].aas).toBeGreaterThan(0.9);
    expect(ins.leaks[0].estimatedDpu).toBeGreaterThan(0);
    expect(ins.leaks[0].estimatedDpu!).toBeLessThan(ins.computeDpu!);
  });

  // It moves the emulator's clock forward: the tests after it must not mind.
  it("suggests an index for payments-eu's ledger scan; once the CREATE INDEX ASYNC job completes on the emulator clock, the scan load falls", async () => {
    const { loadInsights } = await import("@/lib/insights");
    const { submitIndex } = await import("@/lib/dsql/jobs/actions");
    const payments = seededCluster(emulator(), "payments-eu", "eu-west-1");
    const t0 = emulator().clock.now();
    const before = await loadInsights(payments, { startMs: t0 - 3_600_000, endMs: t0 });
    const advice = before.suggestions.find((x) => x.request.table === "ledger_entries")!;
    expect(advice.sql).toBe("CREATE INDEX ASYNC ledger_entries_account_idx ON public.ledger_entries (account)");
    expect(advice.scanAas).toBeGreaterThan(0.1);
    expect(before.timeline.at(-1)!.byWait.SequentialScanRead).toBeGreaterThan(0);

    const job = await submitIndex(payments, advice.request);
    expect(job.statement).toContain("CREATE INDEX ASYNC");
    // The build of 20,000 rows takes about a minute on the emulator clock; look 20 minutes later.
    emulator().clock.advance(20 * 60_000);
    const t1 = emulator().clock.now();
    const after = await loadInsights(payments, { startMs: t1 - 10 * 60_000, endMs: t1 });
    expect(after.timeline.length).toBeGreaterThan(5);
    expect(after.timeline.every((p) => !p.byWait.SequentialScanRead)).toBe(true);
    expect(after.suggestions).toEqual([]);
    // The statement still runs, on the index now: point reads instead of a scan.
    expect(after.top.statement.find((r) => r.key === advice.statement)?.waits.ScatteredBatchRead).toBeGreaterThan(0);
  });

  it("reports a refused query as an error naming PromQL", async () => {
    const { promqlClient } = await import("@/lib/metrics/promql");
    await expect(promqlClient().query({ account: "123456789012", region: "us-east-1" }, { query: "sum(", endMs: emulator().clock.now() })).rejects.toThrow(/CloudWatch PromQL: .*parse error/);
  });
});
