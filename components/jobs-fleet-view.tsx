"use client";

import { clusterPath, fleetProblems } from "@/lib/aws/scope";
import Link from "next/link";
import type { FleetJobs } from "@/lib/dsql/jobs";
import { ErrorPanel } from "./error-panel";
import { callJson } from "./call-json";
import { useNow } from "./use-now";
import { RefreshProblem } from "./refresh-problem";
import { usePolling } from "./use-polling";
import { JobsTable } from "./jobs-table";
import { StatusBadge } from "./status-badge";
import { useUrlParams } from "./use-url-params";

const FAST_MS = 3_000;
const SLOW_MS = 20_000;
const FLEET_FILTERS = ["all", "running", "failed"] as const;
type Filter = (typeof FLEET_FILTERS)[number];

/** Async jobs of every cluster: the running ones first, refreshed live; the filter lives in the URL. */
export function FleetJobsView({ initial }: { initial: FleetJobs }) {
  const {
    data,
    error: problem,
    updatedAt,
  } = usePolling(() => callJson<FleetJobs>("/api/jobs"), {
    initial,
    initialAt: Date.parse(initial.fetchedAt),
    intervalMs: (d) => (d.jobs.some((j) => j.running) || d.clusters.some((c) => c.pending) ? FAST_MS : SLOW_MS),
  });
  const now = useNow(
    data.jobs.some((j) => j.running),
    initial.fetchedAt,
  );
  const { params, set } = useUrlParams();
  const show = (FLEET_FILTERS as readonly string[]).includes(params.get("show") ?? "") ? (params.get("show") as Filter) : "all";
  const jobs = data.jobs.filter((j) => show === "all" || (show === "running" ? j.running : j.status === "failed"));
  const running = data.jobs.filter((j) => j.running).length;
  const failed = data.jobs.filter((j) => j.status === "failed").length;

  return (
    <div className="space-y-4">
      {fleetProblems(data.regionErrors).map((p) => (
        <ErrorPanel key={p.key} title={`Could not list the clusters of ${p.where}`} message={p.message} retryHref="/jobs" />
      ))}
      {data.historyError && <p className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">{data.historyError}</p>}
      <RefreshProblem error={problem} updatedAt={updatedAt} />

      <ul className="flex flex-wrap gap-2 text-sm" aria-label="Clusters">
        {data.clusters.map((c) => (
          <li key={`${c.account}/${c.region}/${c.identifier}`} className={`rounded border px-2 py-1 ${c.error ? "border-red-300 bg-red-50" : "border-slate-200 bg-white"}`} data-testid="jobs-cluster">
            <Link href={clusterPath(c, "jobs")} className="font-medium text-sky-700 hover:underline">
              {c.name}
            </Link>{" "}
            <span className="text-xs text-slate-500">{c.region}</span> <StatusBadge status={c.status} />
            {c.running > 0 && <span className="ml-1 text-xs text-sky-800">{c.running} running</span>}
            {c.note && <div className="text-xs text-slate-500">{c.note}</div>}
            {c.error && <div className="max-w-md text-xs text-red-800">{c.error}</div>}
          </li>
        ))}
      </ul>

      <div className="flex flex-wrap items-center gap-2 text-sm" role="group" aria-label="Show">
        {FLEET_FILTERS.map((f) => (
          <button
            key={f}
            type="button"
            onClick={() => set({ show: f === "all" ? null : f })}
            aria-pressed={show === f}
            className={`rounded border px-2 py-1 ${show === f ? "border-slate-800 bg-slate-800 text-white" : "border-slate-300 bg-white hover:bg-slate-50"}`}
          >
            {f === "all" ? `All (${data.jobs.length})` : f === "running" ? `Running (${running})` : `Failed (${failed})`}
          </button>
        ))}
        <span className="text-xs text-slate-500">updated {data.fetchedAt.slice(11, 19)} UTC</span>
      </div>

      <JobsTable jobs={jobs} now={now} showCluster empty={show === "all" ? "No jobs on any cluster, and none remembered." : show === "running" ? "Nothing is running." : "No failed jobs."} />
    </div>
  );
}
