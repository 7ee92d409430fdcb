import type { SeriesStatus } from "@/lib/metrics/engine";

/**
 * A chart's frame and its states, in a fixed order: error (with a retry) → empty → data;
 * partial data shows the chart with a note, never silently.
 */
export function Panel({
  id,
  title,
  subtitle,
  hint,
  status,
  messages,
  empty,
  busy,
  onRetry,
  actions,
  children,
}: {
  id: string;
  title: string;
  subtitle?: React.ReactNode;
  hint?: string;
  status: SeriesStatus;
  messages: string[];
  /** Set when there is nothing to draw (an idle cluster): says so instead of a flat line. */
  empty?: string;
  busy?: boolean;
  onRetry?: () => void;
  actions?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <section data-testid={`panel-${id}`} aria-busy={busy} className={`rounded border border-slate-200 bg-white p-3 ${busy ? "opacity-60" : ""}`}>
      <header className="mb-2 flex flex-wrap items-start justify-between gap-2">
        <div>
          <h3 className="text-sm font-semibold">{title}</h3>
          {subtitle && <div className="text-xs text-slate-500">{subtitle}</div>}
        </div>
        {actions}
      </header>
      {status === "error" ? (
        <div role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          <p className="font-medium">CloudWatch could not return this panel&apos;s data.</p>
          {messages.map((m) => (
            <p key={m} className="mt-1 break-words text-xs">
              {m}
            </p>
          ))}
          {onRetry && (
            <button type="button" onClick={onRetry} className="mt-2 rounded border border-red-300 bg-white px-2 py-0.5 text-xs hover:bg-red-100">
              Retry
            </button>
          )}
        </div>
      ) : empty ? (
        <p className="flex h-32 items-center justify-center text-sm text-slate-500">{empty}</p>
      ) : (
        <>
          {status === "partial" && (
            <p className="mb-2 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900">
              Partial data: CloudWatch returned only part of this range{messages.length ? ` (${messages.join("; ")})` : ""}.
            </p>
          )}
          {children}
        </>
      )}
      {hint && <p className="mt-1 text-xs text-slate-400">{hint}</p>}
    </section>
  );
}
