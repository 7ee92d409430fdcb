import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ClusterTabs } from "@/components/cluster-tabs";
import { ErrorPanel } from "@/components/error-panel";
import { ClusterJobsView } from "@/components/jobs-cluster-view";
import { StatusBadge } from "@/components/status-badge";
import { canOperate, userFromRequest } from "@/lib/auth";
import { config } from "@/lib/aws/config";
import { getCluster, type Cluster } from "@/lib/dsql/clusters";
import { clusterJobs, listTables, type TableInfo } from "@/lib/dsql/jobs";
import { toAppError } from "@/lib/errors";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Jobs" };

const ID = /^[a-z0-9]{26}$/;

export default async function ClusterJobsPage({ params }: { params: Promise<{ region: string; id: string }> }) {
  const { region, id } = await params;
  if (!config().regions.includes(region) || !ID.test(id)) notFound();
  let cluster: Cluster;
  try {
    cluster = await getCluster(region, id);
  } catch (err) {
    const e = toAppError(err);
    if (e.status === 404) notFound();
    return <ErrorPanel title={`Could not load cluster ${id} in ${region}`} message={e.message} retryHref={`/clusters/${region}/${id}/jobs`} />;
  }
  const operator = canOperate(await userFromRequest(await headers()));
  // Opening this tab connects to the cluster (and wakes it if idle); the fleet view does not.
  const jobs = await clusterJobs(region, id);
  let tables: TableInfo[] | null = null;
  let tablesError: string | null = null;
  if (operator && !jobs.liveError) {
    try {
      tables = await listTables(region, id);
    } catch (err) {
      tablesError = toAppError(err).message;
    }
  } else if (operator) tablesError = jobs.liveError;

  return (
    <div className="space-y-4">
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
          {cluster.region} · <span className="font-mono">{cluster.identifier}</span> · asynchronous jobs: index builds, ANALYZE and DROP
        </p>
      </div>
      <ClusterTabs region={region} id={id} current="jobs" />
      <ClusterJobsView initial={jobs} operator={operator} tables={tables} tablesError={tablesError} />
    </div>
  );
}
