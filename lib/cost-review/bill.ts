import "server-only";
import { readBill } from "../cost/bill";
import { compareBill, type BillComparison } from "../cost/bill-model";
import { regionPrice } from "../cost/pricing";
import type { CostReview } from "./index";

/** The bill for a cost review's current period beside its estimate (Cost Explorer, through the store). */
export async function reviewBill(r: Pick<CostReview, "comparison" | "estimateDays" | "regionErrors">, nowMs = Date.now()): Promise<BillComparison> {
  const bill = await readBill(r.comparison.current.startMs, r.comparison.current.toMs, nowMs);
  const regions = [...new Set([...r.estimateDays.map((d) => d.region), ...bill.lines.map((l) => l.region)])];
  const prices = Object.fromEntries(await Promise.all(regions.map(async (g) => [g, await regionPrice(g)] as const)));
  return compareBill(r.estimateDays, bill, prices, r.regionErrors);
}
