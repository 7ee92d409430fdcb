import "server-only";
import { watchedAccounts, type WatchedAccount } from "../aws/accounts";
import { clusterKey } from "../aws/scope";
import { listFleet, type RegionClusters } from "../dsql/clusters";
import { fleetUsage, type RegionUsage } from "../metrics/overview";
import { budgetStatuses, scopeLabel, type Budget, type BudgetStatus, type ClusterSpend } from "./budget-model";
import { listBudgets } from "./budgets";
import { monthBounds } from "./index";

/** The fleet's spend this month as the overview read it: listing, usage (index for index) and the accounts. */
export interface FleetSpend {
  fleet: RegionClusters[];
  usage: RegionUsage[];
  accounts: WatchedAccount[];
}

export interface BudgetReport {
  statuses: BudgetStatus[];
  spendErrors: string[];
}

function statusesFrom(budgets: Budget[], { fleet, usage, accounts }: FleetSpend, nowMs: number): BudgetReport {
  const spend: ClusterSpend[] = [];
  const names = new Map<string, string>();
  const spendErrors: string[] = [];
  fleet.forEach((r, i) => {
    if (r.error || usage[i].error) spendErrors.push(`${r.region} of ${r.accountName}: ${r.error ?? usage[i].error}`);
    const byId = new Map(usage[i].clusters.map((c) => [c.identifier, c]));
    for (const c of r.clusters) {
      const u = byId.get(c.identifier);
      names.set(clusterKey(c), `${c.name} (${c.region})`);
      spend.push({ cluster: clusterKey(c), account: c.account, tags: c.tags, mtdUsd: u?.mtd.total ?? null, forecastUsd: u?.forecast.total ?? null });
    }
  });
  const accountName = new Map(accounts.map((a) => [a.id, `${a.name} (${a.id})`]));
  const statuses = budgetStatuses(budgets, spend, monthBounds(nowMs), nowMs, (s) => scopeLabel(s, { cluster: (k) => names.get(k), account: (id) => accountName.get(id) }));
  return { statuses, spendErrors };
}

/** The budgets against spend the caller has already read (the overview page). */
export async function budgetsAgainst(read: FleetSpend, nowMs = Date.now()): Promise<BudgetReport> {
  const budgets = await listBudgets();
  return budgets.length ? statusesFrom(budgets, read, nowMs) : { statuses: [], spendErrors: [] };
}

/**
 * The budgets against this month's spend of the fleet, reading the spend only when a budget is
 * set: the overview's month-to-date and forecast figures (the same metrics engine answers, so no
 * extra CloudWatch call when the overview is open).
 */
export async function fleetBudgetStatuses(nowMs = Date.now()): Promise<BudgetReport> {
  const budgets = await listBudgets();
  if (!budgets.length) return { statuses: [], spendErrors: [] };
  const [fleet, { accounts }] = await Promise.all([listFleet(), watchedAccounts()]);
  return statusesFrom(budgets, { fleet, usage: await fleetUsage(fleet, { nowMs }), accounts }, nowMs);
}
