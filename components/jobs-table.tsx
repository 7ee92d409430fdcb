import Link from "next/link";
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
            <>≈ {duration(Math.max(0, e.totalS - elapsedS))} left (estimate {e.basis})</>
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
  const cols = showCluster ? 9 : 8;
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <thead className="bg-slate-100 text-xs uppercase text-slate-600">
          <tr>
            <th className="px-3 py-2">Job</th>
            {showCluster && <th className="px-3 py-2">Cluster</th>}
            <th className="px-3 py-2">Type</th>
            <th className="px-3 py-2">Status</th>
            <th className="px-3 py-2">Object</th>
            <th className="px-3 py-2">Submitted (UTC)</th>
            <th className="px-3 py-2">Updated (UTC)</th>
            <th className="px-3 py-2">Elapsed</th>
            <th className="px-3 py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {jobs.length === 0 && (
            <tr>
              <td colSpan={cols} className="px-3 py-6 text-center text-slate-500">
                {empty}
              </td>
            </tr>
          )}
          {jobs.map((j) => (
            <JobRows key={`${j.clusterId}/${j.jobId}`} job={j} now={now} showCluster={showCluster} onDropIndex={onDropIndex} highlighted={highlight === j.jobId} cols={cols} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function JobRows({ job: j, now, showCluster, onDropIndex, highlighted, cols }: { job: JobView; now: number; showCluster?: boolean; onDropIndex?: (job: JobView) => void; highlighted: boolean; cols: number }) {
  const dropLabel = j.running ? "Cancel build (drop index)" : "Drop invalid index";
  return (
    <>
      <tr className={`border-t border-slate-100 align-top ${highlighted ? "bg-sky-50" : ""}`} data-testid="job-row" data-job-id={j.jobId} data-status={j.status}>
        <td className="px-3 py-2">
          <span className="font-mono text-xs">{j.jobId}</span>
          {j.source === "history" && (
            <div className="text-xs text-slate-500" title="DSQL no longer lists this job (it keeps finished jobs about 30 minutes); the dashboard remembers it">
              from history
            </div>
          )}
        </td>
        {showCluster && (
          <td className="px-3 py-2">
            <Link href={`/clusters/${j.region}/${j.clusterId}/jobs`} className="text-sky-700 hover:underline">
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
          </td>
        )}
        <td className="px-3 py-2 font-mono text-xs">{j.type}</td>
        <td className="px-3 py-2">
          <JobStatusBadge status={j.status} />
          {j.running ? (
            <div className="mt-1 flex items-center gap-1 text-xs text-slate-600">
              <span className="inline-block h-2 w-2 animate-pulse rounded-full bg-sky-500" aria-hidden />
              {j.stage}
            </div>
          ) : (
            j.stage !== j.status && <div className="mt-1 text-xs text-slate-500">{j.stage}</div>
          )}
        </td>
        <td className="px-3 py-2">
          <ObjectCell job={j} />
        </td>
        <td className="px-3 py-2">
          <Time iso={j.startTime} />
        </td>
        <td className="px-3 py-2">
          <Time iso={j.updateTime} />
        </td>
        <td className="px-3 py-2">
          <Elapsed job={j} now={now} />
        </td>
        <td className="px-3 py-2 text-right">
          {onDropIndex && j.canDropIndex && j.index && (
            <button type="button" onClick={() => onDropIndex(j)} className="whitespace-nowrap rounded border border-red-300 px-2 py-1 text-xs text-red-800 hover:bg-red-50">
              {dropLabel}
            </button>
          )}
        </td>
      </tr>
      {(j.details || j.advice) && (
        <tr className={highlighted ? "bg-sky-50" : ""}>
          <td colSpan={cols} className="px-3 pb-3 text-sm">
            <div className={`rounded border p-2 ${j.status === "failed" ? "border-red-200 bg-red-50 text-red-900" : "border-slate-200 bg-slate-50"}`} data-testid="job-details">
              {j.details && (
                <p>
                  <span className="font-medium">{j.status === "failed" ? "Error: " : "Details: "}</span>
                  {j.details}
                </p>
              )}
              {j.advice && <p className="mt-1">{j.advice}</p>}
            </div>
          </td>
        </tr>
      )}
    </>
  );
}
