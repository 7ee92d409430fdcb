import Link from "next/link";
import { clusterPath, type ClusterKey } from "@/lib/aws/scope";
import { StatusBadge } from "./status-badge";

type ClusterTab = "metrics" | "details" | "insights" | "backups" | "jobs" | "readiness";

/**
 * The cluster page's sections; the ones with their own route (backups, jobs) are separate pages.
 * `query` (the chosen time range) is kept when switching between Metrics and Details.
 */
function ClusterTabs({ cluster, current, query }: { cluster: ClusterKey; current: ClusterTab; query?: string }) {
  const base = clusterPath(cluster);
  const tabs: [ClusterTab, string, string][] = [
    ["metrics", "Metrics", query ? `${base}?${query}` : base],
    ["details", "Details", `${base}?tab=details${query ? `&${query}` : ""}`],
    ["insights", "Insights", `${base}/insights${query ? `?${query}` : ""}`],
    ["backups", "Backups", `${base}/backups`],
    ["jobs", "Jobs", `${base}/jobs`],
    ["readiness", "Readiness", `${base}/readiness`],
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

/** The header of a cluster's pages: back to the fleet, name and status, a line about the section, the tabs. */
export function ClusterHeader({ cluster, current, note, query }: { cluster: ClusterKey & { name: string; status: string }; current: ClusterTab; note?: React.ReactNode; query?: string }) {
  return (
    <>
      <div>
        <Link href="/" className="text-sm text-sky-700 hover:underline">
          ← Fleet
        </Link>
        <div className="mt-1 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold" data-testid="cluster-name">
            {cluster.name}
          </h1>
          <StatusBadge status={cluster.status} />
        </div>
        <p className="text-sm text-slate-500">
          account <span className="font-mono">{cluster.account}</span> · {cluster.region} · <span className="font-mono">{cluster.identifier}</span>
          {note && <> · {note}</>}
        </p>
      </div>
      <ClusterTabs cluster={cluster} current={current} query={query} />
    </>
  );
}
