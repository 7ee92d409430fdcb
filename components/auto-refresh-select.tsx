"use client";

import { REFRESHES, type RefreshKey } from "@/lib/metrics/range-presets";

/** The auto-refresh interval (off, 30s, 1m, 5m); the caller keeps it in the URL. */
export function AutoRefreshSelect({ value, onChange, className = "" }: { value: RefreshKey; onChange: (v: RefreshKey) => void; className?: string }) {
  return (
    <label className={`flex items-center gap-1 text-xs text-slate-600 ${className}`}>
      Auto-refresh
      <select aria-label="Auto-refresh" value={value} onChange={(e) => onChange(e.target.value as RefreshKey)} className="rounded border border-slate-300 bg-white px-1 py-0.5">
        {REFRESHES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
    </label>
  );
}
