import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ErrorPanel } from "@/components/error-panel";
import { RestoreProgressView } from "@/components/restore-progress";
import { findWatchedAccount } from "@/lib/aws/accounts";
import { ACCOUNT_ID } from "@/lib/aws/ids";
import { restoreProgress, type RestoreProgress } from "@/lib/backup/restores";
import { toAppError } from "@/lib/errors";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Restore job" };

const JOB = /^[A-Za-z0-9-]{1,100}$/;

export default async function RestoreJobPage({ params }: { params: Promise<{ account: string; region: string; jobId: string }> }) {
  const { account: accountId, region, jobId } = await params;
  const account = ACCOUNT_ID.test(accountId) ? await findWatchedAccount(accountId) : undefined;
  if (!account || !account.regions.includes(region) || !JOB.test(jobId)) notFound();
  let progress: RestoreProgress;
  try {
    progress = await restoreProgress({ account: account.id, region }, jobId);
  } catch (err) {
    const e = toAppError(err);
    if (e.status === 404) notFound();
    return <ErrorPanel title={`Could not read restore job ${jobId} in ${region}`} message={e.message} retryHref={`/restores/${account.id}/${region}/${jobId}`} />;
  }
  return (
    <div className="space-y-4">
      <div>
        <Link href="/restores" className="text-sm text-sky-700 hover:underline">
          ← Restores
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">Restore into a new cluster</h1>
        <p className="text-sm text-slate-500">
          {region} of account {account.name} ({account.id})
        </p>
      </div>
      <RestoreProgressView initial={progress} />
    </div>
  );
}
