/** Shared bits of the backup and restore views: job state badges and progress bars. */

const tone: Record<string, string> = {
  COMPLETED: "bg-emerald-100 text-emerald-800",
  AVAILABLE: "bg-emerald-100 text-emerald-800",
  RUNNING: "bg-sky-100 text-sky-800",
  CREATING: "bg-sky-100 text-sky-800",
  CREATED: "bg-slate-100 text-slate-700",
  PENDING: "bg-slate-100 text-slate-700",
  FAILED: "bg-red-100 text-red-800",
  ABORTED: "bg-red-100 text-red-800",
  EXPIRED: "bg-amber-100 text-amber-800",
  PARTIAL: "bg-amber-100 text-amber-800",
};

export function JobStateBadge({ state }: { state: string }) {
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${tone[state] ?? "bg-slate-100 text-slate-700"}`}>{state}</span>;
}

/**
 * A progress bar; without a percentage (AWS Backup does not always report one) it says the work
 * is under way instead of pretending to know how far it got.
 */
export function ProgressBar({ percent, label, active = true }: { percent?: number; label: string; active?: boolean }) {
  const known = percent !== undefined;
  return (
    <div className="w-full">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={known ? Math.round(percent) : undefined}
        aria-valuetext={known ? `${percent.toFixed(1)} %` : active ? "in progress, no percentage reported" : "not started"}
        data-indeterminate={!known && active ? "true" : undefined}
        className="h-2.5 w-full overflow-hidden rounded bg-slate-200"
      >
        {known ? (
          <div className="h-full rounded bg-sky-600 transition-all" style={{ width: `${Math.max(2, percent)}%` }} />
        ) : active ? (
          <div className="h-full w-full animate-pulse rounded bg-[repeating-linear-gradient(45deg,#0284c7_0_10px,#38bdf8_10px_20px)]" />
        ) : null}
      </div>
      <p className="mt-1 text-xs text-slate-500">{known ? `${percent.toFixed(1)} % done` : active ? "In progress: the service reports no percentage for this job" : "Not started yet"}</p>
    </div>
  );
}
