import { hash32 } from "./random";
import { CH, CHANNELS, minuteValues, prepare, type MetricSource } from "./metrics";

/**
 * Database Insights for the scenario's clusters: `db.active_sessions.avg` (average active sessions,
 * AAS, per minute) by wait event, statement, application and role, as DSQL's DASH sampler publishes
 * it to CloudWatch. Built from the same per-minute numbers as the cluster's CloudWatch metrics, so
 * the two agree: OnCpu adds up to ComputeTime, the storage-read waits follow BytesRead, Commit
 * waits follow the write transactions times CommitLatency. Each cluster runs a few workloads
 * (statements with their application and role) that take shares of those totals; three tell a story:
 * - payments-eu's `billing-worker` leaks open transactions: sessions idle in transaction (ClientRead);
 * - orders-prod's `ops-reports` query scans public.orders for want of an index on status
 *   (SequentialScanRead) until an index on that column is valid: the seeded `orders_status_idx`
 *   build in sys.jobs, or one the dashboard's advisor submits;
 * - payments-eu's statements query scans public.ledger_entries by account, which no seeded index
 *   serves, until an index on that column is built (the Insights tab suggests one);
 * - orders-prod's inventory update is the OCC hot spot: its Commit waits grow with the cluster's
 *   conflict share, so they rise and fall with the seeded OCC incident.
 * Label names are those of the Aurora DSQL user guide ("Monitoring Aurora DSQL clusters with Aurora
 * DSQL Database Insights"). Simplifications: the extra reads of a scan are not added to BytesRead or
 * ReadDPU, and contention is a multiplier on Commit waits rather than modelled retries; commit-time
 * waits go to a statement named COMMIT, as DSQL attributes them (not to the statement that wrote).
 */

export const AAS_METRIC = "db.active_sessions.avg";
export const CLUSTER_LABEL = "@resource.aws.auroradsql.cluster_id";
export const WAIT_LABEL = "db.wait.event";
export const STATEMENT_LABEL = "db.query.normalized_text";
export const APP_LABEL = "application.name";
export const ROLE_LABEL = "aws.auroradsql.session.role.arn";
// The account and Region labels' names are not in the DSQL guide: these follow OpenTelemetry's resource conventions.
export const ACCOUNT_LABEL = "@resource.cloud.account.id";
export const REGION_LABEL = "@resource.cloud.region";

export interface Workload {
  /** Normalised SQL, as DASH reports it (literals replaced by $n). */
  text: string;
  /** application.name; DASH omits the label when the client set none. */
  app?: string;
  /** The IAM role the sessions connect with (its name; the label holds the ARN). */
  role: string;
  /** Shares of the cluster's compute time, storage-read time and commits (each adds up to 1 over a cluster's workloads). */
  cpu: number;
  reads: number;
  writes: number;
  /** Sessions idle in an open transaction at the daily peak, waiting on the client (ClientRead). */
  idleInTx?: number;
  /** Scans `table` for want of an index on `column`: SequentialScanRead AAS at the peak, until one is valid. */
  scan?: { table: string; column: string; aas: number };
  /** Part of the OCC hot spot: its Commit waits grow with the conflict share. */
  hot?: boolean;
}

const WORKLOADS: Record<string, Workload[]> = {
  "orders-prod": [
    {
      text: "INSERT INTO orders (id, customer_id, status, total_cents, created_at) VALUES ($1, $2, $3, $4, $5)",
      app: "checkout-api",
      role: "orders-app",
      cpu: 0.2,
      reads: 0.05,
      writes: 0.4,
      idleInTx: 0.05,
    },
    { text: "UPDATE inventory SET reserved = reserved + $1 WHERE sku = $2", app: "checkout-api", role: "orders-app", cpu: 0.15, reads: 0.1, writes: 0.45, hot: true },
    { text: "SELECT id, status, total_cents FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT $2", app: "order-history-api", role: "orders-app", cpu: 0.35, reads: 0.55, writes: 0 },
    {
      text: "SELECT id, customer_id, total_cents FROM orders WHERE status = $1 ORDER BY created_at",
      app: "ops-reports",
      role: "orders-reporting",
      cpu: 0.15,
      reads: 0.2,
      writes: 0,
      scan: { table: "public.orders", column: "status", aas: 1.2 },
    },
    { text: "UPDATE orders SET status = $1 WHERE id = $2", app: "fulfilment-worker", role: "orders-app", cpu: 0.1, reads: 0.05, writes: 0.15 },
    { text: "SELECT count(*) FROM customers WHERE country = $1", role: "orders-admin", cpu: 0.05, reads: 0.05, writes: 0 },
  ],
  "payments-eu": [
    {
      text: "INSERT INTO payments (merchant_id, amount_cents, currency, status, created_at) VALUES ($1, $2, $3, $4, $5)",
      app: "payments-api",
      role: "payments-app",
      cpu: 0.3,
      reads: 0.2,
      writes: 0.6,
    },
    // No index on ledger_entries.account (none is seeded): it scans until one is built (the Insights tab's advisor suggests it).
    {
      text: "SELECT id, amount_cents, created_at FROM ledger_entries WHERE account = $1 ORDER BY created_at DESC",
      app: "statements-api",
      role: "payments-app",
      cpu: 0.1,
      reads: 0.1,
      writes: 0,
      scan: { table: "public.ledger_entries", column: "account", aas: 0.8 },
    },
    // The leak: a batch that opens a transaction per merchant and forgets to end it until its connection is recycled.
    { text: "SELECT id, amount_cents FROM payments WHERE merchant_id = $1 AND status = $2", app: "billing-worker", role: "billing", cpu: 0.3, reads: 0.4, writes: 0, idleInTx: 1.6 },
    { text: "INSERT INTO ledger_entries (id, account, amount_cents, created_at) VALUES ($1, $2, $3, $4)", app: "billing-worker", role: "billing", cpu: 0.3, reads: 0.3, writes: 0.4 },
  ],
  "reporting-eu": [
    { text: "SELECT day, sum(revenue_cents) FROM daily_sales WHERE day >= $1 GROUP BY day", app: "reporting-ui", role: "reporting", cpu: 0.7, reads: 0.8, writes: 0 },
    { text: "INSERT INTO daily_sales (day, store_id, revenue_cents) VALUES ($1, $2, $3)", app: "sales-loader", role: "reporting-loader", cpu: 0.3, reads: 0.2, writes: 1 },
  ],
  "catalog-apac": [
    { text: "SELECT id, sku, title, price_cents FROM products WHERE id = $1", app: "catalog-api", role: "catalog-app", cpu: 0.8, reads: 0.85, writes: 0 },
    { text: "UPDATE products SET price_cents = $1 WHERE sku = $2", app: "pricing-sync", role: "catalog-app", cpu: 0.2, reads: 0.15, writes: 1 },
  ],
};
/** Generated fleets and clusters created at run time: one reading and one writing workload. */
const GENERIC: Workload[] = [
  { text: "SELECT * FROM items WHERE id = $1", app: "app", role: "app", cpu: 0.7, reads: 0.8, writes: 0 },
  { text: "UPDATE items SET updated_at = $1 WHERE id = $2", app: "app", role: "app", cpu: 0.3, reads: 0.2, writes: 1 },
];

export const workloadsOf = (clusterName: string): Workload[] => WORKLOADS[clusterName] ?? GENERIC;

/** Storage read throughput of a session, bytes per millisecond: turns BytesRead into read-wait time. */
const READ_BYTES_PER_MS = 4_000;
/** How much Commit waits grow per unit of conflict share on a hot statement (sessions queue behind hot keys). */
const HOT_CONTENTION = 10;
/** A scan's leftover read load once its index is valid (point lookups instead of a range scan). */
const INDEXED_SHARE = 0.02;

const WAIT_CLASS: Record<string, string> = { OnCpu: "class:oncpu", ClientRead: "class:client", SequentialScanRead: "class:io", ScatteredBatchRead: "class:io", Commit: "class:io" };

/** One series of a cluster: its labels and its value for a minute, from that minute's metrics. */
export interface SessionSeries {
  labels: Record<string, string>;
  /** A scan's series depend on when its index became valid. */
  scan?: Workload["scan"];
  value(m: MinuteContext): number;
}

/** What a minute's values are computed from. */
export interface MinuteContext {
  minute: number;
  /** The cluster's CloudWatch channels for that minute (metrics.ts). */
  channels: Float64Array;
  /** Transactions relative to the daily peak (0..~1). */
  loadRatio: number;
  /** Epoch ms from which the scanned column has a valid index (Infinity while it has none). */
  indexValidFrom: number;
}

/** Every series a cluster can have, with their labels (values are computed per minute). */
export function sessionSeries(rec: { name: string; identifier: string; account: string; region: string }): SessionSeries[] {
  const byKey = new Map<string, SessionSeries & { parts: ((m: MinuteContext) => number)[] }>();
  const add = (w: Workload, text: string, wait: string, value: (m: MinuteContext) => number, scan?: Workload["scan"]) => {
    const labels: Record<string, string> = {
      __name__: AAS_METRIC,
      [CLUSTER_LABEL]: rec.identifier,
      [ACCOUNT_LABEL]: rec.account,
      [REGION_LABEL]: rec.region,
      [WAIT_LABEL]: wait,
      "db.wait.class": WAIT_CLASS[wait],
      "db.session.state": wait === "ClientRead" ? "idle in transaction" : "active",
      "db.query.id": hash32(text).toString(16).padStart(8, "0"),
      [STATEMENT_LABEL]: text,
      [ROLE_LABEL]: `arn:aws:iam::${rec.account}:role/${w.role}`,
      ...(w.app ? { [APP_LABEL]: w.app } : {}),
    };
    const key = JSON.stringify(labels);
    let s = byKey.get(key);
    if (!s) {
      const parts: ((m: MinuteContext) => number)[] = [];
      byKey.set(key, (s = { labels, scan, parts, value: (m: MinuteContext) => parts.reduce((sum, f) => sum + f(m), 0) }));
    }
    s.parts.push(value);
  };
  const cpuAas = (m: MinuteContext) => m.channels[CH.ComputeTime] / 60_000;
  const readAas = (m: MinuteContext) => m.channels[CH.BytesRead] / READ_BYTES_PER_MS / 60_000;
  const occShare = (m: MinuteContext) => (m.channels[CH.TotalTransactions] > 0 ? m.channels[CH.OccConflicts] / m.channels[CH.TotalTransactions] : 0);
  const commitAas = (m: MinuteContext) => ((m.channels[CH.TotalTransactions] - m.channels[CH.ReadOnlyTransactions]) * m.channels[CH.CommitLatency]) / 60_000;
  for (const w of workloadsOf(rec.name)) {
    if (w.cpu) add(w, w.text, "OnCpu", (m) => cpuAas(m) * w.cpu);
    if (w.reads) add(w, w.text, "ScatteredBatchRead", (m) => readAas(m) * w.reads);
    if (w.writes) add(w, "COMMIT", "Commit", (m) => commitAas(m) * w.writes * (w.hot ? 1 + HOT_CONTENTION * occShare(m) : 1));
    // Leaked sessions stay open off-peak too: they fall less than the load does.
    if (w.idleInTx) add(w, w.text, "ClientRead", (m) => w.idleInTx! * (0.6 + 0.4 * m.loadRatio));
    const scan = w.scan;
    if (scan) {
      const indexed = (m: MinuteContext) => m.minute * 60_000 >= m.indexValidFrom;
      add(w, w.text, "SequentialScanRead", (m) => (indexed(m) ? 0 : scan.aas * m.loadRatio), scan);
      add(w, w.text, "ScatteredBatchRead", (m) => (indexed(m) ? scan.aas * INDEXED_SHARE * m.loadRatio : 0), scan);
    }
  }
  return [...byKey.values()].map(({ labels, scan, value }) => ({ labels, scan, value }));
}

/** The samples (minute start, AAS) of some of a cluster's series over the minutes [lo, hi); zero values are not published. */
export function sessionSamples(src: MetricSource, series: SessionSeries[], lo: number, hi: number, indexValidFrom: (s: SessionSeries) => number): { times: number[]; values: number[] }[] {
  const out = series.map(() => ({ times: [] as number[], values: [] as number[] }));
  const channels = new Float64Array(CHANNELS);
  const p = prepare(src);
  const peak = src.profile.peakTps * 60;
  const validFrom = series.map(indexValidFrom);
  for (let minute = lo; minute < hi; minute++) {
    minuteValues(src, minute, channels, p);
    const loadRatio = peak > 0 ? channels[CH.TotalTransactions] / peak : 0;
    series.forEach((s, i) => {
      const v = s.value({ minute, channels, loadRatio, indexValidFrom: validFrom[i] });
      if (v > 0) {
        out[i].times.push(minute * 60_000);
        out[i].values.push(Math.round(v * 1e4) / 1e4);
      }
    });
  }
  return out;
}
