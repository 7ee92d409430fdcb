"use client";

import { useEffect, useState } from "react";
import type { ClusterJobs, JobView, SubmittedIndex, TableInfo } from "@/lib/dsql/jobs";
import { duration } from "@/lib/format";
import { ErrorPanel } from "./error-panel";
import { JobsDropDialog } from "./jobs-drop-dialog";
import { JobsHealth } from "./jobs-health";
import { JobStatusBadge, JobsTable } from "./jobs-table";
import { JobsSubmitForm } from "./jobs-submit-form";
import { useNow } from "./use-now";
import { RefreshProblem } from "./refresh-problem";
import { usePolling } from "./use-polling";
import { callJson } from "./call-json";

/** Refresh quickly while something runs (or was just submitted), slowly otherwise. */
const FAST_MS = 2_000;
const SLOW_MS = 15_000;

/** The cluster's Jobs tab: live sys.jobs plus history, the index form, drops, and the SQL connection's health. */
export function ClusterJobsView({
  initial,
  operator,
  tables,
  tablesError,
  prefill,
}: {
  initial: ClusterJobs;
  operator: boolean;
  tables: TableInfo[] | null;
  tablesError: string | null;
  prefill?: { table: string; columns: string[] };
}) {
  const { account, region, clusterId } = initial;
  const [followed, setFollowed] = useState<SubmittedIndex | null>(null);
  const [dropping, setDropping] = useState<JobView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const {
    data,
    error: problem,
    updatedAt,
    refresh,
  } = usePolling(() => callJson<ClusterJobs>(`/api/clusters/${account}/${region}/${clusterId}/jobs`), {
    initial,
    initialAt: Date.parse(initial.fetchedAt),
    intervalMs: (d) => (d.jobs.some((j) => j.running) || (followed && !d.jobs.some((j) => j.jobId === followed.jobId && !j.running)) ? FAST_MS : SLOW_MS),
  });
  const now = useNow(
    data.jobs.some((j) => j.running),
    initial.fetchedAt,
  );
  const live = data.jobs.filter((j) => j.source === "live");
  const remembered = data.jobs.filter((j) => j.source === "history");
  const follow = followed ? data.jobs.find((j) => j.jobId === followed.jobId) : undefined;

  return (
    <div className="space-y-5">
      {data.liveError && <ErrorPanel title="Could not read sys.jobs on this cluster; showing the jobs the dashboard remembers" message={data.liveError} />}
      {data.historyError && <p className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">{data.historyError}</p>}
      <RefreshProblem error={problem} updatedAt={updatedAt} />
      {notice && (
        <p className="rounded border border-emerald-300 bg-emerald-50 p-2 text-sm" role="status">
          {notice}
        </p>
      )}

      {followed && <FollowPanel submitted={followed} job={follow} now={now} />}

      <section className="space-y-2">
        <div className="flex items-baseline justify-between">
          <h2 className="text-lg font-semibold">sys.jobs</h2>
          <span className="text-xs text-slate-500">updated {data.fetchedAt.slice(11, 19)} UTC · DSQL lists a finished job for about 30 minutes</span>
        </div>
        <JobsTable
          jobs={live}
          now={now}
          onDropIndex={operator ? setDropping : undefined}
          highlight={followed?.jobId}
          empty={data.liveError ? "sys.jobs could not be read." : "No jobs: nothing is building, and nothing finished in the last 30 minutes."}
        />
      </section>

      {operator && (
        <section id="new-index" className="space-y-2 rounded border border-slate-200 bg-white p-4">
          <h2 className="text-lg font-semibold">Create an index</h2>
          <JobsSubmitForm
            account={account}
            region={region}
            clusterId={clusterId}
            initialTables={tables}
            initialError={tablesError}
            prefill={prefill}
            onSubmitted={(r) => {
              setFollowed(r);
              setNotice(null);
              refresh();
            }}
          />
        </section>
      )}

      <section className="space-y-2">
        <h2 className="text-lg font-semibold">History</h2>
        <p className="text-sm text-slate-500">Jobs the dashboard saw that DSQL no longer lists.</p>
        <JobsTable jobs={remembered} now={now} onDropIndex={operator ? setDropping : undefined} empty="Nothing remembered beyond what sys.jobs lists now." />
      </section>

      <section className="space-y-2 rounded border border-slate-200 bg-white p-4">
        <h2 className="text-lg font-semibold">SQL connection</h2>
        <JobsHealth health={data.health} />
      </section>

      {dropping && (
        <JobsDropDialog
          job={dropping}
          onClose={() => setDropping(null)}
          onDropped={(statement) => {
            setDropping(null);
            setNotice(`Ran ${statement}.`);
            refresh();
          }}
        />
      )}
    </div>
  );
}

/** A job just submitted from the form, followed to its end. */
function FollowPanel({ submitted, job, now }: { submitted: SubmittedIndex; job: JobView | undefined; now: number }) {
  const elapsed = job ? (job.running ? Math.max(job.elapsedS, Math.round((now - Date.parse(job.startTime)) / 1000)) : job.elapsedS) : 0;
  return (
    <div className="rounded border border-sky-300 bg-sky-50 p-3 text-sm" data-testid="followed-job" data-status={job?.status ?? "unknown"}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">Index {submitted.indexName}</span>
        <span className="font-mono text-xs">job {submitted.jobId}</span>
        {job && <JobStatusBadge status={job.status} />}
      </div>
      {!job && <p className="mt-1">Waiting for the job to appear in sys.jobs…</p>}
      {job?.running && (
        <p className="mt-1">
          {job.stage[0].toUpperCase() + job.stage.slice(1)} for {duration(elapsed)}.{" "}
          {job.estimate ? `About ${duration(Math.max(0, job.estimate.totalS - elapsed))} left (estimate ${job.estimate.basis}).` : "No estimate: no comparable earlier build on this cluster."} The
          index is not used by queries until the job completes.
        </p>
      )}
      {job?.status === "completed" && (
        <p className="mt-1">
          Completed in {duration(job.elapsedS)}.{" "}
          {job.index?.valid ? (
            <span data-testid="index-valid">
              {job.index.schema}.{job.index.name} is valid and used by queries.
            </span>
          ) : (
            "The index is not valid."
          )}
        </p>
      )}
      {job?.status === "failed" && (
        <p className="mt-1 text-red-900">
          Failed after {duration(job.elapsedS)}: {job.details ?? "no reason given"}. See the row below for what to do.
        </p>
      )}
    </div>
  );
}
