import { ACCOUNT_GROUP, COST_KINDS, type ClusterCostRow, type Figures } from "./compare";
import type { CostReview } from "./index";
import type { BillComparison } from "../cost/bill-model";

/**
 * The cost review as CSV (RFC 4180, CRLF): one row per cluster and a total row, dollars with
 * cents, DPUs whole. Cells a spreadsheet would run as a formula (=, +, -, @ at the start, as a
 * tag value may) are prefixed with an apostrophe.
 */

export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return "";
  let s = typeof v === "number" ? String(v) : v;
  // A plain number (a negative amount) is not a formula: it stays a number for the spreadsheet.
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s) && !/^-\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const money = (v: number | null) => (v === null ? null : v.toFixed(2));
const whole = (v: number) => Math.round(v);
const share = (v: number | null) => (v === null ? null : (100 * v).toFixed(1));

export function csvFileName(r: Pick<CostReview, "comparison" | "groupBy" | "tag">, part: "review" | "bill" = "review"): string {
  const p = r.comparison.params;
  const period = "month" in p ? p.month : `${p.from}_${p.to}`;
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, "-");
  if (part === "bill") return `dsql-bill-${period}.csv`;
  return `dsql-cost-${period}${r.tag ? `-${safe(r.tag.key)}-${safe(r.tag.value)}` : ""}.csv`;
}

export function reviewCsv(r: CostReview): string {
  const figures = (f: Figures) => [...COST_KINDS.map((k) => whole(f.byKind[k])), whole(f.dpu), f.gbMonths.toFixed(3), money(f.dpuCost), money(f.storageCost), money(f.total)];
  const header = [
    "period",
    "account_id",
    "region",
    "cluster_id",
    "name",
    ...(r.groupBy ? [r.groupBy === ACCOUNT_GROUP ? "account" : `tag:${r.groupBy}`] : []),
    ...COST_KINDS.map((k) => k.replace(/DPU$/, "_dpu").toLowerCase()),
    "total_dpu",
    "gb_months",
    "dpu_usd",
    "storage_usd",
    "total_usd",
    "previous_total_usd",
    "delta_usd",
    "share_of_change_pct",
    "price",
    // The cluster's part of the bill through the last billed day, and whether it is Cost Explorer's per-resource figure or an allocation.
    ...(r.bill ? [`billed_usd_through_${r.bill.billedThrough ?? "none"}`, "billed_basis"] : []),
  ];
  const row = (c: ClusterCostRow) => [
    r.comparison.current.label,
    c.account,
    c.region,
    c.identifier,
    c.name,
    ...(r.groupBy ? [c.group ?? ""] : []),
    ...figures(c.current),
    money(c.previous.total),
    money(c.change.delta),
    share(c.change.share),
    c.priced ? "known" : "unknown: not in totals",
    ...(r.bill ? [money(c.billed?.usd ?? 0), c.billed?.basis ?? ""] : []),
  ];
  const t = r.totals;
  const total = [
    r.comparison.current.label,
    "",
    "TOTAL (priced regions)",
    "",
    `${r.clusters.filter((c) => c.priced).length} clusters`,
    ...(r.groupBy ? [""] : []),
    ...COST_KINDS.map((k) => whole(r.clusters.filter((c) => c.priced).reduce((s, c) => s + c.current.byKind[k], 0))),
    whole(t.current.dpu),
    t.current.gbMonths.toFixed(3),
    money(t.current.dpuCost),
    money(t.current.storageCost),
    money(t.current.total),
    money(t.previous.total),
    money(t.delta),
    t.delta === 0 ? null : "100.0",
    "",
    ...(r.bill ? [money(r.clusters.reduce((s, c) => s + (c.billed?.usd ?? 0), 0)), ""] : []),
  ];
  return [header, ...r.clusters.map(row), total].map((cells) => cells.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** The bill beside the estimate as CSV: one row per account and Region, and a total row. */
export function billCsv(r: Pick<CostReview, "comparison">, bill: BillComparison): string {
  const header = ["period", "account_id", "region", "estimate_usd", "billed_usd", "difference_usd", "billed_dpu", "billed_gb_months", "reasons"];
  const rows = bill.rows.map((b) => [
    r.comparison.current.label,
    b.account,
    b.region,
    money(b.estimate.usd),
    money(b.billed.usd),
    money(b.difference),
    whole(b.billed.dpu),
    b.billed.gbMonths.toFixed(3),
    b.reasons.map((x) => (x.usd === null ? x.text : `${money(x.usd)}: ${x.text}`)).join(" | "),
  ]);
  const total = [
    r.comparison.current.label,
    "",
    "TOTAL",
    money(bill.totals.estimate),
    money(bill.totals.billed),
    money(bill.totals.difference),
    "",
    "",
    `billed through ${bill.billedThrough ?? "no day yet"}`,
  ];
  return [header, ...rows, total].map((cells) => cells.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
