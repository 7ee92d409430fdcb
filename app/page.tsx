import Link from "next/link";
import { Suspense } from "react";
import { ErrorPanel } from "@/components/error-panel";
import { FleetTable, type FleetRow } from "@/components/fleet-table";
import { RestoresInFlight } from "@/components/restore-in-flight";
import { config } from "@/lib/aws/config";
import { fleetBackupHealth, lookbackDays } from "@/lib/backup/fleet";
import { FREE_TIER } from "@/lib/cost";
import { watchedAccounts } from "@/lib/aws/accounts";
import { fleetProblems, scopeKey } from "@/lib/aws/scope";
import { budgetsAgainst, type FleetSpend } from "@/lib/cost/budget-status";
import { listFleet } from "@/lib/dsql/clusters";
import { age, compact, num, usd } from "@/lib/format";
import { fleetTotals, fleetUsage, toFleetUsage, type ClusterUsage } from "@/lib/metrics/overview";
import { fleetReadinessSummaries } from "@/lib/readiness";

export const dynamic = "force-dynamic";

const allowanceText = (a: { pct: number }, of: string) => (a.pct >= 100 ? `${of}: used up` : `${num(a.pct, 0)} % of ${of} used`);

export default async function FleetPage() {
  const { regions, occThresholdPct } = config();
  const [fleet, { accounts, problems: discovery }] = await Promise.all([listFleet(), watchedAccounts()]);
  // Not awaited: the table renders at once and each readiness cell fills in when the fleet's scores stream in.
  const readiness = fleetReadinessSummaries(fleet.flatMap((r) => r.clusters));
  // One planned GetMetricData request per account and Region (at most 500 queries a call), all at once.
  const [usage, backups] = await Promise.all([fleetUsage(fleet), fleetBackupHealth(fleet.flatMap((r) => r.clusters))]);
  const usageOf = new Map<string, ClusterUsage>();
  for (const r of usage) for (const c of r.clusters) usageOf.set(`${scopeKey(r)}/${c.identifier}`, c);
  const now = new Date();
  const rows: FleetRow[] = fleet.flatMap((r, i) => {
    const region = usage[i];
    return r.clusters.map((c): FleetRow => {
      const u = usageOf.get(`${scopeKey(c)}/${c.identifier}`);
      return {
        account: c.account,
        accountName: r.accountName,
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
  const failed = [...discovery.map((p) => ({ key: p.id, where: p.id === "organization" ? "the organisation's accounts" : p.name, message: p.message })), ...fleetProblems(fleet)];
  const metricsFailed = usage.map((u, i) => ({ ...u, accountName: fleet[i].accountName, listed: !fleet[i].error })).filter((u) => u.error && u.listed);
  const totals = fleetTotals(usage);
  const nameOf = new Map(accounts.map((a) => [a.id, a.name]));
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Fleet</h1>
        <p className="text-sm text-slate-500">
          {rows.length} clusters in {accounts.length} {accounts.length === 1 ? "account" : "accounts"} and {regions.length} regions ({regions.join(", ")})
        </p>
      </div>
      {failed.map((p) => (
        <ErrorPanel key={p.key} title={`Could not list clusters in ${p.where}`} message={p.message} retryHref="/" />
      ))}
      {backups.errors.map((r) => (
        <ErrorPanel key={`backup-${scopeKey(r)}`} title={`Could not read backups in ${r.region} of ${nameOf.get(r.account) ?? r.account}`} message={r.message} retryHref="/" />
      ))}
      <Suspense>
        <RestoresInFlight scopes={fleet.filter((r) => !r.error)} />
      </Suspense>
      {metricsFailed.map((r) => (
        <ErrorPanel key={`metrics-${scopeKey(r)}`} title={`Could not read metrics in ${r.region} of ${r.accountName}`} message={r.error ?? ""} retryHref="/" />
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
          <div className="text-xs uppercase text-slate-500">Free tier (per account, monthly)</div>
          {totals.freeTier.map((f) => (
            <div key={f.account} className="tabular-nums" data-testid="free-tier">
              {totals.freeTier.length > 1 && <span className="text-slate-500">{nameOf.get(f.account) ?? f.account}: </span>}
              {allowanceText(f.dpu, `${compact(FREE_TIER.dpu)} DPU`)} · {allowanceText(f.storage, `${FREE_TIER.storageGbMonth} GB-month`)}
            </div>
          ))}
          <div className="text-xs text-slate-500">One allowance per account; the figures per cluster are before it.</div>
        </div>
      </section>
      <Suspense>
        <BudgetFlags spend={{ fleet, usage, accounts }} />
      </Suspense>
      <Suspense>
        <FleetTable rows={rows} regions={regions} accounts={accounts.map((a) => ({ id: a.id, name: a.name }))} thresholdPct={occThresholdPct} readiness={readiness} />
      </Suspense>
    </div>
  );
}

/** The budgets the month is expected to exceed (or has), with the day each is expected to cross: nothing when all are on track. */
async function BudgetFlags({ spend }: { spend: FleetSpend }) {
  // The page's own listing and usage: no second read of the fleet or of CloudWatch.
  const { statuses } = await budgetsAgainst(spend).catch(() => ({ statuses: [] }));
  const flagged = statuses.filter((s) => s.state !== "ok");
  if (!flagged.length) return null;
  return (
    <section role="note" data-testid="budget-flags" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      <span className="font-medium">Budgets: </span>
      {flagged.map((s, i) => (
        <span key={s.label}>
          {i > 0 && " · "}
          {s.label}{" "}
          {s.state === "over"
            ? `is over its ${usd(s.budget.monthlyUsd)} (${usd(s.actualUsd)} so far)`
            : `is forecast at ${usd(s.forecastUsd)} against ${usd(s.budget.monthlyUsd)}, crossing on ${new Date(s.crossesAt!).toISOString().slice(0, 10)}`}
        </span>
      ))}{" "}
      <Link href="/cost#budgets" className="underline">
        budgets
      </Link>
    </section>
  );
}
