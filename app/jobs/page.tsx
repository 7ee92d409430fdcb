import type { Metadata } from "next";
import { Suspense } from "react";
import { FleetJobsView } from "@/components/jobs-fleet-view";
import { fleetJobs } from "@/lib/dsql/jobs";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Jobs" };

export default async function JobsPage() {
  const initial = await fleetJobs();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Jobs</h1>
        <p className="text-sm text-slate-500">
          Asynchronous jobs (sys.jobs) on every active cluster: index builds, ANALYZE and DROP. DSQL reports a job&apos;s stage, not a percentage; finished jobs stay listed for about 30 minutes, the dashboard remembers them longer. Idle clusters are not contacted, so they are not woken up.
        </p>
      </div>
      <Suspense>
        <FleetJobsView initial={initial} />
      </Suspense>
    </div>
  );
}
