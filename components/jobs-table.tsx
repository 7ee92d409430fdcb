import Link from "next/link";
import { clusterPath } from "@/lib/aws/scope";
import { DataTable } from "./data-table";
import type { JobView } from "@/lib/dsql/jobs";
import { duration } from "@/lib/format";

/**
 * sys.jobs rows: what the job works on, its stage and elapsed time (DSQL reports no percentage),
 * an estimate only where it is grounded, a failed build's error and what to do about it.
 */

const tone: Record<string, string> = {
  submitted: "bg-slate-100 text-slate-700",
  processing: "bg-sky-100 text-sky-800",
  completed: "bg-emerald-100 text-emerald-800",
  failed: "bg-red-100 text-red-800",
};

export function JobStatusBadge({ status }: { status: string }) {
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${tone[status] ?? "bg-slate-100 text-slate-700"}`}>{status}</span>;
}

/** hh:mm:ss UTC, the date in the tooltip: jobs take seconds to minutes, so seconds matter. */
function Time({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={iso} className="whitespace-nowrap font-mono text-xs">
      {iso.slice(11, 19)}
    </time>
  );
}

function Elapsed({ job, now }: { job: JobView; now: number }) {
  const elapsedS = job.running ? Math.max(job.elapsedS, Math.round((now - Date.parse(job.startTime)) / 1000)) : job.elapsedS;
  const e = job.estimate;
  return (
    <div>
      <span className="whitespace-nowrap">{duration(elapsedS)}</span>
      {job.running && e && (
        <p className="text-xs text-slate-500" title={`Estimate ${e.basis}`} data-testid="job-estimate">
          {e.overdue || elapsedS > e.totalS ? (
            <>longer than earlier builds (about {duration(e.totalS)}); estimate</>
          ) : (
            <>
              ≈ {duration(Math.max(0, e.totalS - elapsedS))} left (estimate {e.basis})
            </>
          )}
        </p>
      )}
    </div>
  );
}

function ObjectCell({ job }: { job: JobView }) {
  if (job.index) {
    return (
      <div>
        <span className="font-mono text-xs" title={job.index.definition ?? undefined}>
          {job.index.schema}.{job.index.name}
        </span>
        {!job.index.valid && <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-900">invalid</span>}
        {job.table && (
          <div className="text-xs text-slate-500">
            on {job.table.name}
            {job.table.rows !== null && ` · ${job.table.rows.toLocaleString("en-US")} rows`}
          </div>
        )}
      </div>
    );
  }
  if (job.table) {
    return (
      <div className="font-mono text-xs">
        {job.table.name}
        {job.table.rows !== null && <span className="font-sans text-slate-500"> · {job.table.rows.toLocaleString("en-US")} rows</span>}
      </div>
    );
  }
  return <span className="font-mono text-xs text-slate-500">{job.objectName ?? (job.type === "DROP" ? "a dropped object" : "—")}</span>;
}

export interface JobsTableProps {
  jobs: JobView[];
  now: number;
  /** The fleet view shows which cluster each job belongs to. */
  showCluster?: boolean;
  /** Operators may drop the invalid index of a failed (or running) build. */
  onDropIndex?: (job: JobView) => void;
  highlight?: string | null;
  empty: string;
}

export function JobsTable({ jobs, now, showCluster, onDropIndex, highlight, empty }: JobsTableProps) {
  return (
    <DataTable
      rows={jobs}
      rowKey={(j) => `${j.clusterId}/${j.jobId}`}
      rowProps={(j) => ({ "data-testid": "job-row", "data-job-id": j.jobId, "data-status": j.status, className: "align-top" })}
      highlight={(j) => highlight === j.jobId}
      detail={(j) => (j.details || j.advice ? <JobDetails job={j} /> : null)}
      empty={empty}
      columns={[
        {
          header: "Job",
          cell: (j) => (
            <>
              <span className="font-mono text-xs">{j.jobId}</span>
              {j.source === "history" && (
                <div className="text-xs text-slate-500" title="DSQL no longer lists this job (it keeps finished jobs about 30 minutes); the dashboard remembers it">
                  from history
                </div>
              )}
            </>
          ),
        },
        !!showCluster && { header: "Cluster", cell: (j) => <ClusterCell job={j} /> },
        { header: "Type", className: "font-mono text-xs", cell: (j) => j.type },
        { header: "Status", cell: (j) => <StatusCell job={j} /> },
        { header: "Object", cell: (j) => <ObjectCell job={j} /> },
        { header: "Submitted (UTC)", cell: (j) => <Time iso={j.startTime} /> },
        { header: "Updated (UTC)", cell: (j) => <Time iso={j.updateTime} /> },
        { header: "Elapsed", cell: (j) => <Elapsed job={j} now={now} /> },
        {
          header: "Actions",
          hideHeader: true,
          align: "right",
          cell: (j) =>
            onDropIndex &&
            j.canDropIndex &&
            j.index && (
              <button type="button" onClick={() => onDropIndex(j)} className="whitespace-nowrap rounded border border-red-300 px-2 py-1 text-xs text-red-800 hover:bg-red-50">
                {j.running ? "Cancel build (drop index)" : "Drop invalid index"}
              </button>
            ),
        },
      ]}
    />
  );
}

function ClusterCell({ job: j }: { job: JobView }) {
  return (
    <>
      <Link href={clusterPath({ account: j.account, region: j.region, identifier: j.clusterId }, "jobs")} className="text-sky-700 hover:underline">
        {j.clusterName ?? j.clusterId}
      </Link>
      <div className="text-xs text-slate-500">
        {j.region}
        {j.alsoOn?.map((p) => (
          <span key={p.clusterId} title="A multi-Region cluster is one database: its Regions list the same jobs">
            {" "}
            + {p.region}
          </span>
        ))}
      </div>
    </>
  );
}

function StatusCell({ job: j }: { job: JobView }) {
  return (
    <>
      <JobStatusBadge status={j.status} />
      {j.running ? (
        <div className="mt-1 flex items-center gap-1 text-xs text-slate-600">
          <span className="inline-block h-2 w-2 animate-pulse rounded-full bg-sky-500" aria-hidden />
          {j.stage}
        </div>
      ) : (
        j.stage !== j.status && <div className="mt-1 text-xs text-slate-500">{j.stage}</div>
      )}
    </>
  );
}

/** A job's error or details and the advice that goes with them, under its row. */
function JobDetails({ job: j }: { job: JobView }) {
  return (
    <div className={`rounded border p-2 ${j.status === "failed" ? "border-red-200 bg-red-50 text-red-900" : "border-slate-200 bg-slate-50"}`} data-testid="job-details">
      {j.details && (
        <p>
          <span className="font-medium">{j.status === "failed" ? "Error: " : "Details: "}</span>
          {j.details}
        </p>
      )}
      {j.advice && <p className="mt-1">{j.advice}</p>}
    </div>
  );
}
