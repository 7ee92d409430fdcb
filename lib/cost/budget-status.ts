import "server-only";
import { watchedAccounts } from "../aws/accounts";
import { clusterKey } from "../aws/scope";
import { listFleet } from "../dsql/clusters";
import { fleetUsage } from "../metrics/overview";
import { budgetStatuses, scopeLabel, type BudgetStatus, type ClusterSpend } from "./budget-model";
import { listBudgets } from "./budgets";
import { monthBounds } from "./index";

/**
 * The budgets against this month's spend of the fleet: the overview's month-to-date and forecast
 * figures (the same metrics engine answers, so no extra CloudWatch call when the overview is open).
 */
export async function fleetBudgetStatuses(nowMs = Date.now()): Promise<{ statuses: BudgetStatus[]; spendErrors: string[] }> {
  const budgets = await listBudgets();
  if (!budgets.length) return { statuses: [], spendErrors: [] };
  const [fleet, { accounts }] = await Promise.all([listFleet(), watchedAccounts()]);
  const usage = await fleetUsage(fleet, { nowMs });
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
