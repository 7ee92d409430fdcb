import { DsqlSigner, type DsqlSignerConfig } from "@aws-sdk/dsql-signer";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withEmulator } from "./emulator";

/** The emulator's SQL endpoint through `pg` and the real DsqlSigner, as any DSQL client reaches it. */

let emu: Awaited<ReturnType<typeof withEmulator>>;
const clients: Client[] = [];

function cluster(name: string, region?: string) {
  const c = emu.dsql.all().find((x) => x.name === name && (!region || x.region === region));
  if (!c) throw new Error(`no cluster ${name}`);
  return c;
}

const MANAGEMENT_KEYS = { accessKeyId: "test", secretAccessKey: "test" };

/** A token signed in the cluster's own account (a member account's through its role), unless other credentials are given. */
async function token(c: { identifier: string; region: string; account?: string }, action: "admin" | "role" = "admin", credentials?: DsqlSignerConfig["credentials"]) {
  const own = !c.account || c.account === emu.identities.defaultAccount ? MANAGEMENT_KEYS : emu.clientConfigIn(c.account, c.region).credentials;
  const signer = new DsqlSigner({ hostname: `${c.identifier}.dsql.${c.region}.on.aws`, region: c.region, credentials: credentials ?? own });
  return action === "admin" ? signer.getDbConnectAdminAuthToken() : signer.getDbConnectAuthToken();
}

async function connect(c: { identifier: string; region: string }, opts: { user?: string; password?: string } = {}): Promise<Client> {
  const client = new Client({ ...emu.sqlEndpoint, user: opts.user ?? "admin", database: "postgres", password: opts.password ?? (await token(c)), ssl: false });
  clients.push(client);
  await client.connect();
  return client;
}

async function refusal(c: { identifier: string; region: string }, opts: { user?: string; password?: string }) {
  try {
    await connect(c, opts);
  } catch (err) {
    return err as { code?: string; message: string };
  }
  throw new Error("the connection was accepted");
}

const indexState = async (db: Client, name: string) =>
  (
    await db.query<{ indisvalid: boolean; def: string }>("SELECT i.indisvalid, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1", [
      name,
    ])
  ).rows[0];

// Time scale 1: jobs move only when a test advances the clock, so every state can be observed.
beforeAll(async () => {
  emu = await withEmulator({ timeScale: 1 });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  await emu.close();
});

describe("connecting with an IAM token", { timeout: 180_000 }, () => {
  it("publishes the SQL endpoint in the control API", async () => {
    const list = (await (await fetch(`${emu.endpoint}/_emulator/clusters`)).json()) as { sql: { host: string; port: number } }[];
    expect(list[0].sql).toEqual(emu.sqlEndpoint);
  });

  it("routes a session to the cluster named in the token, and answers like DSQL", async () => {
    const db = await connect(cluster("catalog-apac"));
    const r = await db.query("SELECT count(*)::int AS n FROM public.products");
    expect(r.rows[0].n).toBe(8000);
    expect((await db.query("SELECT * FROM sys.dsql_major_version()")).rows[0]).toEqual({ dsql_major_version: 1 });
  });

  it("refuses a garbage or empty password with 28P01, and a DbConnect token for admin with 28000", async () => {
    const c = cluster("catalog-apac");
    expect(await refusal(c, { password: "not-a-token" })).toMatchObject({ code: "28P01" });
    expect(await refusal(c, { password: "" })).toMatchObject({ code: "28P01" });
    const wrong = await refusal(c, { password: await token(c, "role") });
    expect(wrong.code).toBe("28000");
    expect(wrong.message).toMatch(/dsql:DbConnectAdmin/);
    // A custom role connects with a DbConnect token.
    await expect(connect(c, { user: "reporting", password: await token(c, "role") })).resolves.toBeInstanceOf(Client);
  });

  it("admits a token signed in the cluster's own account, and refuses one from another account (28000) or an unknown temporary key (28P01)", async () => {
    const staging = cluster("reporting-eu");
    expect(staging.account).not.toBe(emu.identities.defaultAccount);
    // The management account's keys are not the staging cluster's account.
    const foreign = await refusal(staging, { password: await token(staging, "admin", MANAGEMENT_KEYS) });
    expect(foreign.code).toBe("28000");
    expect(foreign.message).toMatch(new RegExp(`belongs to account ${staging.account}`));
    // Signed with the staging account's role, as the dashboard signs for a member account's cluster.
    const db = await connect(staging);
    expect((await db.query("SELECT count(*)::int AS n FROM public.daily_sales")).rows[0].n).toBeGreaterThan(0);
    const unknown = { accessKeyId: "ASIAUNKNOWNKEY000000", secretAccessKey: "x", sessionToken: "y" };
    expect(await refusal(staging, { password: await token(staging, "admin", unknown) })).toMatchObject({ code: "28P01" });
  });

  it("refuses connections while the cluster is being created", async () => {
    const creating = cluster("search-staging");
    expect(emu.dsql.status(creating)).toBe("CREATING");
    const err = await refusal(creating, {});
    expect(err.code).toBe("57P03");
    expect(err.message).toMatch(/CREATING/);
  });
});

describe("restored clusters", { timeout: 180_000 }, () => {
  it("a cluster restored from a recovery point holds its source's tables and rows, not an empty database", async () => {
    const { BackupClient, DescribeRestoreJobCommand, ListRecoveryPointsByResourceCommand, StartRestoreJobCommand } = await import("@aws-sdk/client-backup");
    const src = cluster("catalog-apac");
    const b = new BackupClient(emu.clientConfig(src.region));
    const points = (await b.send(new ListRecoveryPointsByResourceCommand({ ResourceArn: src.arn }))).RecoveryPoints ?? [];
    const point = points.filter((p) => p.Status === "COMPLETED").sort((x, y) => +new Date(y.CreationDate!) - +new Date(x.CreationDate!))[0];
    const { RestoreJobId } = await b.send(
      new StartRestoreJobCommand({
        RecoveryPointArn: point.RecoveryPointArn!,
        IamRoleArn: "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole",
        Metadata: { regionalConfig: JSON.stringify([{ region: src.region, isDeletionProtectionEnabled: false }]) },
      }),
    );
    emu.clock.advance(3 * 3_600_000);
    const done = await b.send(new DescribeRestoreJobCommand({ RestoreJobId }));
    expect(done.Status).toBe("COMPLETED");
    const restored = emu.dsql.all().find((c) => c.arn === done.CreatedResourceArn)!;
    expect(emu.dsql.status(restored)).toBe("ACTIVE");
    const count = async (c: { identifier: string; region: string }) => (await (await connect(c)).query("SELECT count(*)::int AS n FROM public.products")).rows[0].n as number;
    expect(await count(restored)).toBe(8000);
    expect(await count(restored)).toBe(await count(src));
  });
});

describe("sys.jobs and CREATE INDEX ASYNC", { timeout: 180_000 }, () => {
  it("has DSQL's columns and the seeded jobs, a failed unique build among them", async () => {
    const db = await connect(cluster("orders-prod", "us-east-1"));
    const r = await db.query("SELECT * FROM sys.jobs ORDER BY start_time");
    expect(r.fields.map((f) => f.name)).toEqual(["job_id", "status", "details", "job_type", "class_id", "object_id", "object_name", "start_time", "update_time"]);
    const types = new Set(r.rows.map((j) => j.job_type));
    expect(types).toEqual(new Set(["INDEX_BUILD", "ANALYZE", "DROP"]));
    const failed = r.rows.find((j) => j.status === "failed");
    expect(failed).toMatchObject({ job_type: "INDEX_BUILD", object_name: "public.customers_email_key", details: "Found duplicate key while validating index for UCVs", class_id: 1259 });
    expect((await indexState(db, "customers_email_key")).indisvalid).toBe(false);
    const drop = r.rows.find((j) => j.job_type === "DROP");
    expect(drop.object_name).toBeNull();
    for (const j of r.rows) expect(j.job_id).toMatch(/^[a-z2-7]{26}$/);
    // Seeded tables were analysed: reltuples is a real estimate.
    expect((await db.query("SELECT reltuples FROM pg_class WHERE oid = 'public.orders'::regclass")).rows[0].reltuples).toBe(20000);
  });

  it("the peer of a multi-region cluster sees the same database", async () => {
    const east2 = await connect(cluster("orders-prod", "us-east-2"));
    expect((await east2.query("SELECT count(*)::int AS n FROM sys.jobs WHERE object_name = 'public.customers_email_key'")).rows[0].n).toBe(1);
  });

  it("returns a job id, keeps the index invalid while it builds, and validates it when the job completes", async () => {
    const db = await connect(cluster("payments-eu"));
    const r = await db.query("CREATE INDEX ASYNC payments_created_at_idx ON public.payments (created_at)");
    expect(r.fields.map((f) => f.name)).toEqual(["job_id"]);
    const jobId = r.rows[0].job_id as string;
    expect(jobId).toMatch(/^[a-z2-7]{26}$/);
    expect(await indexState(db, "payments_created_at_idx")).toEqual({ indisvalid: false, def: "CREATE INDEX payments_created_at_idx ON public.payments USING btree (created_at)" });
    const job = (await db.query("SELECT status, job_type, object_name FROM sys.jobs WHERE job_id = $1", [jobId])).rows[0];
    expect(job).toEqual({ status: "submitted", job_type: "INDEX_BUILD", object_name: "public.payments_created_at_idx" });

    // wait_for_job blocks until the job ends: here, until the clock passes the build's duration.
    let returned = false;
    const waiting = db.query("SELECT sys.wait_for_job($1)", [jobId]).then((r) => {
      returned = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(returned).toBe(false);
    emu.clock.advance(120_000);
    expect((await waiting).rows[0].wait_for_job).toBe(true);
    expect((await indexState(db, "payments_created_at_idx")).indisvalid).toBe(true);
    const done = (await db.query("SELECT status, start_time, update_time FROM sys.jobs WHERE job_id = $1", [jobId])).rows[0];
    expect(done.status).toBe("completed");
    expect(done.update_time.getTime()).toBeGreaterThan(done.start_time.getTime());
    // The plan uses the index once it is valid.
    await db.query("SET enable_seqscan = off");
    const plan = (await db.query("EXPLAIN SELECT * FROM public.payments WHERE created_at > now()")).rows.map((x) => x["QUERY PLAN"]).join("\n");
    await db.query("RESET enable_seqscan");
    expect(plan).toMatch(/payments_created_at_idx/);
  });

  it("fails a unique build over duplicates and leaves the index invalid; CALL waits too", async () => {
    const db = await connect(cluster("payments-eu"));
    const jobId = (await db.query("CREATE UNIQUE INDEX ASYNC payments_merchant_key ON public.payments (merchant_id)")).rows[0].job_id;
    emu.clock.advance(120_000);
    expect((await db.query(`CALL sys.wait_for_job('${jobId}')`)).command).toBe("CALL");
    const job = (await db.query("SELECT status, details FROM sys.jobs WHERE job_id = $1", [jobId])).rows[0];
    expect(job).toEqual({ status: "failed", details: "Found duplicate key while validating index for UCVs" });
    expect((await db.query("SELECT sys.wait_for_job($1) AS ok", [jobId])).rows[0].ok).toBe(false);
    expect((await indexState(db, "payments_merchant_key")).indisvalid).toBe(false);
    // Dropping the invalid index is the way out; DSQL then removes its data in a DROP job.
    await db.query("DROP INDEX public.payments_merchant_key");
    expect(await indexState(db, "payments_merchant_key")).toBeUndefined();
    const drops = await db.query("SELECT status FROM sys.jobs WHERE job_type = 'DROP'");
    expect(drops.rows.length).toBeGreaterThanOrEqual(1);
  });

  it("answers bad index requests with PostgreSQL errors and starts no job", async () => {
    const db = await connect(cluster("payments-eu"));
    const before = (await db.query("SELECT count(*)::int AS n FROM sys.jobs")).rows[0].n;
    await expect(db.query("CREATE INDEX ASYNC x ON public.nope (a)")).rejects.toMatchObject({ code: "42P01" });
    await expect(db.query("CREATE INDEX ASYNC x ON public.payments (nope)")).rejects.toMatchObject({ code: "42703" });
    await expect(db.query("CREATE INDEX ASYNC x ON public.payments (status DESC)")).rejects.toMatchObject({ code: "0A000" });
    await db.query("BEGIN");
    await expect(db.query("CREATE INDEX ASYNC x ON public.payments (status)")).rejects.toMatchObject({ code: "25001" });
    await db.query("ROLLBACK");
    expect((await db.query("SELECT count(*)::int AS n FROM sys.jobs")).rows[0].n).toBe(before);
    // IF NOT EXISTS on an existing index starts nothing.
    expect((await db.query("CREATE INDEX ASYNC IF NOT EXISTS payments_pkey ON public.payments (id)")).rows[0].job_id).toBeNull();
  });

  it("moves jobs through submitted and processing on the emulator clock, and forgets finished ones after 30 minutes", async () => {
    const db = await connect(cluster("reporting-eu"));
    const jobId = (await db.query("CREATE INDEX ASYNC daily_sales_revenue_idx ON public.daily_sales (revenue_cents)")).rows[0].job_id;
    const status = async () => (await db.query("SELECT status FROM sys.jobs WHERE job_id = $1", [jobId])).rows[0]?.status;
    expect(await status()).toBe("submitted");
    emu.clock.advance(6_000); // past the 5 s queue
    expect(await status()).toBe("processing");
    emu.clock.advance(60_000);
    expect(await status()).toBe("completed");
    // A finished job stays listed for 30 minutes; the next job to start prunes it after that.
    emu.clock.advance(31 * 60_000);
    expect(await status()).toBe("completed");
    await db.query("CREATE INDEX ASYNC daily_sales_store_idx ON public.daily_sales (store_id)");
    expect(await status()).toBeUndefined();
  });

  it("serialises sessions: a transaction open on one blocks the others until it commits, without deadlock", async () => {
    const c = cluster("analytics-dev");
    const [a, b] = [await connect(c), await connect(c)];
    await a.query("BEGIN");
    await a.query("INSERT INTO public.events VALUES (100001, 'view', now())");
    let bDone = false;
    const bRead = b.query("SELECT count(*)::int AS n FROM public.events WHERE id = 100001").then((r) => {
      bDone = true;
      return r.rows[0].n;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(bDone).toBe(false);
    await a.query("COMMIT");
    expect(await bRead).toBe(1);
  });
});
