import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_ID } from "../../emulator/scenario/fleet";
import type { ClusterKey } from "../../lib/aws/scope";
import { pointLibAt, withEmulator } from "./emulator";

/**
 * lib/dsql's connection layer and jobs against the emulator's SQL endpoint: IAM tokens minted by
 * the real signer, the endpoint override the launcher sets, sys.jobs, CREATE INDEX ASYNC, the history.
 */

let emu: Awaited<ReturnType<typeof withEmulator>>;
const seeded = (name: string, region: string) => emu.scenario.clusters.find((c) => c.name === name && c.region === region)!.identifier;
/** A cluster as lib/ names it: seeded ones in their account, new ones in the default account. */
const at = (region: string, identifier: string): ClusterKey => ({ account: emu.scenario.clusters.find((c) => c.identifier === identifier)?.account ?? ACCOUNT_ID, region, identifier });

beforeAll(async () => {
  emu = await withEmulator({ timeScale: 1 });
  pointLibAt(emu, "jobs");
});
afterAll(() => emu.close());

const lib = async () => ({
  ...(await import("../../lib/dsql/jobs")),
  ...(await import("../../lib/dsql/jobs/history")),
  ...(await import("../../lib/dsql/connection")),
  ...(await import("../../lib/store")),
});

const jobOf = async (region: string, id: string, jobId: string) => {
  const { clusterJobs } = await lib();
  const j = (await clusterJobs(at(region, id))).jobs.find((x) => x.jobId === jobId);
  if (!j) throw new Error(`job ${jobId} not listed`);
  return j;
};

describe("jobs through lib/dsql", { timeout: 180_000 }, () => {
  it("lists sys.jobs with tables, indexes and the failed unique build's advice; health without the token", async () => {
    const { clusterJobs, jobHistory } = await lib();
    const id = seeded("orders-prod", "us-east-1");
    const r = await clusterJobs(at("us-east-1", id));
    expect(r.liveError).toBeNull();
    expect(r.historyError).toBeNull();
    const failed = r.jobs.find((j) => j.status === "failed")!;
    expect(failed).toMatchObject({ type: "INDEX_BUILD", source: "live", canDropIndex: true, details: "Found duplicate key while validating index for UCVs" });
    expect(failed.index).toMatchObject({ schema: "public", name: "customers_email_key", valid: false, unique: true });
    expect(failed.table).toEqual({ name: "public.customers", rows: 5000 });
    expect(failed.advice).toMatch(/duplicate/);
    expect(failed.advice).toMatch(/[Dd]rop it/);
    const analyze = r.jobs.find((j) => j.type === "ANALYZE")!;
    expect(analyze.table?.name).toBe("public.orders");
    // A DROP job's object is gone: no table, no index.
    expect(r.jobs.find((j) => j.type === "DROP")).toMatchObject({ table: null, index: null, objectName: null });

    expect(r.health).toMatchObject({ role: "admin", action: "dsql:DbConnectAdmin", tls: false, endpoint: `${emu.sqlEndpoint.host}:${emu.sqlEndpoint.port}` });
    expect(r.health!.tokensMinted).toBeGreaterThanOrEqual(1);
    expect(r.health!.connections.total).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(r)).not.toMatch(/X-Amz-Signature|Action=DbConnect/);

    // Every row seen is in the history now.
    const remembered = await jobHistory({ clusterId: id });
    expect(remembered.map((h) => h.jobId).sort()).toEqual(r.jobs.map((j) => j.jobId).sort());
  });

  it("submits CREATE INDEX ASYNC, follows the job to completion with a grounded estimate, and the index becomes valid", async () => {
    const { submitIndex, listTables, clusterJobs } = await lib();
    const id = seeded("payments-eu", "eu-west-1");
    // Looking at the tab first (as the form sits on it) records the seeded build before DSQL prunes it.
    await clusterJobs(at("eu-west-1", id));
    const payments = (await listTables(at("eu-west-1", id))).find((t) => t.name === "payments")!;
    expect(payments).toMatchObject({ schema: "public", rows: 15000 });
    expect(payments.columns).toContain("currency");

    const s = await submitIndex(at("eu-west-1", id), { schema: "public", table: "payments", columns: ["currency", "status"], unique: false });
    expect(s.indexName).toBe("payments_currency_status_idx");
    expect(s.statement).toBe('CREATE INDEX ASYNC "payments_currency_status_idx" ON "public"."payments" ("currency", "status")');
    let job = await jobOf("eu-west-1", id, s.jobId);
    expect(job).toMatchObject({ status: "submitted", stage: "queued", running: true });
    expect(job.index).toMatchObject({ valid: false });
    // The seeded build on the same table (15,000 rows), now remembered, grounds the estimate.
    expect(job.estimate?.samples).toBe(1);
    expect(job.estimate?.basis).toMatch(/1 earlier build on this cluster/);
    expect(job.estimate!.totalS).toBeGreaterThan(0);

    emu.clock.advance(6_000);
    job = await jobOf("eu-west-1", id, s.jobId);
    expect(job).toMatchObject({ status: "processing", stage: "building the index" });
    emu.clock.advance(120_000);
    job = await jobOf("eu-west-1", id, s.jobId);
    expect(job).toMatchObject({ status: "completed", running: false, estimate: null, canDropIndex: false });
    expect(job.index?.valid).toBe(true);
  });

  it("lists an ALTER TABLE ASYNC ... VALIDATE CONSTRAINT job on its table: one that holds completes, one that rows break fails with why", async () => {
    const { clusterPool } = await lib();
    const id = seeded("orders-prod", "us-east-1");
    const pool = clusterPool(at("us-east-1", id));
    await pool.query("ALTER TABLE public.customers ADD CONSTRAINT customers_name_set CHECK (name <> '') NOT VALID");
    await pool.query("ALTER TABLE public.customers ADD CONSTRAINT customers_country_eu CHECK (country = 'XX') NOT VALID");
    const [ok] = await pool.query<{ job_id: string }>("ALTER TABLE ASYNC public.customers VALIDATE CONSTRAINT customers_name_set");
    const [bad] = await pool.query<{ job_id: string }>("ALTER TABLE ASYNC public.customers VALIDATE CONSTRAINT customers_country_eu");
    await expect(pool.query("ALTER TABLE ASYNC public.customers VALIDATE CONSTRAINT no_such_check")).rejects.toMatchObject({ message: expect.stringContaining('constraint "no_such_check"') });
    await expect(pool.query("ALTER TABLE ASYNC public.customers ADD COLUMN x int")).rejects.toMatchObject({ message: expect.stringContaining("supports only VALIDATE CONSTRAINT") });

    let job = await jobOf("us-east-1", id, ok.job_id);
    expect(job).toMatchObject({ type: "VALIDATE_CONSTRAINT", status: "submitted", objectName: "public.customers", table: { name: "public.customers", rows: 5000 }, index: null });
    emu.clock.advance(6_000);
    expect((await jobOf("us-east-1", id, ok.job_id)).stage).toBe("checking the constraint against every row");
    emu.clock.advance(120_000);
    job = await jobOf("us-east-1", id, ok.job_id);
    expect(job).toMatchObject({ status: "completed", running: false });
    const failed = await jobOf("us-east-1", id, bad.job_id);
    expect(failed).toMatchObject({ status: "failed", details: expect.stringContaining("customers_country_eu") });
    const valid = await pool.query<{ conname: string; convalidated: boolean }>("SELECT conname, convalidated FROM pg_constraint WHERE conname LIKE 'customers_%' AND contype = 'c' ORDER BY conname");
    expect(valid).toEqual([
      { conname: "customers_country_eu", convalidated: false },
      { conname: "customers_name_set", convalidated: true },
    ]);
  });

  it("validates the request against the catalog and quotes odd identifiers", async () => {
    const { submitIndex, clusterPool } = await lib();
    const id = seeded("catalog-apac", "ap-northeast-1");
    await expect(submitIndex(at("ap-northeast-1", id), { schema: "public", table: "nope", columns: ["a"], unique: false })).rejects.toMatchObject({ status: 400 });
    await expect(submitIndex(at("ap-northeast-1", id), { schema: "public", table: "products", columns: ["nope"], unique: false })).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/no column nope/),
    });
    await expect(submitIndex(at("ap-northeast-1", id), { schema: "public", table: "products", columns: ["sku"], unique: true, name: "products_sku_key" })).rejects.toMatchObject({ status: 409 });
    await expect(submitIndex(at("ap-northeast-1", id), { schema: "public", table: "products", columns: ["sku", "sku"], unique: false })).rejects.toMatchObject({ status: 400 });

    await clusterPool(at("ap-northeast-1", id)).query('CREATE TABLE public."Odd ""T"" name" (id int PRIMARY KEY, "Mixed Col; DROP TABLE products" text)');
    const s = await submitIndex(at("ap-northeast-1", id), { schema: "public", table: 'Odd "T" name', columns: ["Mixed Col; DROP TABLE products"], unique: false, name: "odd_mixed_idx" });
    expect(s.statement).toBe('CREATE INDEX ASYNC "odd_mixed_idx" ON "public"."Odd ""T"" name" ("Mixed Col; DROP TABLE products")');
    expect((await clusterPool(at("ap-northeast-1", id)).query("SELECT count(*)::int AS n FROM public.products"))[0]).toEqual({ n: 8000 });
  });

  it("a failed unique build can be dropped from the dashboard, and only an invalid index", async () => {
    const { submitIndex, dropInvalidIndex } = await lib();
    const id = seeded("orders-prod", "us-east-1");
    const s = await submitIndex(at("us-east-1", id), { schema: "public", table: "customers", columns: ["email"], unique: true, name: "customers_email_uniq" });
    emu.clock.advance(120_000);
    const job = await jobOf("us-east-1", id, s.jobId);
    expect(job).toMatchObject({ status: "failed", canDropIndex: true });
    await expect(dropInvalidIndex(at("us-east-1", id), "public", "orders_pkey")).rejects.toMatchObject({ status: 409 });
    await expect(dropInvalidIndex(at("us-east-1", id), "public", "no_such_idx")).rejects.toMatchObject({ status: 404 });
    expect((await dropInvalidIndex(at("us-east-1", id), "public", "customers_email_uniq")).statement).toBe('DROP INDEX "public"."customers_email_uniq"');
    const after = await jobOf("us-east-1", id, s.jobId);
    expect(after).toMatchObject({ index: null, canDropIndex: false });
    expect(after.advice).toMatch(/since been dropped/);
  });

  it("keeps jobs visible from the history after DSQL forgets them", async () => {
    const { clusterJobs, submitIndex } = await lib();
    const id = seeded("reporting-eu", "eu-west-1");
    const first = await submitIndex(at("eu-west-1", id), { schema: "public", table: "daily_sales", columns: ["store_id"], unique: false });
    emu.clock.advance(120_000);
    expect((await jobOf("eu-west-1", id, first.jobId)).status).toBe("completed");
    // 31 minutes later the next job to start makes DSQL prune the finished one.
    emu.clock.advance(31 * 60_000);
    await submitIndex(at("eu-west-1", id), { schema: "public", table: "daily_sales", columns: ["revenue_cents"], unique: false });
    const r = await clusterJobs(at("eu-west-1", id));
    expect(r.jobs.find((j) => j.jobId === first.jobId)).toMatchObject({ source: "history", status: "completed", type: "INDEX_BUILD", table: { name: "public.daily_sales" } });
  });

  it("reports a cluster that does not accept connections, per cluster, in words", async () => {
    const { clusterJobs } = await lib();
    const creating = emu.dsql.create("ap-northeast-1", { name: "it-creating" });
    const r = await clusterJobs(at("ap-northeast-1", creating.identifier));
    expect(r.liveError).toMatch(/not accepting connections/);
    expect(r.jobs).toEqual([]);
  });

  it("gathers the fleet's jobs, leaving idle clusters asleep", async () => {
    const { fleetJobs } = await lib();
    // A cluster that does not answer within the budget is reported as connecting, not waited for.
    const hurried = await fleetJobs({ budgetMs: 0 });
    expect(hurried.clusters.find((c) => c.name === "payments-eu")).toMatchObject({ pending: true, contacted: false, note: expect.stringMatching(/connecting/) });
    const f = await fleetJobs({ budgetMs: 120_000 });
    const idle = f.clusters.find((c) => c.name === "analytics-dev")!;
    expect(idle).toMatchObject({ contacted: false, status: "IDLE" });
    expect(idle.note).toMatch(/not woken/);
    expect(f.clusters.find((c) => c.name === "payments-eu")).toMatchObject({ contacted: true, error: null });
    // The multi-Region pair is one database: its jobs are listed once, naming the other Region.
    const failed = f.jobs.filter((j) => j.objectName === "public.customers_email_key" && j.jobId === f.jobs.find((x) => x.objectName === "public.customers_email_key")?.jobId);
    expect(failed).toHaveLength(1);
    expect(failed[0].clusterName).toBe("orders-prod");
    expect(failed[0].alsoOn?.map((p) => p.region)).toEqual([failed[0].region === "us-east-1" ? "us-east-2" : "us-east-1"]);
    // Only the sandbox account, whose role cannot be assumed, could not be listed.
    expect(new Set(f.regionErrors.map((r) => r.accountName))).toEqual(new Set(["sandbox"]));
  });
});

describe("the store on a DSQL cluster", { timeout: 180_000 }, () => {
  it("migrates and writes through the connection layer with IAM token passwords", async () => {
    const { openStore } = await lib();
    // A cluster of the dashboard's own account: its credentials sign the store's tokens.
    const id = seeded("catalog-apac", "ap-northeast-1");
    const db = await openStore({ url: `postgres://admin@${id}.dsql.ap-northeast-1.on.aws:5432/postgres`, dataDir: "unused" });
    await db.query("INSERT INTO audit_log (user_name, role, action, target, allowed, result, status) VALUES ($1, 'operator', 'test', 'x', true, 'ok', 200)", ["it"]);
    expect((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE user_name = $1", ["it"]))[0].n).toBe(1);
    // On DSQL the store's indexes are built ASYNC: the emulator recorded their jobs.
    const jobs = await db.query<{ object_name: string }>("SELECT object_name FROM sys.jobs WHERE job_type = 'INDEX_BUILD'");
    expect(jobs.map((j) => j.object_name)).toContain("public.audit_log_at_idx");
    await db.close();
  });
});
