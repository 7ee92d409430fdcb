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

const IDENT = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

/** `?table=schema.table&columns=a,b` (the Insights advisor's link) opens the form with that index; anything else is ignored. */
function prefillOf(q: Record<string, string | string[] | undefined>): { table: string; columns: string[] } | undefined {
  const table = typeof q.table === "string" ? q.table : "";
  const columns = typeof q.columns === "string" ? q.columns.split(",") : [];
  const [schema, name, ...rest] = table.split(".");
  if (rest.length || !IDENT.test(schema ?? "") || !IDENT.test(name ?? "") || !columns.length || !columns.every((c) => IDENT.test(c))) return undefined;
  return { table, columns };
}

export default async function ClusterJobsPage({ params, searchParams }: { params: Promise<ClusterPageParams>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { cluster, error } = await loadCluster(await params, "jobs");
  const prefill = prefillOf(await searchParams);
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
      <ClusterJobsView initial={jobs} operator={operator} tables={tables} tablesError={tablesError} prefill={prefill} />
    </div>
  );
}
