const tone: Record<string, string> = {
  ACTIVE: "bg-emerald-100 text-emerald-800",
  IDLE: "bg-slate-100 text-slate-700",
  INACTIVE: "bg-slate-200 text-slate-700",
  CREATING: "bg-sky-100 text-sky-800",
  UPDATING: "bg-sky-100 text-sky-800",
  PENDING_SETUP: "bg-sky-100 text-sky-800",
  DELETING: "bg-amber-100 text-amber-800",
  PENDING_DELETE: "bg-amber-100 text-amber-800",
  FAILED: "bg-red-100 text-red-800",
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${tone[status] ?? "bg-slate-100 text-slate-700"}`}>{status}</span>;
}
