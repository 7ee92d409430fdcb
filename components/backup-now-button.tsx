"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { ClusterKey } from "@/lib/aws/scope";
import type { BackupJob } from "@/lib/backup/model";
import { callJson } from "./call-json";
import { usePolling } from "./use-polling";
import { JobStateBadge, ProgressBar } from "./backup-progress";
import { ActionError } from "./error-panel";

const DONE = new Set(["COMPLETED", "FAILED", "EXPIRED", "ABORTED", "PARTIAL"]);

/**
 * The on-demand backup (operators): starts one StartBackupJob (the click's token makes a repeat
 * start nothing new) and follows the job until it ends, then reloads the recovery points.
 */
export function BackupNowButton({ cluster, clusterStatus }: { cluster: ClusterKey; clusterStatus: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const token = useRef<string | null>(null);
  const base = `/api/backups/${cluster.account}/${cluster.region}/${cluster.identifier}`;
  const jobId = useRef<string | null>(null);
  const followed = usePolling<BackupJob | null>(async () => (jobId.current ? (await callJson<{ job: BackupJob }>(`${base}/jobs/${jobId.current}`)).job : null), {
    initial: null,
    intervalMs: (j) => (j && !DONE.has(j.state) ? 2000 : null),
  });
  const job = followed.data;
  const asleep = clusterStatus === "IDLE" || clusterStatus === "INACTIVE";

  const start = async () => {
    setBusy(true);
    setProblem(null);
    token.current ??= crypto.randomUUID();
    try {
      const r = await callJson<{ job: BackupJob }>(base, { method: "POST", body: { token: token.current } });
      jobId.current = r.job.id;
      followed.replace(r.job);
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const ended = job !== null && DONE.has(job.state);
  useEffect(() => {
    if (!ended) return;
    token.current = null; // the next click is a new backup
    router.refresh();
  }, [ended, router]);
  const problemShown = problem ?? followed.error;

  const running = job && !DONE.has(job.state);
  return (
    <div className="space-y-2" data-testid="backup-now">
      <button type="button" onClick={start} disabled={busy || !!running} className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-50">
        {busy ? "Starting…" : running ? "Backup under way…" : "Back up now"}
      </button>
      {asleep && !job && <p className="text-xs text-amber-800">The cluster is {clusterStatus}: AWS Backup only backs up ACTIVE clusters, so connect to it first or the job will fail.</p>}
      <ActionError message={problemShown} />
      {job && (
        <div className="rounded border border-slate-200 p-2 text-sm" data-testid="backup-job">
          <div className="mb-1 flex items-center gap-2">
            <span>On-demand backup</span>
            <JobStateBadge state={job.state} />
            <span className="font-mono text-xs text-slate-500">{job.id}</span>
          </div>
          {running && <ProgressBar label="Backup progress" percent={job.percentDone} active={job.state === "RUNNING"} />}
          {job.state === "COMPLETED" && <p className="text-emerald-800">Done: the new recovery point is listed below.</p>}
          {job.explanation && <p className="text-red-800">{job.explanation}</p>}
          {job.statusMessage && <p className="text-xs text-slate-600">AWS Backup: {job.statusMessage}</p>}
        </div>
      )}
    </div>
  );
}
