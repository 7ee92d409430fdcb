import type { Clock } from "../clock";
import type { ClusterDb } from "./cluster-db";
import { seededJobId } from "./jobs";
import { classify } from "./statements";

/**
 * What the demo clusters hold: tables with rows (ANALYZEd, so pg_class.reltuples is meaningful) and
 * async jobs in every state, a foreign key's failed validation among them. Job times are offsets from the emulator's start, in emulated seconds
 * (divided by the time scale on the wall clock), so in-flight jobs finish while you watch. The jobs
 * are replayed through the same runner as a client's, so their work is real: the failed unique build
 * fails because the table really holds duplicate emails, and its index really stays invalid.
 */

type SeedJob =
  | { kind: "index"; sql: string; atS: number }
  | { kind: "analyze"; table: string; atS: number }
  | { kind: "drop"; table: string; atS: number }
  | { kind: "validate"; table: string; constraint: string; atS: number };

export interface SeedPlan {
  sql: string[];
  jobs: SeedJob[];
}

const customers = [
  "CREATE TABLE public.customers (id bigint PRIMARY KEY, email text NOT NULL, name text NOT NULL, country text NOT NULL, created_at timestamptz NOT NULL)",
  // Every 250th customer signed up twice with the same email: the unique index on email cannot build.
  `INSERT INTO public.customers
     SELECT g, 'customer' || (CASE WHEN g % 250 = 0 THEN g - 1 ELSE g END) || '@example.com', 'Customer ' || g,
            (ARRAY['US','DE','JP','BR','IN'])[1 + g % 5], now() - make_interval(mins => g)
     FROM generate_series(1, 5000) g`,
];
const orders = [
  "CREATE TABLE public.orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, status text NOT NULL, total_cents bigint NOT NULL, created_at timestamptz NOT NULL)",
  `INSERT INTO public.orders
     SELECT g, 1 + (g * 7919) % 5000, (ARRAY['pending','paid','shipped','delivered','refunded'])[1 + g % 5],
            500 + (g * 37) % 50000, now() - make_interval(secs => g * 30)
     FROM generate_series(1, 20000) g`,
];

const ordersDb: SeedPlan = {
  sql: [...customers, ...orders, "CREATE TABLE public.orders_archive_2024 (id bigint PRIMARY KEY, payload text)"],
  jobs: [
    { kind: "index", sql: "CREATE INDEX ASYNC customers_created_at_idx ON public.customers (created_at)", atS: -1500 },
    { kind: "index", sql: "CREATE INDEX ASYNC orders_created_at_idx ON public.orders (created_at)", atS: -1320 },
    { kind: "index", sql: "CREATE UNIQUE INDEX ASYNC customers_email_key ON public.customers (email)", atS: -720 },
    { kind: "analyze", table: "public.orders", atS: -400 },
    { kind: "index", sql: "CREATE INDEX ASYNC orders_customer_id_idx ON public.orders (customer_id)", atS: -60 },
    { kind: "drop", table: "public.orders_archive_2024", atS: -8 },
    { kind: "index", sql: "CREATE INDEX ASYNC orders_status_idx ON public.orders (status)", atS: -2 },
  ],
};

const plans: Record<string, SeedPlan> = {
  // Both regions of the multi-region pair: they share one database.
  "orders-prod": ordersDb,
  "payments-eu": {
    sql: [
      "CREATE TABLE public.payments (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), merchant_id int NOT NULL, amount_cents bigint NOT NULL, currency text NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL)",
      `INSERT INTO public.payments (merchant_id, amount_cents, currency, status, created_at)
         SELECT 1 + g % 400, 100 + (g * 53) % 90000, (ARRAY['EUR','GBP','CHF'])[1 + g % 3], (ARRAY['authorized','captured','refunded'])[1 + g % 3],
                now() - make_interval(secs => g * 20)
         FROM generate_series(1, 15000) g`,
      "CREATE TABLE public.ledger_entries (id bigint PRIMARY KEY, account text NOT NULL, amount_cents bigint NOT NULL, created_at timestamptz NOT NULL)",
      `INSERT INTO public.ledger_entries
         SELECT g, 'acct-' || (g % 1200), (g * 71) % 100000 - 50000, now() - make_interval(secs => g * 10)
         FROM generate_series(1, 20000) g`,
    ],
    jobs: [
      // Older than DSQL's 30-minute retention: it disappears from sys.jobs when the next job starts.
      { kind: "index", sql: "CREATE INDEX ASYNC payments_merchant_id_idx ON public.payments (merchant_id)", atS: -2700 },
      { kind: "analyze", table: "public.ledger_entries", atS: -20 },
    ],
  },
  "catalog-apac": {
    sql: [
      "CREATE TABLE public.products (id bigint PRIMARY KEY, sku text NOT NULL, title text NOT NULL, price_cents bigint NOT NULL)",
      "INSERT INTO public.products SELECT g, 'SKU-' || lpad(g::text, 6, '0'), 'Product ' || g, 100 + (g * 13) % 20000 FROM generate_series(1, 8000) g",
      // A foreign key added NOT VALID, as DSQL requires, whose validation fails: every 500th review points at a product deleted since.
      "CREATE TABLE public.product_reviews (id bigint PRIMARY KEY, product_id bigint NOT NULL, stars int NOT NULL, body text)",
      "INSERT INTO public.product_reviews SELECT g, CASE WHEN g % 500 = 0 THEN 8000 + g ELSE 1 + (g * 31) % 8000 END, 1 + g % 5, 'Review ' || g FROM generate_series(1, 3000) g",
      "ALTER TABLE public.product_reviews ADD CONSTRAINT product_reviews_product_id_fkey FOREIGN KEY (product_id) REFERENCES public.products (id) NOT VALID",
    ],
    jobs: [
      { kind: "index", sql: "CREATE UNIQUE INDEX ASYNC products_sku_key ON public.products (sku)", atS: -600 },
      { kind: "validate", table: "public.product_reviews", constraint: "product_reviews_product_id_fkey", atS: -240 },
    ],
  },
  "reporting-eu": {
    sql: [
      "CREATE TABLE public.daily_sales (day date NOT NULL, store_id int NOT NULL, revenue_cents bigint NOT NULL, PRIMARY KEY (day, store_id))",
      "INSERT INTO public.daily_sales SELECT current_date - (g / 20), g % 20, (g * 97) % 1000000 FROM generate_series(1, 10000) g",
    ],
    jobs: [],
  },
  "analytics-dev": {
    sql: [
      "CREATE TABLE public.events (id bigint PRIMARY KEY, kind text NOT NULL, at timestamptz NOT NULL)",
      "INSERT INTO public.events SELECT g, (ARRAY['view','click','buy'])[1 + g % 3], now() - make_interval(mins => g) FROM generate_series(1, 2000) g",
    ],
    jobs: [],
  },
};

export function seedPlan(clusterName: string): SeedPlan | undefined {
  return plans[clusterName];
}

/**
 * Replays a plan's jobs in a database opened with its `sql` (see ClusterDb.open); `startMs` is the
 * emulator's start on the wall clock.
 */
export async function applySeedJobs(db: ClusterDb, plan: SeedPlan, clock: Clock, startMs: number, seedKey: string): Promise<void> {
  const at = (s: number) => startMs + (s * 1000) / clock.timeScale;
  await db.lock.run("seed", async () => {
    for (const [i, job] of plan.jobs.entries()) {
      const opts = { at: at(job.atS), id: seededJobId(`${seedKey}/${i}`), seeding: true };
      if (job.kind === "index") {
        const s = classify(job.sql);
        if (s?.kind !== "createIndexAsync") throw new Error(`seed: not a CREATE INDEX ASYNC: ${job.sql}`);
        const r = await db.runner.submitIndex(s, opts);
        if ("error" in r) throw new Error(`seed: ${r.error.message}`);
      } else if (job.kind === "validate") {
        const r = await db.runner.submitValidate(job.table, job.constraint, opts);
        if ("error" in r) throw new Error(`seed: ${r.error.message}`);
      } else {
        const [t] = await db.query<{ oid: number }>("SELECT to_regclass($1)::oid::int AS oid", [job.table]);
        if (job.kind === "analyze") await db.runner.submitAnalyze(t.oid, opts);
        else {
          await db.exec(`DROP TABLE ${job.table}`);
          await db.runner.submitDrop(t.oid, opts);
        }
      }
    }
  });
  // Jobs whose time has passed finish now, in order, with their scheduled timestamps.
  await db.runner.advance();
}
