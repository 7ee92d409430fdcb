import { firstValues, type SearchParams } from "@/lib/http/search-params";
import { headers } from "next/headers";
import { Suspense } from "react";
import { BudgetsPanel, type BudgetOptions } from "@/components/budgets-panel";
import { canOperate, userFromRequest } from "@/lib/auth";
import { watchedAccounts } from "@/lib/aws/accounts";
import { clusterKey } from "@/lib/aws/scope";
import { fleetBudgetStatuses } from "@/lib/cost/budget-status";
import { fleetProblems } from "@/lib/aws/scope";
import { ACCOUNT_GROUP } from "@/lib/cost-review/compare";
import type { Metadata } from "next";
import { CostDailyChart } from "@/components/cost-daily-chart";
import { CostPeriodForm } from "@/components/cost-period-form";
import { CostPrintButton } from "@/components/cost-print-button";
import { BillTable, ClusterTable, GroupTable, KindTable, MoversTable, signedUsd } from "@/components/cost-tables";
import { COST_EXPLORER_PER_REQUEST } from "@/lib/watch-cost";
import { ErrorPanel } from "@/components/error-panel";
import { regionPrice } from "@/lib/cost/pricing";
import { costReview, type CostQuery, type CostReview } from "@/lib/cost-review";
import { costQuery } from "@/lib/cost-review/period";
import { toAppError } from "@/lib/errors";
import { num, usd } from "@/lib/format";
import "./print.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Cost review" };

/** The URL of this review with some parameters changed (null removes one). */
function hrefWith(query: CostQuery, changes: Partial<Record<keyof CostQuery, string | null>>, path = "/cost"): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...query, ...changes })) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export default async function CostPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const raw = firstValues(sp);
  const parsed = costQuery.safeParse(raw);
  const thisMonth = new Date().toISOString().slice(0, 7);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return (
      <Shell>
        <CostPeriodForm query={{}} month={thisMonth} tagValues={{}} />
        <ErrorPanel title="This cost review cannot be shown" message={`Invalid query field "${issue.path.join(".")}": ${issue.message}`} retryHref="/cost" />
      </Shell>
    );
  }
  const query = parsed.data;
  let review: CostReview;
  try {
    review = await costReview(query, { withBill: true });
  } catch (err) {
    const e = toAppError(err);
    return (
      <Shell>
        <CostPeriodForm query={query} month={thisMonth} tagValues={{}} />
        <ErrorPanel title={e.status === 400 ? "This cost review cannot be shown" : "Could not build the cost review"} message={e.message} retryHref="/cost" />
      </Shell>
    );
  }
  return <Review review={review} query={query} month={thisMonth} />;
}

function Shell({ children }: { children: React.ReactNode }) {
  return (
    <div className="cost-report space-y-4">
      <h1 className="text-2xl font-semibold">Cost review</h1>
      {children}
    </div>
  );
}

function Card({ label, value, sub, testId, tone = "" }: { label: string; value: string; sub?: React.ReactNode; testId: string; tone?: string }) {
  return (
    <div data-testid={testId} className="break-avoid rounded border border-slate-200 bg-white p-3">
      <p className="text-xs text-slate-500">{label}</p>
      <p className={`cost-figure text-xl font-semibold tabular-nums ${tone}`}>{value}</p>
      {sub && <p className="mt-0.5 text-xs text-slate-500">{sub}</p>}
    </div>
  );
}

async function Review({ review: r, query, month }: { review: CostReview; query: CostQuery; month: string }) {
  const { current, previous } = r.comparison;
  const t = r.totals;
  const csvHref = hrefWith(query, {}, "/api/cost/csv");
  const prices = await Promise.all([...new Set(r.clusters.map((c) => c.region))].sort().map(async (region) => ({ region, price: await regionPrice(region) })));
  return (
    <div className="cost-report space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Cost review · {current.label}</h1>
          <p className="text-sm text-slate-600" data-testid="cost-basis">
            {r.comparison.basis} ({previous.span}) · {r.counts.reviewed} of {r.counts.fleet} clusters
            {r.tag && (
              <>
                {" "}
                tagged{" "}
                <span className="font-medium">
                  {r.tag.key}: {r.tag.value}
                </span>
              </>
            )}
            {r.groupBy && <> · grouped by {r.groupBy === ACCOUNT_GROUP ? "account" : r.groupBy}</>} · UTC days · before the free tier
          </p>
        </div>
        <div className="no-print ml-auto flex gap-2">
          <a href={csvHref} download data-testid="cost-csv" className="rounded border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-50">
            Export CSV
          </a>
          <CostPrintButton />
        </div>
      </div>

      <CostPeriodForm query={query} month={month} tagValues={r.tagValues} />

      {fleetProblems(r.regionErrors.map((e) => ({ ...e, error: e.message }))).map((p) => (
        <ErrorPanel key={p.key} title={`Could not read the costs of ${p.where}`} message={`${p.message}. Its clusters are not in the figures below.`} />
      ))}
      {r.unpriced.map((u) => (
        <p key={u.region} role="note" data-testid="cost-unpriced" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <span className="font-medium">{u.region} has no known price</span>: {u.clusters} cluster{u.clusters === 1 ? "" : "s"}, {num(u.dpu)} DPU and {num(u.gbMonths, 1)} GB-months in this period are
          not in the dollar figures. {u.reason}.
        </p>
      ))}
      {r.incomplete.length > 0 && (
        <p role="note" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Incomplete data: {r.incomplete.map((i) => `${i.name} (${i.region}): ${i.status === "error" ? "left out" : "partial"}, ${i.message}`).join("; ")}.
        </p>
      )}

      <div className="print-grid grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Card testId="cost-total" label={current.label} value={usd(t.current.total)} sub={`DPU ${usd(t.current.dpuCost)} · storage ${usd(t.current.storageCost)}`} />
        <Card testId="cost-previous" label={previous.label} value={usd(t.previous.total)} sub={`DPU ${usd(t.previous.dpuCost)} · storage ${usd(t.previous.storageCost)}`} />
        <Card
          testId="cost-change"
          label="Change"
          value={signedUsd(t.delta)}
          tone={t.delta > 0.005 ? "text-red-700" : t.delta < -0.005 ? "text-emerald-700" : ""}
          sub={t.deltaPct === null ? "no cost in the previous period" : `${t.deltaPct >= 0 ? "+" : "−"}${num(Math.abs(100 * t.deltaPct), 1)} % against the previous period`}
        />
        {r.forecast ? (
          <Card
            testId="cost-forecast"
            label="Month-end forecast"
            value={usd(r.forecast.total)}
            sub={
              <>
                {r.forecast.assumption} Last month: {usd(r.forecast.previousMonthTotal)}.
              </>
            }
          />
        ) : (
          <Card
            testId="cost-forecast"
            label="Month-end forecast"
            value="–"
            sub={r.comparison.kind === "month" ? "The month is over: the figures are final." : "Forecasts are made for the current month."}
          />
        )}
      </div>

      <section className="break-avoid rounded border border-slate-200 bg-white p-3">
        <h2 className="mb-2 font-semibold">Daily cost</h2>
        <CostDailyChart daily={r.daily} previousLabel={previous.span} />
      </section>

      <div className="print-grid grid gap-3 lg:grid-cols-2">
        <KindTable kinds={r.kinds} />
        <MoversTable movers={r.movers} />
      </div>

      {r.groups && r.groupBy && (
        <GroupTable
          tagKey={r.groupBy === ACCOUNT_GROUP ? undefined : r.groupBy}
          groups={r.groups}
          clusters={r.clusters}
          filterHref={(v) => (r.groupBy === ACCOUNT_GROUP || v.startsWith("(") ? null : hrefWith(query, { tag: `${r.groupBy}:${v}` }))}
        />
      )}
      <ClusterTable clusters={r.clusters} groupBy={r.groupBy} />
      <BillSection review={r} csvHref={hrefWith(query, {}, "/api/cost/bill-csv")} />
      <Suspense fallback={<p className="text-sm text-slate-500">Reading the budgets…</p>}>
        <Budgets review={r} />
      </Suspense>

      <footer className="space-y-1 text-xs text-slate-500">
        <p data-testid="cost-prices">
          Prices:{" "}
          {prices.map(({ region, price }, i) => (
            <span key={region}>
              {i > 0 && " · "}
              {region} {price.known ? `$${price.dpuPerMillion} per million DPU, $${price.storageGbMonth} per GB-month (${price.source}${price.readOn ? `, read ${price.readOn}` : ""})` : "unknown"}
            </span>
          ))}
          .
        </p>
        {r.freeTier && (
          <p data-testid="cost-free-tier">
            Free tier (per account and month; the figures above are before it):{" "}
            {r.freeTier.map((f, i) => (
              <span key={f.account}>
                {i > 0 && " · "}
                {f.accountName} {num(f.dpu.used)} of {num(f.dpu.allowance)} DPU and {num(f.storage.used, 2)} of {f.storage.allowance} GB-month used
              </span>
            ))}
            .
          </p>
        )}
        <p>
          Storage is the daily maximum of ClusterStorageSize in GB-months; multi-Region write DPUs are charged in the region where the write started. Tags are the clusters&apos; current tags; deleted
          clusters are not listed.
        </p>
      </footer>
    </div>
  );
}

/** The budgets against this month's spend, whatever period the review shows (a budget is monthly). */
async function Budgets({ review: r }: { review: CostReview }) {
  const [result, user, { accounts }] = await Promise.all([fleetBudgetStatuses().catch((err) => ({ error: toAppError(err).message })), userFromRequest(await headers()), watchedAccounts()]);
  if ("error" in result) return <ErrorPanel title="Could not read the budgets" message={result.error} retryHref="/cost" />;
  const options: BudgetOptions = {
    clusters: r.clusters.map((c) => ({ key: clusterKey(c), label: `${c.name} (${c.region}, ${c.accountName})` })),
    tags: r.tagValues,
    accounts: accounts.map((a) => ({ id: a.id, label: `${a.name} (${a.id})` })),
  };
  return <BudgetsPanel statuses={result.statuses} spendErrors={result.spendErrors} operator={canOperate(user)} options={options} />;
}

/** The bill for the same period beside the estimate; Cost Explorer failing leaves the rest of the review standing (a note, not an error page). */
function BillSection({ review: r, csvHref }: { review: CostReview; csvHref: string }) {
  const bill = r.bill;
  if (!bill) return <ErrorPanel title="Could not read the bill from Cost Explorer" message={`${r.billError ?? "No answer"}. The estimate above is from CloudWatch metrics alone.`} retryHref="/cost" />;
  const names = new Map(r.clusters.map((c) => [c.account, c.accountName]));
  const accountName = (id: string) => (names.get(id) && names.get(id) !== id ? `${names.get(id)} (${id})` : id);
  return (
    <div className="space-y-1">
      <BillTable bill={bill} accountName={accountName} />
      {r.resourceBillNote && (
        <p role="note" className="text-xs text-amber-900">
          {r.resourceBillNote}.
        </p>
      )}
      <p data-testid="cost-bill-note" className="text-xs text-slate-500">
        Billed {usd(bill.totals.billed)} against an estimate of {usd(bill.totals.estimate)} ({signedUsd(bill.totals.difference)}), through {bill.billedThrough ?? "no day yet"} as Cost Explorer shows
        it to account {bill.payer}
        {bill.estimated && " (not final until the month closes)"}. The bill has one DPU line per Region: the DPU kinds above come from metrics only. This review cost {bill.requests} Cost Explorer
        request{bill.requests === 1 ? "" : "s"} (${(bill.requests * COST_EXPLORER_PER_REQUEST).toFixed(2)}); days already read are kept, a closed day is never asked for again.{" "}
        <a href={csvHref} download data-testid="cost-bill-csv" className="no-print underline">
          Export the bill beside the estimate (CSV)
        </a>
      </p>
    </div>
  );
}
