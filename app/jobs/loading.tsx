export default function Loading() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading jobs">
      <div className="h-8 w-40 animate-pulse rounded bg-slate-200" />
      <div className="h-10 animate-pulse rounded bg-slate-200" />
      <div className="h-64 animate-pulse rounded bg-slate-200" />
      <p className="text-sm text-slate-500">Reading sys.jobs on every active cluster…</p>
    </div>
  );
}
