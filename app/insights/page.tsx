import type { Metadata } from "next";
import { ErrorPanel } from "@/components/error-panel";
import { FleetInsightsTable } from "@/components/fleet-insights-table";
import { InsightsChart } from "@/components/insights-chart";
import { TopLists } from "@/components/insights-tables";
import { TimeRangePicker } from "@/components/time-range-picker";
import { fleetProblems } from "@/lib/aws/scope";
import { listFleet } from "@/lib/dsql/clusters";
import { firstValues, type SearchParams } from "@/lib/http/search-params";
import { loadFleetInsights } from "@/lib/insights/fleet";
import { rangeFromSearch } from "@/lib/metrics/range";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Insights" };

/**
 * Database Insights across the fleet: which clusters carry the sessions (and so the DPUs), by wait
 * event over the URL's range, and the statements, applications and roles that load them most,
 * each beside a day and a week earlier. Each cluster links to its own Insights tab.
 */
export default async function FleetInsightsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { range, refresh, problem } = rangeFromSearch(firstValues(await searchParams));
  const from = "from" in range.params ? range.params.from : undefined;
  const to = "to" in range.params ? range.params.to : undefined;
  const fleet = await listFleet();
  const insights = await loadFleetInsights(fleet, range);
  const query = new URLSearchParams(Object.entries(range.params).filter((e): e is [string, string] => typeof e[1] === "string")).toString();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Insights</h1>
        <p className="text-sm text-slate-500">What in the fleet&apos;s workload spends the sessions: clusters, waits, statements, applications and roles (CloudWatch Database Insights, PromQL).</p>
      </div>
      <TimeRangePicker rangeKey={range.key} from={from} to={to} refresh={refresh} />
      {problem && <ErrorPanel title="This time range cannot be shown; showing the default range instead" message={problem} />}
      {fleetProblems(fleet).map((p) => (
        <ErrorPanel key={p.key} title={`Could not list clusters in ${p.where}`} message={p.message} retryHref="/insights" />
      ))}
      {insights.problems.map((p) => (
        <ErrorPanel key={`${p.account}/${p.region}`} title={`Could not read Database Insights in ${p.region} of ${p.accountName}`} message={p.message} retryHref="/insights" />
      ))}
      {insights.clipped && <p className="text-sm text-amber-700">CloudWatch PromQL queries cover at most 24 hours: showing the last 24 hours of the range.</p>}
      <section className="rounded border border-slate-200 bg-white p-3" data-testid="fleet-insights-waits">
        <h2 className="font-medium">Average active sessions by wait event, all clusters</h2>
        <p className="text-xs text-slate-500">
          {insights.totalAas.toFixed(2)} sessions on average over the range in {insights.clusters.length} clusters. Waits by load: {insights.waits.join(", ") || "none"}.
        </p>
        <InsightsChart timeline={insights.timeline} waits={insights.waits} startMs={insights.window.startMs} endMs={insights.window.endMs} />
      </section>
      <section className="space-y-2">
        <h2 className="font-medium">Clusters by load</h2>
        <FleetInsightsTable clusters={insights.clusters} rangeQuery={query} />
      </section>
      <TopLists top={insights.top} />
      <p className="text-xs text-slate-500" data-testid="fleet-insights-cost">
        {insights.calls} PromQL {insights.calls === 1 ? "call" : "calls"} for this view ({insights.minimumCalls} the fewest CloudWatch&apos;s limits allow: a range query by cluster and wait per 500
        series, and three instant queries per account and Region); answers are reused for a minute across tabs and instances.
        {insights.truncated && " Some Regions had more workload combinations than one answer holds: the top lists come from each Region's heaviest 500."} Per-statement DPUs need DSQL&apos;s statement
        statistics, which this page does not read.
      </p>
    </div>
  );
}
