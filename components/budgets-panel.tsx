"use client";

import { useState } from "react";
import type { BudgetScope, BudgetStatus } from "@/lib/cost/budget-model";
import { usd } from "@/lib/format";
import { callJson } from "./call-json";
import { useAction } from "./use-action";

export interface BudgetOptions {
  clusters: { key: string; label: string }[];
  tags: Record<string, string[]>;
  accounts: { id: string; label: string }[];
}

const stateText: Record<BudgetStatus["state"], { text: string; tone: string }> = {
  ok: { text: "on track", tone: "bg-emerald-100 text-emerald-800" },
  "forecast-over": { text: "forecast over", tone: "bg-amber-100 text-amber-900" },
  over: { text: "over", tone: "bg-red-100 text-red-800" },
};

const dayLabel = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Parses the scope picker's value: "cluster|<key>", "tag|<key>|<value>" or "account|<id>". */
function scopeFrom(v: string): BudgetScope | undefined {
  const [kind, a, b] = v.split("|");
  if (kind === "cluster" && a) return { kind, cluster: a };
  if (kind === "tag" && a && b !== undefined) return { kind, key: a, value: b };
  if (kind === "account" && a) return { kind, account: a };
  return undefined;
}
const valueOf = (s: BudgetScope) => (s.kind === "cluster" ? `cluster|${s.cluster}` : s.kind === "tag" ? `tag|${s.key}|${s.value}` : `account|${s.account}`);

/** This month against the budgets: the table everyone sees, and for operators the form to set or remove one. */
export function BudgetsPanel({ statuses, spendErrors, operator, options }: { statuses: BudgetStatus[]; spendErrors: string[]; operator: boolean; options: BudgetOptions }) {
  const { busy, problem, setProblem, run } = useAction();
  const [scope, setScope] = useState("");
  const [amount, setAmount] = useState("");
  const [confirming, setConfirming] = useState<string | null>(null);

  const send = async (method: "POST" | "DELETE", body: unknown) => {
    if (await run(method, () => callJson("/api/budgets", { method, body }))) setConfirming(null);
  };

  return (
    <section id="budgets" data-testid="budgets" className="space-y-2 rounded border border-slate-200 bg-white p-3 text-sm">
      <h2 className="font-semibold">Budgets this month</h2>
      {spendErrors.length > 0 && <p className="text-xs text-amber-800">Some spend could not be read, so these figures may be low: {spendErrors.join("; ")}.</p>}
      {statuses.length === 0 ? (
        <p className="text-slate-500">No budget is set. {operator ? "Set one below for a cluster, a tag value or an account." : "An operator can set one for a cluster, a tag value or an account."}</p>
      ) : (
        <table className="w-full text-left">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1">Budget for</th>
              <th className="text-right">Monthly</th>
              <th className="text-right">Month to date</th>
              <th className="text-right">Forecast</th>
              <th>State</th>
              <th>Crosses on</th>
              {operator && <th />}
            </tr>
          </thead>
          <tbody>
            {statuses.map((s) => {
              const key = valueOf(s.budget.scope);
              return (
                <tr key={key} className="border-t border-slate-100" data-testid="budget-row" data-state={s.state}>
                  <td className="py-1">
                    {s.label}{" "}
                    <span className="text-xs text-slate-500">
                      ({s.clusters} cluster{s.clusters === 1 ? "" : "s"}
                      {s.unpriced ? `, ${s.unpriced} unpriced` : ""})
                    </span>
                  </td>
                  <td className="text-right tabular-nums">{usd(s.budget.monthlyUsd)}</td>
                  <td className="text-right tabular-nums">{usd(s.actualUsd)}</td>
                  <td className="text-right tabular-nums">{usd(s.forecastUsd)}</td>
                  <td>
                    <span className={`rounded px-1.5 py-0.5 text-xs ${stateText[s.state].tone}`}>{stateText[s.state].text}</span>
                  </td>
                  <td className="tabular-nums">{s.state === "over" ? "already" : s.crossesAt ? dayLabel(s.crossesAt) : "–"}</td>
                  {operator && (
                    <td className="text-right">
                      {confirming === key ? (
                        <span className="text-xs">
                          Remove?{" "}
                          <button type="button" disabled={!!busy} onClick={() => send("DELETE", { scope: s.budget.scope })} className="rounded bg-red-600 px-2 py-0.5 text-white disabled:opacity-50">
                            Remove
                          </button>{" "}
                          <button type="button" onClick={() => setConfirming(null)} className="rounded border border-slate-300 px-2 py-0.5">
                            Cancel
                          </button>
                        </span>
                      ) : (
                        <button type="button" onClick={() => setConfirming(key)} className="rounded border border-slate-300 px-2 py-0.5 text-xs">
                          Remove…
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {operator && (
        <form
          className="no-print flex flex-wrap items-end gap-2 border-t border-slate-100 pt-2 text-xs"
          onSubmit={(e) => {
            e.preventDefault();
            const s = scopeFrom(scope);
            if (!s) return setProblem("Choose what the budget is for");
            void send("POST", { scope: s, monthlyUsd: Number(amount) });
          }}
        >
          <label className="flex flex-col">
            Budget for
            <select aria-label="Budget for" value={scope} onChange={(e) => setScope(e.target.value)} className="rounded border border-slate-300 px-1 py-0.5">
              <option value="">choose…</option>
              <optgroup label="Accounts">
                {options.accounts.map((a) => (
                  <option key={a.id} value={`account|${a.id}`}>
                    {a.label}
                  </option>
                ))}
              </optgroup>
              <optgroup label="Tags">
                {Object.entries(options.tags).flatMap(([k, vs]) =>
                  vs.map((v) => (
                    <option key={`${k}=${v}`} value={`tag|${k}|${v}`}>
                      {k} = {v}
                    </option>
                  )),
                )}
              </optgroup>
              <optgroup label="Clusters">
                {options.clusters.map((c) => (
                  <option key={c.key} value={`cluster|${c.key}`}>
                    {c.label}
                  </option>
                ))}
              </optgroup>
            </select>
          </label>
          <label className="flex flex-col">
            Monthly budget ($)
            <input
              aria-label="Monthly budget ($)"
              type="number"
              min="1"
              step="any"
              required
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              className="w-28 rounded border border-slate-300 px-1 py-0.5"
            />
          </label>
          <button type="submit" disabled={!!busy} className="rounded bg-slate-800 px-2 py-1 text-white disabled:opacity-50">
            {busy ? "Saving…" : "Set budget"}
          </button>
        </form>
      )}
      {problem && (
        <p role="alert" className="text-red-700">
          {problem}
        </p>
      )}
    </section>
  );
}
