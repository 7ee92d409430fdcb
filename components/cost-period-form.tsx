import type { CostQuery } from "@/lib/cost-review";

/**
 * The cost page's controls as plain GET forms, so every view is a URL and works without
 * JavaScript: a month, or a custom span of days, and a tag to group or filter by. Each form
 * carries the other forms' choices along.
 */

const input = "rounded border border-slate-300 bg-white px-2 py-1 text-sm";
const button = "rounded bg-slate-800 px-3 py-1 text-sm text-white hover:bg-slate-700";

function Hidden({ values }: { values: Record<string, string | undefined> }) {
  return (
    <>
      {Object.entries(values).map(([k, v]) => (v ? <input key={k} type="hidden" name={k} value={v} /> : null))}
    </>
  );
}

export function CostPeriodForm({ query, month, tagValues }: { query: CostQuery; month: string; tagValues: Record<string, string[]> }) {
  const tagging = { groupBy: query.groupBy, tag: query.tag };
  const period = query.from || query.to ? { from: query.from, to: query.to } : { month: query.month };
  return (
    <div className="no-print flex flex-wrap items-end gap-x-6 gap-y-3 rounded border border-slate-200 bg-white p-3">
      <form method="get" action="/cost" className="flex items-end gap-2" aria-label="Choose a month">
        <label className="flex flex-col text-xs text-slate-600">
          Month
          <input type="month" name="month" defaultValue={query.month ?? (query.from ? "" : month)} required className={input} />
        </label>
        <Hidden values={tagging} />
        <button className={button}>Show</button>
      </form>
      <form method="get" action="/cost" className="flex items-end gap-2" aria-label="Choose days">
        <label className="flex flex-col text-xs text-slate-600">
          From
          <input type="date" name="from" defaultValue={query.from} required className={input} />
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          To (included)
          <input type="date" name="to" defaultValue={query.to} required className={input} />
        </label>
        <Hidden values={tagging} />
        <button className={button}>Show</button>
      </form>
      <form method="get" action="/cost" className="flex items-end gap-2" aria-label="Group and filter by tag">
        <label className="flex flex-col text-xs text-slate-600">
          Group by tag
          <select name="groupBy" defaultValue={query.groupBy ?? ""} className={input}>
            <option value="">none</option>
            {Object.keys(tagValues).map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-slate-600">
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
        <Hidden values={period} />
        <button className={button}>Apply</button>
      </form>
    </div>
  );
}
