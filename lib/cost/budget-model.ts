/**
 * Monthly budgets and how the month is going against them: pure, so the overview, triage, the
 * cost review and their tests share one reading. A budget covers one cluster, the clusters with a
 * tag value, or an account; actual and forecast are the month-to-date and month-end estimates of
 * the clusters it covers (before the free tier, as the estimates everywhere else).
 */

export type BudgetScope = { kind: "cluster"; cluster: string } | { kind: "tag"; key: string; value: string } | { kind: "account"; account: string };

export interface Budget {
  scope: BudgetScope;
  monthlyUsd: number;
  setBy: string;
  setAt: string;
}

/** What a budget is checked against: each cluster's month so far and forecast, in dollars (null when unpriced). */
export interface ClusterSpend {
  /** `account/region/identifier`. */
  cluster: string;
  account: string;
  tags: Record<string, string>;
  mtdUsd: number | null;
  forecastUsd: number | null;
}

export type BudgetState = "ok" | "forecast-over" | "over";

export interface BudgetStatus {
  budget: Budget;
  /** A person's name for the scope: "cluster orders-prod", "team = data", "account 210987654321". */
  label: string;
  clusters: number;
  /** Clusters covered whose cost is unknown (unpriced Region): the figures leave them out. */
  unpriced: number;
  actualUsd: number;
  forecastUsd: number;
  state: BudgetState;
  /** When the month's spend is expected to reach the budget (epoch ms), at the forecast's rate; null when it is not expected to this month. */
  crossesAt: number | null;
}

export const scopeLabel = (s: BudgetScope, names: { cluster?: (key: string) => string | undefined; account?: (id: string) => string | undefined } = {}) =>
  s.kind === "cluster" ? `cluster ${names.cluster?.(s.cluster) ?? s.cluster}` : s.kind === "tag" ? `${s.key} = ${s.value}` : `account ${names.account?.(s.account) ?? s.account}`;

export const covers = (s: BudgetScope, c: ClusterSpend) => (s.kind === "cluster" ? c.cluster === s.cluster : s.kind === "tag" ? c.tags[s.key] === s.value : c.account === s.account);

/** Each budget against the spend of the clusters it covers, at `nowMs` within the month [monthStartMs, monthEndMs). */
export function budgetStatuses(
  budgets: Budget[],
  spend: ClusterSpend[],
  month: { startMs: number; endMs: number },
  nowMs: number,
  label: (s: BudgetScope) => string = (s) => scopeLabel(s),
): BudgetStatus[] {
  return budgets.map((budget) => {
    const mine = spend.filter((c) => covers(budget.scope, c));
    const priced = mine.filter((c) => c.mtdUsd !== null && c.forecastUsd !== null);
    const actualUsd = priced.reduce((s, c) => s + c.mtdUsd!, 0);
    const forecastUsd = priced.reduce((s, c) => s + c.forecastUsd!, 0);
    const limit = budget.monthlyUsd;
    let state: BudgetState = "ok";
    let crossesAt: number | null = null;
    if (actualUsd >= limit) {
      state = "over";
      crossesAt = null;
    } else if (forecastUsd > limit) {
      state = "forecast-over";
      // The spend grows from its value now to the forecast at month end: where it meets the budget.
      crossesAt = Math.round(nowMs + ((limit - actualUsd) / (forecastUsd - actualUsd)) * Math.max(0, month.endMs - nowMs));
    }
    return { budget, label: label(budget.scope), clusters: mine.length, unpriced: mine.length - priced.length, actualUsd, forecastUsd, state, crossesAt };
  });
}
