"use client";

import { useState } from "react";
import { RANGE_LABEL, RANGES, type RangeKey, type RefreshKey } from "@/lib/metrics/range-presets";
import { AutoRefreshSelect } from "./auto-refresh-select";
import { useUrlParams } from "./use-url-params";

const toInput = (iso: string | undefined) => (iso ? iso.replace(/Z$/, "").slice(0, 16) : "");

/** Last 1 h … 30 d, or a custom UTC range, and the auto-refresh interval: all kept in the URL. */
export function TimeRangePicker({ rangeKey, from, to, refresh }: { rangeKey: RangeKey | "custom"; from?: string; to?: string; refresh: RefreshKey }) {
  const { set, pending } = useUrlParams("push");
  const [custom, setCustom] = useState(rangeKey === "custom");
  const [start, setStart] = useState(toInput(from));
  const [end, setEnd] = useState(toInput(to));
  const [problem, setProblem] = useState<string | null>(null);

  const applyCustom = (e: React.FormEvent) => {
    e.preventDefault();
    if (!start || !end) return setProblem("Choose both a start and an end.");
    if (Date.parse(`${start}Z`) >= Date.parse(`${end}Z`)) return setProblem("The start must be before the end.");
    setProblem(null);
    set({ range: null, from: `${start}Z`, to: `${end}Z` });
  };

  const button = (active: boolean) => `rounded px-2 py-1 text-xs ${active ? "bg-slate-800 text-white" : "bg-white text-slate-700 hover:bg-slate-100"} border border-slate-300`;

  return (
    <div className="flex flex-wrap items-center gap-2" aria-busy={pending}>
      <div role="group" aria-label="Time range" className="flex flex-wrap gap-1">
        {RANGES.map((k) => (
          <button
            key={k}
            type="button"
            aria-pressed={rangeKey === k}
            title={RANGE_LABEL[k]}
            className={button(rangeKey === k && !custom)}
            onClick={() => {
              setCustom(false);
              set({ range: k, from: null, to: null });
            }}
          >
            {k}
          </button>
        ))}
        <button type="button" aria-pressed={custom} className={button(custom)} onClick={() => setCustom((c) => !c)}>
          Custom
        </button>
      </div>
      {custom && (
        <form onSubmit={applyCustom} className="flex flex-wrap items-center gap-1 text-xs">
          <label>
            From (UTC) <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} className="rounded border border-slate-300 px-1 py-0.5" />
          </label>
          <label>
            To (UTC) <input type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} className="rounded border border-slate-300 px-1 py-0.5" />
          </label>
          <button type="submit" className="rounded border border-slate-300 bg-white px-2 py-0.5 hover:bg-slate-100">
            Apply
          </button>
          {problem && (
            <span role="alert" className="text-red-700">
              {problem}
            </span>
          )}
        </form>
      )}
      <AutoRefreshSelect className="ml-auto" value={refresh} onChange={(v) => set({ refresh: v === "off" ? null : v })} />
      {pending && <span className="text-xs text-slate-500">Loading…</span>}
    </div>
  );
}
