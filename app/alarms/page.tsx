import { headers } from "next/headers";
import type { Metadata } from "next";
import { AlarmSetForm } from "@/components/alarm-set-form";
import { ErrorPanel } from "@/components/error-panel";
import { canOperate, userFromRequest } from "@/lib/auth";
import { fleetProblems } from "@/lib/aws/scope";
import { fleetTagValues, listFleet } from "@/lib/dsql/clusters";
import { listTopics } from "@/lib/metrics/topics";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Alarm sets" };

/** The fleet's alarm sets: the recommended alarms and one composite per cluster, for every cluster of a tag. */
export default async function AlarmsPage() {
  const [fleet, user] = await Promise.all([listFleet(), headers().then(userFromRequest)]);
  // The topic names offered: those of the scopes with clusters (a name is looked up in each cluster's own account and Region).
  const names = await Promise.all(
    fleet
      .filter((r) => r.clusters.length)
      .map((r) =>
        listTopics(r).then(
          (ts) => ts.map((t) => t.name),
          () => [] as string[],
        ),
      ),
  );
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Alarm sets</h1>
        <p className="max-w-3xl text-sm text-slate-600">
          The recommended alarms for every cluster that carries a tag: OCC conflict rate above the threshold, DPU spike, query timeouts and commit latency (thresholds from each cluster&apos;s own last
          7 days), and one composite alarm per cluster, in ALARM when any of them is, that notifies the SNS topic of that name in the cluster&apos;s account and Region: one page per cluster, not four.
          Preview first; applying again creates nothing twice (existing alarms are kept as they are).
        </p>
      </div>
      {fleetProblems(fleet).map((p) => (
        <ErrorPanel key={p.key} title={`Could not list clusters in ${p.where}`} message={p.message} retryHref="/alarms" />
      ))}
      <AlarmSetForm tags={fleetTagValues(fleet)} topics={[...new Set(names.flat())].sort()} operator={canOperate(user)} />
    </div>
  );
}
