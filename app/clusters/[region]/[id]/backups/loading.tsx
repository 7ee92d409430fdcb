export default function Loading() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading backups">
      <div className="h-8 w-64 animate-pulse rounded bg-slate-200" />
      <div className="h-16 animate-pulse rounded bg-slate-200" />
      <div className="h-64 animate-pulse rounded bg-slate-200" />
    </div>
  );
}
