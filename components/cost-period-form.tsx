import type { ReactNode } from "react";
import { ACCOUNT_GROUP } from "@/lib/cost-review/compare";
import type { CostQuery } from "@/lib/cost-review";

/**
 * The cost page's controls as plain GET forms, so every view is a URL and works without
 * JavaScript: a month, or a custom span of days, and a tag to group or filter by. Each form
 * carries the other forms' choices along.
 */

const input = "rounded border border-slate-300 bg-white px-2 py-1 text-sm";
const button = "rounded bg-slate-800 px-3 py-1 text-sm text-white hover:bg-slate-700";
const field = "flex flex-col text-xs text-slate-600";

/** One of the GET forms; the other forms' choices ride along as hidden fields. */
function CostForm({ label, carry, submit, children }: { label: string; carry: Record<string, string | undefined>; submit: string; children: ReactNode }) {
  return (
    <form method="get" action="/cost" className="flex items-end gap-2" aria-label={label}>
      {children}
      {Object.entries(carry).map(([k, v]) => (v ? <input key={k} type="hidden" name={k} value={v} /> : null))}
      <button className={button}>{submit}</button>
    </form>
  );
}

export function CostPeriodForm({ query, month, tagValues }: { query: CostQuery; month: string; tagValues: Record<string, string[]> }) {
  const tagging = { groupBy: query.groupBy, tag: query.tag };
  const period = query.from || query.to ? { from: query.from, to: query.to } : { month: query.month };
  return (
    <div className="no-print flex flex-wrap items-end gap-x-6 gap-y-3 rounded border border-slate-200 bg-white p-3">
      <CostForm label="Choose a month" carry={tagging} submit="Show">
        <label className={field}>
          Month
          <input type="month" name="month" defaultValue={query.month ?? (query.from ? "" : month)} required className={input} />
        </label>
      </CostForm>
      <CostForm label="Choose days" carry={tagging} submit="Show">
        <label className={field}>
          From
          <input type="date" name="from" defaultValue={query.from} required className={input} />
        </label>
        <label className={field}>
          To (included)
          <input type="date" name="to" defaultValue={query.to} required className={input} />
        </label>
      </CostForm>
      <CostForm label="Group and filter by tag" carry={period} submit="Apply">
        <label className={field}>
          Group by
          <select name="groupBy" defaultValue={query.groupBy ?? ""} className={input}>
            <option value="">none</option>
            <option value={ACCOUNT_GROUP}>account</option>
            {Object.keys(tagValues).map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label className={field}>
          Only clusters tagged
          <select name="tag" defaultValue={query.tag ?? ""} className={input}>
            <option value="">all clusters</option>
            {Object.entries(tagValues).flatMap(([k, vs]) =>
              vs.map((v) => (
                <option key={`${k}:${v}`} value={`${k}:${v}`}>
                  {k}: {v}
                </option>
              )),
            )}
          </select>
        </label>
      </CostForm>
    </div>
  );
}
