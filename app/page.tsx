import { Suspense } from "react";
import { ErrorPanel } from "@/components/error-panel";
import { FleetTable, type FleetRow } from "@/components/fleet-table";
import { RestoresInFlight } from "@/components/restore-in-flight";
import { config } from "@/lib/aws/config";
import { fleetBackupHealth, lookbackDays } from "@/lib/backup/fleet";
import { FREE_TIER } from "@/lib/cost";
import { listFleet } from "@/lib/dsql/clusters";
import { age, compact, num, usd } from "@/lib/format";
import { accountTotals, fleetUsage, toFleetUsage, type ClusterUsage } from "@/lib/metrics/overview";

export const dynamic = "force-dynamic";

const allowanceText = (a: { pct: number }, of: string) => (a.pct >= 100 ? `${of}: used up` : `${num(a.pct, 0)} % of ${of} used`);

export default async function FleetPage() {
  const { regions, occThresholdPct } = config();
  const fleet = await listFleet(regions);
  // One planned GetMetricData request per region (at most 500 queries a call), all regions at once.
  const [usage, backups] = await Promise.all([fleetUsage(fleet), fleetBackupHealth(fleet.flatMap((r) => r.clusters))]);
  const usageOf = new Map<string, ClusterUsage>();
  for (const r of usage) for (const c of r.clusters) usageOf.set(`${r.region}/${c.identifier}`, c);
  const now = new Date();
  const rows: FleetRow[] = fleet.flatMap((r) => {
    const region = usage.find((u) => u.region === r.region)!;
    return r.clusters.map((c): FleetRow => {
      const u = usageOf.get(`${c.region}/${c.identifier}`);
      return {
        region: c.region,
        identifier: c.identifier,
        name: c.name,
        status: c.status,
        createdAt: c.creationTime.toISOString(),
        age: age(c.creationTime, now),
        deletionProtectionEnabled: c.deletionProtectionEnabled,
        tags: c.tags,
        peers: c.peers.map((p) => ({ region: p.region, identifier: p.identifier })),
        witnessRegion: c.witnessRegion,
        usage: u && toFleetUsage(u, region.price),
        usageError: region.error,
        backup: backups.byArn[c.arn] && { ...backups.byArn[c.arn], lookbackDays: lookbackDays() },
      };
    });
  });
  const failed = fleet.filter((r) => r.error);
  const metricsFailed = usage.filter((u) => u.error && !fleet.find((f) => f.region === u.region)?.error);
  const totals = accountTotals(usage);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Fleet</h1>
        <p className="text-sm text-slate-500">
          {rows.length} clusters in {regions.length} regions ({regions.join(", ")})
        </p>
      </div>
      {failed.map((r) => (
        <ErrorPanel key={r.region} title={`Could not list clusters in ${r.region}`} message={r.error ?? ""} retryHref="/" />
      ))}
      {backups.errors.map((r) => (
        <ErrorPanel key={`backup-${r.region}`} title={`Could not read backups in ${r.region}`} message={r.message} retryHref="/" />
      ))}
      <Suspense>
        <RestoresInFlight regions={regions} />
      </Suspense>
      {metricsFailed.map((r) => (
        <ErrorPanel key={r.region} title={`Could not read metrics in ${r.region}`} message={r.error ?? ""} retryHref="/" />
      ))}
      <section data-testid="account-summary" className="grid gap-3 rounded border border-slate-200 bg-white p-3 text-sm md:grid-cols-3">
        <div>
          <div className="text-xs uppercase text-slate-500">Month to date (UTC)</div>
          <div className="text-lg font-semibold tabular-nums">{usd(totals.dollars)}</div>
          <div className="text-xs text-slate-500" title="Assumes the DPU rate of the last 7 days continues to the end of the month and storage stays at its current size">
            forecast {usd(totals.forecastDollars)} by month end, at the last 7 days&apos; rate
          </div>
          {totals.unpricedRegions.length > 0 && <div className="text-xs text-amber-800">Not priced: {totals.unpricedRegions.join(", ")} (no known price; set DSQL_OPS_PRICES)</div>}
        </div>
        <div>
          <div className="text-xs uppercase text-slate-500">DPU month to date</div>
          <div className="text-lg font-semibold tabular-nums">{compact(totals.dpu)}</div>
          <div className="text-xs text-slate-500">{num(totals.gbMonths, 1)} GB-months of storage</div>
        </div>
        <div>
          <div className="text-xs uppercase text-slate-500">Free tier (account-wide, monthly)</div>
          <div className="tabular-nums">
            {allowanceText(totals.freeTier.dpu, `${compact(FREE_TIER.dpu)} DPU`)} · {allowanceText(totals.freeTier.storage, `${FREE_TIER.storageGbMonth} GB-month`)}
          </div>
          <div className="text-xs text-slate-500">One allowance for the account; the figures per cluster are before it.</div>
        </div>
      </section>
      <Suspense>
        <FleetTable rows={rows} regions={regions} thresholdPct={occThresholdPct} />
      </Suspense>
    </div>
  );
}
