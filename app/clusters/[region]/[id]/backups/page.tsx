import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { BackupNowButton } from "@/components/backup-now-button";
import { ClusterHeader } from "@/components/cluster-tabs";
import { JobStateBadge } from "@/components/backup-progress";
import { timeLabel } from "@/components/charts/chart-data";
import { ErrorPanel } from "@/components/error-panel";
import { canOperate, userFromRequest } from "@/lib/auth";
import { config } from "@/lib/aws/config";
import { backupHealth, formatAgeHours, lastGoodBackup } from "@/lib/backup/age";
import { recentRestoreJobs } from "@/lib/backup/fleet";
import { listBackupJobs } from "@/lib/backup/jobs";
import { isTerminalRestore, type RecoveryPoint } from "@/lib/backup/model";
import { listRecoveryPoints } from "@/lib/backup/points";
import { toAppError } from "@/lib/errors";
import { bytes } from "@/lib/format";
import { loadCluster } from "../load-cluster";

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

export default async function BackupsPage({ params }: { params: Promise<{ region: string; id: string }> }) {
  const { region, id } = await params;
  const { cluster, error } = await loadCluster(region, id, `/clusters/${region}/${id}/backups`);
  if (error) return error;
  const user = await userFromRequest(await headers());
  const operator = canOperate(user);
  const [pointsR, jobsR, restoresR] = await Promise.allSettled([listRecoveryPoints(region, cluster.arn), listBackupJobs(region, cluster.arn), recentRestoreJobs(region)]);
  const points = settled(pointsR);
  const jobs = settled(jobsR);
  const restores = settled(restoresR);
  const threshold = config().backupStaleHours;
  const good = points.value ? lastGoodBackup(points.value) : undefined;
  const health = backupHealth(good?.createdAt, threshold);
  const ownRestores = (restores.value ?? []).filter((j) => j.sourceResourceArn === cluster.arn);
  const self = `/clusters/${region}/${id}`;

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
            <BackupNowButton region={region} clusterId={id} clusterStatus={cluster.status} />
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
                  <Link href={`/restores/${region}/${j.id}`} className="text-sky-700 hover:underline">
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
        ) : points.value!.length === 0 ? (
          <p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-500">No recovery points in {region}. Is the cluster in a backup plan, and is Aurora DSQL opted in under AWS Backup&apos;s service opt-in?</p>
        ) : (
          <div className="overflow-x-auto rounded border border-slate-200 bg-white">
            <table className="w-full text-left text-sm" data-testid="recovery-points">
              <thead className="bg-slate-100 text-xs uppercase text-slate-600">
                <tr>
                  <th className="px-3 py-2">Taken</th>
                  <th className="px-3 py-2">Status</th>
                  <th className="px-3 py-2">Size</th>
                  <th className="px-3 py-2">Vault</th>
                  <th className="px-3 py-2">Retention</th>
                  <th className="px-3 py-2">Encryption</th>
                  <th className="px-3 py-2">Origin</th>
                  {operator && <th className="px-3 py-2" />}
                </tr>
              </thead>
              <tbody>
                {points.value!.map((p) => (
                  <tr key={p.arn} className="border-t border-slate-100" data-testid="recovery-point">
                    <td className="px-3 py-2" title={p.arn}>
                      {when(p.createdAt)}
                    </td>
                    <td className="px-3 py-2">
                      <JobStateBadge state={p.status} />
                    </td>
                    <td className="px-3 py-2">{p.sizeBytes !== undefined ? bytes(p.sizeBytes) : "–"}</td>
                    <td className="px-3 py-2">{p.vaultName}</td>
                    <td className="px-3 py-2">{p.retentionDays !== undefined ? <span title={p.deleteAt ? `deleted ${when(p.deleteAt)}` : undefined}>{p.retentionDays} days</span> : "kept until deleted"}</td>
                    <td className="px-3 py-2 text-xs">{p.encryption.type === "CUSTOMER_MANAGED_KMS_KEY" ? <span title={p.encryption.keyArn}>customer key {p.encryption.keyArn?.split("/").pop()?.slice(0, 8)}…</span> : "AWS-owned key"}</td>
                    <td className="px-3 py-2 text-xs">{origin(p)}</td>
                    {operator && (
                      <td className="px-3 py-2 text-right">
                        {p.status === "COMPLETED" && p.origin.kind !== "copy" && (
                          <Link href={`${self}/backups/restore?point=${encodeURIComponent(p.arn)}`} className="text-sky-700 hover:underline">
                            Restore…
                          </Link>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section>
        <h2 className="mb-2 text-lg font-semibold">Backup jobs</h2>
        {jobs.error ? (
          <ErrorPanel title="Could not list the backup jobs" message={jobs.error} retryHref={`${self}/backups`} />
        ) : jobs.value!.length === 0 ? (
          <p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-500">No backup jobs in the last 30 days.</p>
        ) : (
          <div className="overflow-x-auto rounded border border-slate-200 bg-white">
            <table className="w-full text-left text-sm" data-testid="backup-jobs">
              <thead className="bg-slate-100 text-xs uppercase text-slate-600">
                <tr>
                  <th className="px-3 py-2">Started</th>
                  <th className="px-3 py-2">State</th>
                  <th className="px-3 py-2">Trigger</th>
                  <th className="px-3 py-2">Size</th>
                  <th className="px-3 py-2">Why</th>
                </tr>
              </thead>
              <tbody>
                {jobs.value!.map((j) => (
                  <tr key={j.id} className="border-t border-slate-100 align-top" data-testid="backup-job-row">
                    <td className="px-3 py-2" title={j.id}>
                      {when(j.createdAt)}
                    </td>
                    <td className="px-3 py-2">
                      <JobStateBadge state={j.state} />
                      {j.percentDone !== undefined && j.state === "RUNNING" && <span className="ml-1 text-xs text-slate-500">{j.percentDone.toFixed(0)} %</span>}
                    </td>
                    <td className="px-3 py-2 text-xs">{j.trigger === "plan" ? `plan ${j.planName ?? ""}` : "on-demand"}</td>
                    <td className="px-3 py-2">{j.sizeBytes !== undefined ? bytes(j.sizeBytes) : "–"}</td>
                    <td className="max-w-xl px-3 py-2 text-xs">
                      {j.explanation && <p className="text-red-800">{j.explanation}</p>}
                      {j.statusMessage && <p className="text-slate-500">AWS Backup: {j.statusMessage}</p>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {restores.error && <ErrorPanel title="Could not list the restore jobs" message={restores.error} retryHref={`${self}/backups`} />}
    </div>
  );
}
