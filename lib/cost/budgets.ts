import "server-only";
import { inStore } from "../store";
import type { Budget, BudgetScope } from "./budget-model";

/** The budgets the operators set, kept in the store (one per scope; setting one again replaces it). */

type Row = { scope_kind: BudgetScope["kind"]; scope_key: string; scope_value: string; monthly_usd: number | string; set_by: string; set_at: Date | string };

function keyOf(s: BudgetScope): [string, string, string] {
  if (s.kind === "cluster") return ["cluster", s.cluster, ""];
  if (s.kind === "tag") return ["tag", s.key, s.value];
  return ["account", s.account, ""];
}

function scopeOf(r: Row): BudgetScope {
  if (r.scope_kind === "cluster") return { kind: "cluster", cluster: r.scope_key };
  if (r.scope_kind === "tag") return { kind: "tag", key: r.scope_key, value: r.scope_value };
  return { kind: "account", account: r.scope_key };
}

export async function listBudgets(): Promise<Budget[]> {
  const rows = await inStore((db) => db.query<Row>("SELECT scope_kind, scope_key, scope_value, monthly_usd, set_by, set_at FROM budgets ORDER BY scope_kind, scope_key, scope_value"));
  return rows.map((r) => ({ scope: scopeOf(r), monthlyUsd: Number(r.monthly_usd), setBy: r.set_by, setAt: new Date(r.set_at).toISOString() }));
}

/** Sets (or replaces) the budget of a scope; the same statement again changes nothing more. */
export async function setBudget(scope: BudgetScope, monthlyUsd: number, setBy: string): Promise<void> {
  await inStore((db) =>
    db.query(
      `INSERT INTO budgets (scope_kind, scope_key, scope_value, monthly_usd, set_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (scope_kind, scope_key, scope_value) DO UPDATE SET monthly_usd = EXCLUDED.monthly_usd, set_by = EXCLUDED.set_by, set_at = now()`,
      [...keyOf(scope), monthlyUsd, setBy],
    ),
  );
}

/** Removes a scope's budget; false when it had none. */
export async function removeBudget(scope: BudgetScope): Promise<boolean> {
  const rows = await inStore((db) => db.query("DELETE FROM budgets WHERE scope_kind = $1 AND scope_key = $2 AND scope_value = $3 RETURNING scope_kind", keyOf(scope)));
  return rows.length > 0;
}
