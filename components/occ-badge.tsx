import { OCC_STATE_LABEL, type OccState } from "@/lib/metrics/occ";
import { pct } from "@/lib/format";

const tone: Record<OccState, string> = {
  ok: "bg-emerald-100 text-emerald-800",
  warn: "bg-amber-100 text-amber-900",
  alarm: "bg-red-100 text-red-800",
  idle: "bg-slate-100 text-slate-600",
};

/** The OCC conflict rate with its green/amber/red state (text too, not colour alone). */
export function OccBadge({ ratePct, state, thresholdPct }: { ratePct: number | null; state: OccState; thresholdPct: number }) {
  return (
    <span
      data-testid="occ-badge"
      data-state={state}
      title={`${OCC_STATE_LABEL[state]}; threshold ${thresholdPct} %`}
      className={`inline-flex items-center gap-1 rounded px-2 py-0.5 text-xs font-medium tabular-nums ${tone[state]}`}
    >
      <span aria-hidden>{state === "alarm" ? "▲" : state === "warn" ? "●" : state === "ok" ? "✓" : "–"}</span>
      {ratePct === null ? "no transactions" : pct(ratePct, 2)}
      <span className="sr-only">({OCC_STATE_LABEL[state]})</span>
    </span>
  );
}
