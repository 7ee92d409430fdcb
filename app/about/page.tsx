import type { Metadata } from "next";
import { DataTable } from "@/components/data-table";
import { ErrorPanel } from "@/components/error-panel";
import { config } from "@/lib/aws/config";
import { toAppError } from "@/lib/errors";
import { num, usd } from "@/lib/format";
import { CLOUDWATCH_PRICES, COST_EXPLORER_PER_REQUEST, watchCost, type WatchCost } from "@/lib/watch-cost";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "About this dashboard" };

/** What this dashboard is running against, and what watching the fleet costs in AWS calls. */
export default async function AboutPage() {
  const cfg = config();
  let cost: WatchCost | undefined;
  let problem: string | undefined;
  try {
    cost = await watchCost();
  } catch (err) {
    problem = toAppError(err).message;
  }
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">About this dashboard</h1>
        <p className="text-sm text-slate-500">
          {cfg.mode === "local" ? "Local mode, against the built-in emulator" : "AWS mode"} · Regions {cfg.regions.join(", ")} · store {cfg.storeUrl ? "shared (DSQL_OPS_STORE_URL)" : "embedded"}
        </p>
      </div>

      <section className="space-y-2">
        <h2 className="text-lg font-semibold">The cost of watching</h2>
        <p className="text-sm text-slate-600">
          Every AWS call the dashboard makes, counted by every instance over the last 7 days. CloudWatch bills GetMetricData at {usd(CLOUDWATCH_PRICES.metricsPer1000)} per 1,000 metrics requested
          (each metric of each call, every page of it), GetMetricStatistics and ListMetrics at {usd(CLOUDWATCH_PRICES.requestsPer1000)} per 1,000 requests (us-east-1 list prices; the account&apos;s
          free tier is not taken off); Cost Explorer bills {usd(COST_EXPLORER_PER_REQUEST)} per request (the cost review&apos;s bill, each day read once); the alarm, DSQL and AWS Backup reads listed
          here are not billed per call.
        </p>
        {problem && <ErrorPanel title="Could not read the counts" message={problem} retryHref="/about" />}
        {cost && (
          <>
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="watch-cost-summary">
              {[
                ["Last 24 hours", usd(cost.lastDay.dollars)],
                ["Projected for 30 days", usd(cost.monthlyProjection)],
                ["Calls and metrics, 24 h", num(cost.lastDay.count)],
                ["Instances counted", num(cost.instances)],
              ].map(([label, value]) => (
                <div key={label} className="rounded border border-slate-200 bg-white p-3">
                  <dt className="text-xs text-slate-500">{label}</dt>
                  <dd className="text-lg font-semibold tabular-nums">{value}</dd>
                </div>
              ))}
            </dl>
            <DataTable
              testId="watch-cost"
              rows={cost.byApi}
              rowKey={(a) => `${a.service}/${a.api}`}
              rowProps={(a) => ({ "data-testid": "watch-cost-row", "data-api": a.api })}
              empty="No AWS call counted yet: open the fleet overview or a cluster page."
              columns={[
                { header: "Service", cell: (a) => a.service },
                { header: "API", cell: (a) => a.api },
                { header: "Count", cell: (a) => `${num(a.count)} ${a.unit}`, align: "right", className: "tabular-nums" },
                { header: "Cost", cell: (a) => (a.dollars ? usd(a.dollars) : "not billed per call"), align: "right", className: "tabular-nums" },
              ]}
            />
          </>
        )}
      </section>
    </div>
  );
}
