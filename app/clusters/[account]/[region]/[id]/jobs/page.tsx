import type { Metadata } from "next";
import { headers } from "next/headers";
import { ClusterHeader } from "@/components/cluster-tabs";
import { ClusterJobsView } from "@/components/jobs-cluster-view";
import { canOperate, userFromRequest } from "@/lib/auth";
import { clusterJobs, listTables, type TableInfo } from "@/lib/dsql/jobs";
import { toAppError } from "@/lib/errors";
import { loadCluster, type ClusterPageParams } from "../load-cluster";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Jobs" };

export default async function ClusterJobsPage({ params }: { params: Promise<ClusterPageParams> }) {
  const { cluster, error } = await loadCluster(await params, "jobs");
  if (error) return error;
  const operator = canOperate(await userFromRequest(await headers()));
  // Opening this tab connects to the cluster (and wakes it if idle); the fleet view does not.
  const jobs = await clusterJobs(cluster);
  let tables: TableInfo[] | null = null;
  let tablesError: string | null = null;
  if (operator && !jobs.liveError) {
    try {
      tables = await listTables(cluster);
    } catch (err) {
      tablesError = toAppError(err).message;
    }
  } else if (operator) tablesError = jobs.liveError;

  return (
    <div className="space-y-4">
      <ClusterHeader cluster={cluster} current="jobs" note="asynchronous jobs: index builds, ANALYZE and DROP" />
      <ClusterJobsView initial={jobs} operator={operator} tables={tables} tablesError={tablesError} />
    </div>
  );
}
