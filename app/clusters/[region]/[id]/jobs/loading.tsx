export default function Loading() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading jobs">
      <div className="h-8 w-64 animate-pulse rounded bg-slate-200" />
      <div className="h-8 animate-pulse rounded bg-slate-200" />
      <div className="h-48 animate-pulse rounded bg-slate-200" />
      <p className="text-sm text-slate-500">Connecting to the cluster and reading sys.jobs…</p>
    </div>
  );
}
