import Link from "next/link";

export type ClusterTab = "metrics" | "details" | "backups" | "jobs";

/** The cluster page's sections; the ones with their own route (backups, jobs) are separate pages. */
export function ClusterTabs({ region, id, current }: { region: string; id: string; current: ClusterTab }) {
  const base = `/clusters/${region}/${id}`;
  const tabs: [ClusterTab, string, string][] = [
    ["metrics", "Metrics", base],
    ["details", "Details", `${base}?tab=details`],
    ["backups", "Backups", `${base}/backups`],
    ["jobs", "Jobs", `${base}/jobs`],
  ];
  return (
    <nav className="flex gap-1 border-b border-slate-200 text-sm" aria-label="Cluster sections">
      {tabs.map(([key, label, href]) => (
        <Link
          key={key}
          href={href}
          aria-current={current === key ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-1.5 ${current === key ? "border-slate-800 font-medium" : "border-transparent text-slate-500 hover:text-slate-800"}`}
        >
          {label}
        </Link>
      ))}
    </nav>
  );
}
