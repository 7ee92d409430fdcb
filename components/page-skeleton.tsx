/** The placeholder a route shows while its server page loads: a title, a toolbar, a table; `note` says what takes the time. */
export function PageSkeleton({ label, note }: { label: string; note?: string }) {
  return (
    <div className="space-y-4" aria-busy="true" aria-label={label}>
      <div className="h-8 w-64 animate-pulse rounded bg-slate-200" />
      <div className="h-12 animate-pulse rounded bg-slate-200" />
      <div className="h-64 animate-pulse rounded bg-slate-200" />
      {note && <p className="text-sm text-slate-500">{note}</p>}
    </div>
  );
}
