import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { ActionError } from "@/components/error-panel";
import { getRestoreRequest } from "@/lib/backup/restores";
import { parseClusterArn } from "@/lib/dsql/clusters";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Restore request" };

/** A restore request by its id: its job once submitted, otherwise where it stands and how to go on. */
export default async function RestoreRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const request = await getRestoreRequest(id);
  if (!request) notFound();
  if (request.restoreJobId) redirect(`/restores/${request.region}/${request.restoreJobId}`);
  const source = parseClusterArn(request.sourceClusterArn);
  const wizard = source ? `/clusters/${source.region}/${source.identifier}/backups/restore?request=${request.id}` : undefined;
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-semibold">Restore request</h1>
      <p className="text-sm">
        Requested by {request.requestedBy} for <span className="font-mono">{request.sourceClusterArn}</span>: <strong>{request.status}</strong>.
      </p>
      <ActionError message={request.message && `AWS Backup refused it: ${request.message}`} />
      {wizard && (
        <Link href={wizard} className="text-sm text-sky-700 underline">
          Review and confirm it in the restore wizard
        </Link>
      )}
    </div>
  );
}
