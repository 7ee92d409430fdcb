import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { BackupNowButton } from "@/components/backup-now-button";
import { ClusterDrills } from "@/components/cluster-drills";
import { ClusterHeader } from "@/components/cluster-tabs";
import { JobStateBadge } from "@/components/backup-progress";
import { timeLabel } from "@/lib/format/time";
import { DataTable, type Column } from "@/components/data-table";
import { ErrorPanel } from "@/components/error-panel";
import { canOperate, userFromRequest } from "@/lib/auth";
import { config } from "@/lib/aws/config";
import { backupHealth, formatAgeHours, lastGoodBackup } from "@/lib/backup/age";
import { recentRestoreJobs } from "@/lib/backup/fleet";
import { listBackupJobs } from "@/lib/backup/jobs";
import { isTerminalRestore, type BackupJob, type RecoveryPoint } from "@/lib/backup/model";
import { listRecoveryPoints } from "@/lib/backup/points";
import { toAppError } from "@/lib/errors";
import { bytes } from "@/lib/format";
import { clusterPath } from "@/lib/aws/scope";
import { clusterDrills } from "@/lib/drills";
import { loadCluster, type ClusterPageParams } from "../load-cluster";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Backups" };

const when = (iso: string) => timeLabel(new Date(iso).getTime());

function settled<T>(r: PromiseSettledResult<T>): { value?: T; error?: string } {
  return r.status === "fulfilled" ? { value: r.value } : { error: toAppError(r.reason).message };
}

function origin(p: RecoveryPoint): string {
  if (p.origin.kind === "plan") return `plan ${p.origin.planName ?? ""}`.trim();
  if (p.origin.kind === "copy") return `copy from ${p.origin.sourceVaultArn.split(":")[3]}`;
  return "on-demand";
}

function pointColumns(operator: boolean, self: string): (Column<RecoveryPoint> | false)[] {
  return [
    { header: "Taken", cell: (p) => when(p.createdAt), title: (p) => p.arn },
    { header: "Status", cell: (p) => <JobStateBadge state={p.status} /> },
    { header: "Size", cell: (p) => (p.sizeBytes !== undefined ? bytes(p.sizeBytes) : "–") },
    { header: "Vault", cell: (p) => p.vaultName },
    {
      header: "Retention",
      cell: (p) => (p.retentionDays !== undefined ? <span title={p.deleteAt ? `deleted ${when(p.deleteAt)}` : undefined}>{p.retentionDays} days</span> : "kept until deleted"),
    },
    {
      header: "Encryption",
      className: "text-xs",
      cell: (p) => (p.encryption.type === "CUSTOMER_MANAGED_KMS_KEY" ? <span title={p.encryption.keyArn}>customer key {p.encryption.keyArn?.split("/").pop()?.slice(0, 8)}…</span> : "AWS-owned key"),
    },
    { header: "Origin", className: "text-xs", cell: origin },
    operator && {
      header: "Actions",
      hideHeader: true,
      align: "right",
      cell: (p) =>
        p.status === "COMPLETED" &&
        p.origin.kind !== "copy" && (
          <Link href={`${self}/backups/restore?point=${encodeURIComponent(p.arn)}`} className="text-sky-700 hover:underline">
            Restore…
          </Link>
        ),
    },
  ];
}

const jobColumns: Column<BackupJob>[] = [
  { header: "Started", cell: (j) => when(j.createdAt), title: (j) => j.id },
  {
    header: "State",
    cell: (j) => (
      <>
        <JobStateBadge state={j.state} />
        {j.percentDone !== undefined && j.state === "RUNNING" && <span className="ml-1 text-xs text-slate-500">{j.percentDone.toFixed(0)} %</span>}
      </>
    ),
  },
  { header: "Trigger", className: "text-xs", cell: (j) => (j.trigger === "plan" ? `plan ${j.planName ?? ""}` : "on-demand") },
  { header: "Size", cell: (j) => (j.sizeBytes !== undefined ? bytes(j.sizeBytes) : "–") },
  {
    header: "Why",
    className: "max-w-xl text-xs",
    cell: (j) => (
      <>
        {j.explanation && <p className="text-red-800">{j.explanation}</p>}
        {j.statusMessage && <p className="text-slate-500">AWS Backup: {j.statusMessage}</p>}
      </>
    ),
  },
];

export default async function BackupsPage({ params }: { params: Promise<ClusterPageParams> }) {
  const { cluster, error } = await loadCluster(await params, "backups");
  if (error) return error;
  const user = await userFromRequest(await headers());
  const operator = canOperate(user);
  const [pointsR, jobsR, restoresR, drillsR] = await Promise.allSettled([listRecoveryPoints(cluster, cluster.arn), listBackupJobs(cluster, cluster.arn), recentRestoreJobs(cluster), clusterDrills(cluster.arn)]);
  const points = settled(pointsR);
  const jobs = settled(jobsR);
  const restores = settled(restoresR);
  const drills = settled(drillsR);
  const threshold = config().backupStaleHours;
  const good = points.value ? lastGoodBackup(points.value) : undefined;
  const health = backupHealth(good?.createdAt, threshold);
  const ownRestores = (restores.value ?? []).filter((j) => j.sourceResourceArn === cluster.arn);
  const self = clusterPath(cluster);

  return (
    <div className="space-y-5">
      <ClusterHeader cluster={cluster} current="backups" note={`on-demand backups go to the vault ${config().backup.vaultName}`} />

      <section className="grid gap-4 md:grid-cols-[1fr_auto]">
        {points.value && (
          <div
            data-testid="backup-health"
            role={health.stale ? "alert" : undefined}
            className={`rounded border p-3 text-sm ${health.stale ? "border-amber-300 bg-amber-50 text-amber-950" : "border-emerald-200 bg-emerald-50 text-emerald-950"}`}
          >
            {health.ageHours !== undefined ? (
              <>
                <p className="font-medium">
                  Last good backup {formatAgeHours(health.ageHours)} ago ({when(health.lastGoodAt!)})
                </p>
                {health.stale && <p>That is older than the {threshold} h threshold (DSQL_OPS_BACKUP_STALE_HOURS): check the backup plan and the failed or expired jobs below.</p>}
              </>
            ) : (
              <p className="font-medium">This cluster has no completed backup: it cannot be restored. Add it to a backup plan or back it up now.</p>
            )}
          </div>
        )}
        {operator ? (
          <div className="flex flex-col items-start gap-2">
            <BackupNowButton cluster={{ account: cluster.account, region: cluster.region, identifier: cluster.identifier }} clusterStatus={cluster.status} />
            <Link href={`${self}/backups/restore`} className="rounded border border-sky-700 px-3 py-1.5 text-sm font-medium text-sky-800 hover:bg-sky-50">
              Restore to a new cluster…
            </Link>
          </div>
        ) : (
          <p className="text-sm text-slate-500">Backups and restores are started by operators; you can read everything here.</p>
        )}
      </section>

      {ownRestores.some((j) => !isTerminalRestore(j.status)) && (
        <section className="rounded border border-sky-200 bg-sky-50 p-3 text-sm">
          <h2 className="font-semibold">Restores under way from this cluster</h2>
          <ul className="mt-1 list-disc pl-5">
            {ownRestores
              .filter((j) => !isTerminalRestore(j.status))
              .map((j) => (
                <li key={j.id}>
                  <Link href={`/restores/${j.account}/${j.region}/${j.id}`} className="text-sky-700 hover:underline">
                    {j.id}
                  </Link>{" "}
                  <JobStateBadge state={j.status} /> started {when(j.createdAt)}
                </li>
              ))}
          </ul>
        </section>
      )}

      <section>
        <h2 className="mb-2 text-lg font-semibold">Recovery points</h2>
        {points.error ? (
          <ErrorPanel title="Could not list the recovery points" message={points.error} retryHref={`${self}/backups`} />
        ) : (
          <DataTable
            testId="recovery-points"
            rows={points.value!}
            rowKey={(p) => p.arn}
            rowProps={() => ({ "data-testid": "recovery-point" })}
            columns={pointColumns(operator, self)}
            empty={<>No recovery points in {cluster.region}. Is the cluster in a backup plan, and is Aurora DSQL opted in under AWS Backup&apos;s service opt-in?</>}
          />
        )}
      </section>

      <section>
        <h2 className="mb-2 text-lg font-semibold">Backup jobs</h2>
        {jobs.error ? (
          <ErrorPanel title="Could not list the backup jobs" message={jobs.error} retryHref={`${self}/backups`} />
        ) : (
          <DataTable
            testId="backup-jobs"
            rows={jobs.value!}
            rowKey={(j) => j.id}
            rowProps={() => ({ "data-testid": "backup-job-row", className: "align-top" })}
            columns={jobColumns}
            empty="No backup jobs in the last 30 days."
          />
        )}
      </section>
      {restores.error && <ErrorPanel title="Could not list the restore jobs" message={restores.error} retryHref={`${self}/backups`} />}

      {drills.error ? (
        <ErrorPanel title="Could not read the restore drills" message={drills.error} retryHref={`${self}/backups`} />
      ) : (
        <ClusterDrills cluster={{ account: cluster.account, region: cluster.region, identifier: cluster.identifier, name: cluster.name }} initial={drills.value!} initialAt={drills.value!.at} operator={operator} multiRegion={cluster.peers.length > 0} />
      )}
    </div>
  );
}
