import type { Price } from "./prices";

/**
 * The bill beside the estimate, pure: Cost Explorer's DSQL lines (lib/cost/bill.ts reads them)
 * against the estimate from metrics, per account and Region, with the difference and its likely
 * reasons in dollars where the figures allow: usage not billed yet (the bill lags 24 to 48
 * hours), the free tier (billed at $0 under Global-DSQL-* usage types), and what remains, which
 * the data cannot attribute (credits, Savings Plans, rounding, multi-Region writes charged where
 * they started). The bill has one DPU line per Region: DPU kinds are known from metrics only.
 */

export interface BilledLine {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  account: string;
  /** The cluster's ARN, in the per-resource view. */
  resource?: string;
  usageType: string;
  kind: "dpu" | "storage";
  /** The Region, "global" for the free tier's lines, or the usage type's prefix when its Region is not known. */
  region: string;
  freeTier: boolean;
  /** DPUs, or GB-months. */
  quantity: number;
  usd: number;
  /** Cost Explorer's word that the figure is not final yet (the month is not closed). */
  estimated: boolean;
}

export interface Bill {
  lines: BilledLine[];
  /** The last day with any DSQL line in the bill; null when it has none. */
  billedThrough: string | null;
  /** Cost Explorer requests this read made (0 when the store had every day). */
  requests: number;
  /** The account Cost Explorer was asked from. */
  payer: string;
  /** Account names Cost Explorer gave, when it was asked. */
  names: Record<string, string>;
}

const USAGE = /^(.+)-DSQL-(DistributedProcessingUnits|Storage-ByteHrs)$/;

/** A DSQL usage type's Region and kind; undefined for a usage type that is not DPUs or storage. */
export function parseUsageType(usageType: string, regionOf: (prefix: string) => string | undefined): Pick<BilledLine, "kind" | "region" | "freeTier"> | undefined {
  const m = USAGE.exec(usageType);
  if (!m) return undefined;
  const kind = m[2] === "DistributedProcessingUnits" ? "dpu" : "storage";
  if (m[1] === "Global") return { kind, region: "global", freeTier: true };
  return { kind, region: regionOf(m[1]) ?? m[1], freeTier: false };
}

/** The estimate from metrics of one account's Region on one day. */
export interface EstimateDay {
  account: string;
  region: string;
  day: string;
  dpu: number;
  gbMonths: number;
  /** Null when the Region's price is unknown. */
  usd: number | null;
}

export type ReasonKind = "notBilledYet" | "freeTier" | "notVisible" | "notRead" | "unpriced" | "unexplained";

export interface Reason {
  kind: ReasonKind;
  /** What it accounts for in the difference (bill minus estimate); null when it cannot be put in dollars. */
  usd: number | null;
  text: string;
}

export interface BillRow {
  account: string;
  region: string;
  estimate: { dpu: number; gbMonths: number; usd: number | null };
  billed: { dpu: number; gbMonths: number; usd: number; dpuUsd: number; storageUsd: number };
  /** Bill minus estimate; null when the estimate has no dollars. */
  difference: number | null;
  reasons: Reason[];
}

export interface BillComparison {
  rows: BillRow[];
  totals: { estimate: number; billed: number; difference: number };
  billedThrough: string | null;
  requests: number;
  payer: string;
  /** Free-tier usage in the bill per account (the Global-DSQL-* lines at $0). */
  freeTier: { account: string; dpu: number; gbMonths: number }[];
  /** Whether any line is still marked estimated by Cost Explorer. */
  estimated: boolean;
}

const CENT = 0.005;
const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((s, x) => s + f(x), 0);
const money = (v: number) => `$${Math.abs(v).toFixed(2)}`;
const whole = (v: number) => Math.round(v).toLocaleString("en-US");

function totalsOf(days: EstimateDay[]) {
  const priced = days.every((d) => d.usd !== null);
  return { dpu: sum(days, (d) => d.dpu), gbMonths: sum(days, (d) => d.gbMonths), usd: priced ? sum(days, (d) => d.usd ?? 0) : null };
}

/** The bill against the estimate for the same days, per account and Region. */
export function compareBill(estimate: EstimateDay[], bill: Bill, prices: Record<string, Price>, unread: { account: string; region: string }[] = []): BillComparison {
  const notRead = new Set(unread.map((u) => `${u.account}|${u.region}`));
  const key = (account: string, region: string) => `${account}|${region}`;
  const keys = new Set([...estimate.map((d) => key(d.account, d.region)), ...bill.lines.filter((l) => !l.freeTier).map((l) => key(l.account, l.region))]);
  const billedAccounts = new Set(bill.lines.map((l) => l.account));
  const freeTierAccounts = new Set(bill.lines.filter((l) => l.freeTier && l.quantity > 0).map((l) => l.account));

  const used = (k: string) => estimate.some((d) => `${d.account}|${d.region}` === k && (d.dpu > 0 || d.gbMonths > 0)) || bill.lines.some((l) => !l.freeTier && `${l.account}|${l.region}` === k);
  // An idle cluster's Region, with nothing estimated and nothing billed, is left out.
  const rows = [...keys]
    .filter(used)
    .sort()
    .map((k): BillRow => {
      const [account, region] = k.split("|");
      const mine = estimate.filter((d) => d.account === account && d.region === region);
      const lines = bill.lines.filter((l) => l.account === account && l.region === region && !l.freeTier);
      const est = totalsOf(mine);
      const dpuLines = lines.filter((l) => l.kind === "dpu");
      const storageLines = lines.filter((l) => l.kind === "storage");
      const billed = {
        dpu: sum(dpuLines, (l) => l.quantity),
        gbMonths: sum(storageLines, (l) => l.quantity),
        usd: sum(lines, (l) => l.usd),
        dpuUsd: sum(dpuLines, (l) => l.usd),
        storageUsd: sum(storageLines, (l) => l.usd),
      };
      const difference = est.usd === null ? null : billed.usd - est.usd;
      const reasons: Reason[] = [];
      const price = prices[region];
      if (est.usd === null) reasons.push({ kind: "unpriced", usd: null, text: `No price is known for ${region}: the estimate has no dollars, the bill does.` });
      if (notRead.has(k)) reasons.push({ kind: "notRead", usd: null, text: `The dashboard could not read this account's clusters or metrics in ${region}: their usage is billed but not estimated.` });
      if (!billedAccounts.has(account) && account !== bill.payer && est.dpu > 0) {
        reasons.push({
          kind: "notVisible",
          usd: null,
          text: `Cost Explorer in account ${bill.payer} shows no DSQL usage of ${account}: it sees only the accounts it pays for (run the dashboard in the management account to see them all).`,
        });
      }
      const later = totalsOf(mine.filter((d) => bill.billedThrough === null || d.day > bill.billedThrough));
      let explained = 0;
      if (later.usd !== null && later.usd > CENT && billedAccounts.has(account)) {
        const days = new Set(mine.filter((d) => bill.billedThrough === null || d.day > bill.billedThrough).map((d) => d.day)).size;
        reasons.push({
          kind: "notBilledYet",
          usd: -later.usd,
          text: `${days} day${days === 1 ? "" : "s"} after ${bill.billedThrough ?? "the period's start"} not in the bill yet (Cost Explorer lags 24 to 48 hours): ${money(later.usd)} estimated.`,
        });
        explained -= later.usd;
      }
      if (freeTierAccounts.has(account) && price?.known) {
        const inBill = totalsOf(mine.filter((d) => bill.billedThrough !== null && d.day <= bill.billedThrough));
        const freeDpu = Math.max(0, inBill.dpu - billed.dpu);
        const freeGb = Math.max(0, inBill.gbMonths - billed.gbMonths);
        const usd = (freeDpu * price.dpuPerMillion) / 1e6 + freeGb * price.storageGbMonth;
        if (usd > CENT) {
          reasons.push({
            kind: "freeTier",
            usd: -usd,
            text: `Free tier: ${whole(freeDpu)} DPU${freeGb > 0.0005 ? ` and ${freeGb.toFixed(3)} GB-months` : ""} charged at $0 (100,000 DPUs and 1 GB-month per account and month, used from the 1st).`,
          });
          explained -= usd;
        }
      }
      if (difference !== null && !notRead.has(k)) {
        const rest = difference - explained;
        if (Math.abs(rest) >= Math.max(0.01, 0.005 * Math.abs(est.usd ?? 0))) {
          reasons.push({
            kind: "unexplained",
            usd: rest,
            text: `${rest > 0 ? "Billed" : "Estimated"} ${money(rest)} more than the figures explain: credits, Savings Plans (DSQL counts toward Database Savings Plans) and refunds, rounding, multi-Region writes (charged in the Region where they started), storage of each peer (charged in its own Region, and while PENDING_DELETE), CDC stream DPUs (inside the DPU line), GiB against GB, or a cluster deleted in the period (its metrics are not read).`,
          });
        }
      }
      return { account, region, estimate: est, billed, difference, reasons };
    });
  const freeTier = [...freeTierAccounts].sort().map((account) => {
    const mine = bill.lines.filter((l) => l.account === account && l.freeTier);
    return {
      account,
      dpu: sum(
        mine.filter((l) => l.kind === "dpu"),
        (l) => l.quantity,
      ),
      gbMonths: sum(
        mine.filter((l) => l.kind === "storage"),
        (l) => l.quantity,
      ),
    };
  });
  const estimateTotal = sum(rows, (r) => r.estimate.usd ?? 0);
  const billedTotal = sum(rows, (r) => r.billed.usd);
  return {
    rows,
    totals: { estimate: estimateTotal, billed: billedTotal, difference: billedTotal - estimateTotal },
    billedThrough: bill.billedThrough,
    requests: bill.requests,
    payer: bill.payer,
    freeTier,
    estimated: bill.lines.some((l) => l.estimated),
  };
}

/** A cluster's share of its account's Region over the days the bill covers. */
export interface ClusterUse {
  key: string;
  account: string;
  region: string;
  dpu: number;
  gbMonths: number;
}

/**
 * Each cluster's part of the bill, allocated: a Region's billed DPU dollars by the clusters' shares
 * of TotalDPU, its storage dollars by their shares of storage, over the days the bill covers. An
 * allocation, not AWS's per-resource figure (Cost Explorer's resource-level data is opt-in).
 */
export function allocateBill(rows: BillRow[], clusters: ClusterUse[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    const mine = clusters.filter((c) => c.account === r.account && c.region === r.region);
    const dpu = sum(mine, (c) => c.dpu);
    const gb = sum(mine, (c) => c.gbMonths);
    for (const c of mine) out.set(c.key, (dpu > 0 ? (r.billed.dpuUsd * c.dpu) / dpu : 0) + (gb > 0 ? (r.billed.storageUsd * c.gbMonths) / gb : 0));
  }
  return out;
}
