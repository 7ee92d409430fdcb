import type { Metadata } from "next";
import Link from "next/link";
import { ClusterHeader } from "@/components/cluster-tabs";
import { ErrorPanel } from "@/components/error-panel";
import { InsightsChart } from "@/components/insights-chart";
import { ContentionSection, LeakSection, TopLists } from "@/components/insights-tables";
import { TimeRangePicker } from "@/components/time-range-picker";
import { config } from "@/lib/aws/config";
import { clusterPath } from "@/lib/aws/scope";
import { toAppError } from "@/lib/errors";
import { clusterEvents } from "@/lib/events";
import { firstValues, type SearchParams } from "@/lib/http/search-params";
import { loadInsights } from "@/lib/insights";
import { rangeFromSearch } from "@/lib/metrics/range";
import { loadCluster, type ClusterPageParams } from "../load-cluster";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Insights" };

/**
 * Database Insights for one cluster: what in the workload spends the sessions (and so the DPUs):
 * average active sessions by wait event over the URL's time range, the top statements,
 * applications and roles against a day and a week before, and the transactions left open.
 */
export default async function ClusterInsightsPage({ params, searchParams }: { params: Promise<ClusterPageParams>; searchParams: Promise<SearchParams> }) {
  const { cluster, error } = await loadCluster(await params, "insights");
  if (error) return error;
  const { range, refresh, problem } = rangeFromSearch(firstValues(await searchParams));
  const from = "from" in range.params ? range.params.from : undefined;
  const to = "to" in range.params ? range.params.to : undefined;
  const header = <ClusterHeader cluster={cluster} current="insights" note="what in the workload spends the sessions: waits, statements, applications, roles" />;
  const [insights, events] = await Promise.all([
    loadInsights(cluster, range).catch((err: unknown) => toAppError(err)),
    clusterEvents(cluster, { startMs: range.startMs, endMs: range.endMs }).catch(() => undefined),
  ]);
  if (!("top" in insights)) {
    return (
      <div className="space-y-4">
        {header}
        <ErrorPanel title="Could not read Database Insights (CloudWatch PromQL)" message={insights.message} />
      </div>
    );
  }
  return (
    <div className="space-y-4">
      {header}
      <TimeRangePicker rangeKey={range.key} from={from} to={to} refresh={refresh} />
      {problem && <ErrorPanel title="This time range cannot be shown; showing the default range instead" message={problem} />}
      {insights.clipped && <p className="text-sm text-amber-700">CloudWatch PromQL queries cover at most 24 hours: showing the last 24 hours of the range.</p>}
      <section className="rounded border border-slate-200 bg-white p-3" data-testid="insights-waits">
        <h2 className="font-medium">Average active sessions by wait event</h2>
        <p className="text-xs text-slate-500">
          {insights.totalAas.toFixed(2)} sessions on average over the range (DASH, db.active_sessions.avg). Waits by load: {insights.waits.join(", ") || "none"}.
        </p>
        <InsightsChart timeline={insights.timeline} waits={insights.waits} startMs={insights.window.startMs} endMs={insights.window.endMs} events={events?.events} />
      </section>
      <TopLists top={insights.top} />
      {insights.suggestions.length > 0 && (
        <section className="rounded border border-slate-200 bg-white p-3" data-testid="insights-suggestions">
          <h2 className="font-medium">Scans that an index may remove</h2>
          <p className="mb-2 text-xs text-slate-500">
            Statements whose sessions wait on SequentialScanRead and filter one table by equality. A suggestion: the same wait also comes from fast indexed range reads, so check the plan (EXPLAIN)
            first. Each opens the Jobs tab&apos;s CREATE INDEX ASYNC form with the index filled in, for an operator to check and submit.
          </p>
          <ul className="space-y-2 text-sm">
            {insights.suggestions.map((s) => (
              <li key={s.sql}>
                <div className="font-mono text-xs text-slate-600">{s.statement}</div>
                <div>
                  {s.scanAas.toFixed(2)} sessions scanning on average → <code className="font-mono">{s.sql}</code>{" "}
                  <Link
                    href={`${clusterPath(cluster)}/jobs?table=${encodeURIComponent(`${s.request.schema}.${s.request.table}`)}&columns=${encodeURIComponent(s.request.columns.join(","))}#new-index`}
                    className="text-sky-700 hover:underline"
                    data-testid="suggestion-submit"
                  >
                    Open in the index form…
                  </Link>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
      <LeakSection insights={insights} />
      <ContentionSection insights={insights} thresholdPct={config().occThresholdPct} />
      <p className="text-xs text-slate-500">
        Measured: active sessions (CloudWatch Database Insights), ComputeDPU and query timeouts (CloudWatch metrics). Estimated: the compute of idle transactions and the DPUs of retried work.
        Per-statement DPUs need DSQL&apos;s statement statistics (opt-in per cluster, CloudWatch OpenTelemetry metrics): their API setting and metric names are not in the AWS SDK or the documentation
        this dashboard could check, so this page does not read them yet.
      </p>
    </div>
  );
}
