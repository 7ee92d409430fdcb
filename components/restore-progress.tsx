"use client";

import Link from "next/link";
import { clusterPath, parseClusterArn } from "@/lib/aws/scope";
import { isTerminalRestore } from "@/lib/backup/model";
import type { RestoreProgress as Progress } from "@/lib/backup/restores";
import { callJson } from "./call-json";
import { RefreshProblem } from "./refresh-problem";
import { usePolling } from "./use-polling";
import { JobStateBadge, ProgressBar } from "./backup-progress";
import { timeLabel } from "@/lib/format/time";

const when = (iso: string) => timeLabel(new Date(iso).getTime());
const POLL_MS = 2500;
const STEPS = ["PENDING", "RUNNING", "COMPLETED"] as const;

/** Follows a restore job to its end: progress, the service's reason on failure, the new cluster once it exists. */
export function RestoreProgressView({ initial }: { initial: Progress }) {
  // Keep asking until the job ended and, for a completed one, the new cluster answers as ACTIVE.
  const {
    data: p,
    error,
    updatedAt,
  } = usePolling(() => callJson<Progress>(`/api/restores/${initial.job.account}/${initial.job.region}/${initial.job.id}`), {
    initial,
    intervalMs: (d) => (isTerminalRestore(d.job.status) && (d.job.status !== "COMPLETED" || d.newCluster?.status === "ACTIVE") ? null : POLL_MS),
  });
  const { job, request, newCluster } = p;

  const source = job.sourceResourceArn ? parseClusterArn(job.sourceResourceArn) : undefined;
  const sourceLink = source && clusterPath(source);
  const reached = STEPS.indexOf(job.status as (typeof STEPS)[number]);
  return (
    <div className="space-y-4" data-testid="restore-progress">
      <div className="flex flex-wrap items-center gap-3">
        <JobStateBadge state={job.status} />
        <ol className="flex gap-2 text-xs text-slate-500">
          {STEPS.map((s, i) => (
            <li key={s} className={i <= reached ? "font-medium text-slate-900" : ""}>
              {i > 0 && "→ "}
              {s.toLowerCase()}
            </li>
          ))}
        </ol>
      </div>

      {job.status === "PENDING" && (
        <div>
          <ProgressBar label="Restore progress" active={false} />
          <p className="text-sm text-slate-600">Waiting to start. AWS Backup runs at most 4 Aurora DSQL restores at a time in a region; this one starts when a slot is free.</p>
        </div>
      )}
      {job.status === "RUNNING" && (
        <div>
          <ProgressBar label="Restore progress" percent={job.percentDone} />
          {job.expectedMinutes !== undefined && <p className="text-sm text-slate-600">About {job.expectedMinutes} min left, by AWS Backup&apos;s estimate.</p>}
        </div>
      )}
      {job.status === "COMPLETED" && (
        <div className="rounded border border-emerald-300 bg-emerald-50 p-3 text-sm" data-testid="restore-completed">
          <p className="font-medium">Restore completed{job.completedAt ? ` at ${when(job.completedAt)}` : ""}.</p>
          {newCluster ? (
            <p className="mt-1">
              The new cluster:{" "}
              <Link href={clusterPath(newCluster)} className="font-medium text-sky-700 underline" data-testid="new-cluster-link">
                {newCluster.name} ({newCluster.identifier})
              </Link>{" "}
              in {newCluster.region}, {newCluster.status}
              {newCluster.peers.length > 0 && (
                <>
                  , peered with{" "}
                  {newCluster.peers.map((x) => (
                    <Link key={x.identifier} href={clusterPath({ account: newCluster.account, ...x })} className="text-sky-700 underline">
                      {x.region}/{x.identifier}
                    </Link>
                  ))}
                </>
              )}
              .
            </p>
          ) : (
            <p className="mt-1 text-slate-600">
              {job.createdResourceArn ? `Waiting for the new cluster ${job.createdResourceArn} to answer…` : "AWS Backup has not reported the new cluster's ARN yet."}
            </p>
          )}
        </div>
      )}
      {(job.status === "FAILED" || job.status === "ABORTED") && (
        <div role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900" data-testid="restore-failed">
          <p className="font-medium">The restore {job.status.toLowerCase()}. No new cluster was made.</p>
          <p className="mt-1">{job.statusMessage ? `AWS Backup: ${job.statusMessage}` : "AWS Backup gave no reason; see the job in the AWS Backup console or CloudTrail."}</p>
        </div>
      )}
      <RefreshProblem error={error} updatedAt={updatedAt} />

      <dl className="grid grid-cols-[12rem_1fr] gap-x-4 gap-y-1 rounded border border-slate-200 bg-white p-3 text-sm">
        <dt className="text-slate-500">Restore job</dt>
        <dd className="font-mono text-xs">{job.id}</dd>
        <dt className="text-slate-500">Started</dt>
        <dd>{when(job.createdAt)}</dd>
        <dt className="text-slate-500">Source cluster</dt>
        <dd>
          {sourceLink ? (
            <Link href={sourceLink} className="text-sky-700 hover:underline">
              {job.sourceResourceArn}
            </Link>
          ) : (
            (job.sourceResourceArn ?? "unknown")
          )}{" "}
          (left unchanged)
        </dd>
        <dt className="text-slate-500">Recovery point</dt>
        <dd className="break-all text-xs">
          {job.recoveryPointCreatedAt ? `${when(job.recoveryPointCreatedAt)} · ` : ""}
          {job.recoveryPointArn}
        </dd>
        {request && (
          <>
            <dt className="text-slate-500">Requested by</dt>
            <dd>
              {request.requestedBy} in this dashboard, {when(request.createdAt)}
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}
