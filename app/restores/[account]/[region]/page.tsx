import { notFound, redirect } from "next/navigation";
import { watchedAccounts } from "@/lib/aws/accounts";

export const dynamic = "force-dynamic";

/** /restores/<region>/<job>, the form before accounts: the restores it named ran in the dashboard's own account. */
export default async function OldRestoreUrl({ params }: { params: Promise<{ account: string; region: string }> }) {
  const { account: region, region: jobId } = await params;
  const own = (await watchedAccounts()).accounts.find((a) => a.source === "own");
  if (!own || !own.regions.includes(region)) notFound();
  redirect(`/restores/${own.id}/${region}/${encodeURIComponent(jobId)}`);
}
