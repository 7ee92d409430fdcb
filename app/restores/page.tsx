import type { Metadata } from "next";
import Link from "next/link";
import { JobStateBadge } from "@/components/backup-progress";
import { timeLabel } from "@/lib/format/time";
import { DataTable } from "@/components/data-table";
import { ErrorPanel } from "@/components/error-panel";
import { watchedAccounts, watchedScopes } from "@/lib/aws/accounts";
import { config } from "@/lib/aws/config";
import { clusterPath, fleetProblems } from "@/lib/aws/scope";
import { restoresAcross } from "@/lib/backup/fleet";
import { requestsForJobs } from "@/lib/backup/restores";
import { parseClusterArn } from "@/lib/dsql/clusters";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Restores" };

const when = (iso: string) => timeLabel(new Date(iso).getTime());

function ClusterLink({ arn }: { arn?: string }) {
  const ref = arn ? parseClusterArn(arn) : undefined;
  if (!ref) return <span className="text-slate-400">–</span>;
  return (
    <Link href={clusterPath(ref)} className="font-mono text-xs text-sky-700 hover:underline">
      {ref.identifier}
    </Link>
  );
}

/** Restore jobs of the last 30 days in every watched account and region, whoever started them. */
export default async function RestoresPage() {
  const regions = config().regions;
  const [{ accounts }, scopes] = await Promise.all([watchedAccounts(), watchedScopes()]);
  const { jobs, errors } = await restoresAcross(scopes);
  const nameOf = new Map(accounts.map((a) => [a.id, a.name]));
  const problems = fleetProblems(errors.map((e) => ({ ...e, accountName: nameOf.get(e.account) ?? e.account, error: e.message })));
  const requests = await requestsForJobs(jobs.map((j) => j.id)).catch(() => ({}) as Awaited<ReturnType<typeof requestsForJobs>>);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Restores</h1>
        <p className="text-sm text-slate-500">AWS Backup restore jobs of the last 30 days in {accounts.length} {accounts.length === 1 ? "account" : "accounts"} and {regions.join(", ")}. Each restore makes a new cluster; start one from a cluster&apos;s Backups tab.</p>
      </div>
      {problems.map((p) => (
        <ErrorPanel key={p.key} title={`Could not list the restore jobs of ${p.where}`} message={p.message} retryHref="/restores" />
      ))}
      <DataTable
        testId="restores"
        rows={jobs}
        rowKey={(j) => `${j.account}/${j.region}/${j.id}`}
        rowProps={() => ({ "data-testid": "restore-row" })}
        empty="No restore jobs in the last 30 days."
        columns={[
          {
            header: "Started",
            cell: (j) => (
              <Link href={`/restores/${j.account}/${j.region}/${j.id}`} className="text-sky-700 hover:underline">
                {when(j.createdAt)}
              </Link>
            ),
          },
          { header: "Account", cell: (j) => nameOf.get(j.account) ?? j.account },
          { header: "Region", cell: (j) => j.region },
          {
            header: "Status",
            cell: (j) => (
              <>
                <JobStateBadge state={j.status} />
                {j.status === "RUNNING" && j.percentDone !== undefined && <span className="ml-1 text-xs text-slate-500">{j.percentDone.toFixed(0)} %</span>}
                {j.status === "FAILED" && j.statusMessage && <p className="max-w-md text-xs text-red-800">{j.statusMessage}</p>}
              </>
            ),
          },
          { header: "From cluster", cell: (j) => <ClusterLink arn={j.sourceResourceArn} /> },
          { header: "New cluster", cell: (j) => <ClusterLink arn={j.createdResourceArn} /> },
          { header: "Requested by", className: "text-xs", cell: (j) => requests[j.id]?.requestedBy ?? <span className="text-slate-400">outside the dashboard</span> },
        ]}
      />
    </div>
  );
}
