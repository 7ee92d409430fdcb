import type { Metadata } from "next";
import { headers } from "next/headers";
import { DrillsLive } from "@/components/drills-live";
import { ErrorPanel } from "@/components/error-panel";
import { canOperate, userFromRequest } from "@/lib/auth";
import { drillsView } from "@/lib/drills";
import { toAppError } from "@/lib/errors";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Restore drills" };

/** Restore drills across the fleet: leftovers first (they cost money), schedules, the RTO trend, the history. */
export default async function DrillsPage() {
  const [user, view] = await Promise.all([
    headers().then(userFromRequest),
    drillsView().then(
      (v) => ({ v }),
      (err) => ({ error: toAppError(err).message }),
    ),
  ]);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Restore drills</h1>
        <p className="max-w-3xl text-sm text-slate-600">
          AWS Backup&apos;s restore testing does not cover Aurora DSQL, so the dashboard drills restores itself: each drill restores a cluster&apos;s newest completed recovery point into a new
          cluster, validates it against the source, reports the verdict to AWS Backup, and deletes the copy. Drills are scheduled per cluster on its Backups tab.
        </p>
      </div>
      {"error" in view ? <ErrorPanel title="Could not read the drills" message={view.error} retryHref="/drills" /> : <DrillsLive initial={view.v} initialAt={view.v.at} operator={canOperate(user)} />}
    </div>
  );
}
