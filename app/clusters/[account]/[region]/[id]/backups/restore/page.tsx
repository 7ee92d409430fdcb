import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound, redirect, unstable_rethrow } from "next/navigation";
import { ErrorPanel } from "@/components/error-panel";
import { RestoreWizard } from "@/components/restore-wizard";
import { canOperate, userFromRequest } from "@/lib/auth";
import { getRestoreRequest, wizardContext, type RestoreRequest } from "@/lib/backup/restores";
import type { WizardContext } from "@/lib/backup/wizard";
import type { Cluster } from "@/lib/dsql/clusters";
import { toAppError } from "@/lib/errors";
import { clusterPath } from "@/lib/aws/scope";
import { requestCluster, notFoundUnlessCluster, type ClusterPageParams } from "../../load-cluster";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Restore" };

export default async function RestorePage({ params, searchParams }: { params: Promise<ClusterPageParams>; searchParams: Promise<{ point?: string; request?: string }> }) {
  const p = await params;
  const { point, request: requestId } = await searchParams;
  await notFoundUnlessCluster(p);
  const back = clusterPath({ account: p.account, region: p.region, identifier: p.id }, "backups");
  const user = await userFromRequest(await headers());
  if (!canOperate(user)) {
    return (
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">Restore</h1>
        <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm">
          Restoring a cluster needs the operator role; {user.name} is a {user.role}.{" "}
          <Link href={back} className="text-sky-700 underline">
            Back to the backups
          </Link>
        </p>
      </div>
    );
  }
  let cluster: Cluster;
  let ctx: WizardContext;
  let resume: RestoreRequest | undefined;
  try {
    cluster = await requestCluster(p.account, p.region, p.id);
    if (requestId) {
      resume = await getRestoreRequest(requestId);
      // Already started (another tab, a reload after the click): show its progress, never a second restore.
      if (resume?.restoreJobId) redirect(`/restores/${resume.account}/${resume.region}/${resume.restoreJobId}`);
      if (resume && resume.sourceClusterArn !== cluster.arn) resume = undefined;
    }
    ctx = await wizardContext(cluster);
  } catch (err) {
    unstable_rethrow(err);
    const e = toAppError(err);
    if (e.status === 404) notFound();
    return <ErrorPanel title={`Could not prepare the restore of ${p.id}`} message={e.message} retryHref={`${back}/restore`} />;
  }
  return (
    <div className="space-y-4">
      <div>
        <Link href={back} className="text-sm text-sky-700 hover:underline">
          ← Backups of {cluster.name}
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">Restore {cluster.name} to a new cluster</h1>
        <p className="text-sm text-slate-500">
          {cluster.region} · {cluster.identifier}
        </p>
      </div>
      <RestoreWizard ctx={ctx} initialPoint={point} resume={resume} />
    </div>
  );
}
