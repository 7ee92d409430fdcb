import type { ClusterInsights } from "@/lib/insights";
import { change, LEAK_MODEL, RETRY_MODEL, type Dimension, type LoadRow } from "@/lib/insights/model";
import { num, usd } from "@/lib/format";
import { occState } from "@/lib/metrics/occ";
import { OccBadge } from "./occ-badge";

export const aas = (v: number | undefined) => (v === undefined ? "–" : v.toFixed(2));
const roleName = (arn: string) => arn.replace(/^arn:aws:iam::\d+:role\//, "");

/** The two heaviest waits of a load, with their AAS. */
export const mainWaits = (waits: Record<string, number>) =>
  Object.entries(waits)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([w, v]) => `${w} ${aas(v)}`)
    .join(", ");

/** A load against an earlier window: red when it grew by more than a quarter, green when it fell as much. */
export function Change({ now, before }: { now: number; before?: number }) {
  const c = change(now, before);
  if (c === undefined) return <span className="text-slate-400">{before === undefined ? "new" : "–"}</span>;
  const pct = Math.round(c * 100);
  return <span className={pct > 25 ? "text-red-700" : pct < -25 ? "text-green-700" : "text-slate-600"}>{`${pct > 0 ? "+" : ""}${pct} %`}</span>;
}

const TITLES: Record<Dimension, [string, string]> = {
  statement: ["Top statements", "Statement (normalised SQL)"],
  app: ["Top applications", "Application"],
  role: ["Top roles", "IAM role"],
};

/** One top list: load over the range beside the same window a day and a week earlier, and its main waits. */
export function TopTable({ dim, rows }: { dim: Dimension; rows: LoadRow[] }) {
  const [title, column] = TITLES[dim];
  const label = (r: LoadRow) => (r.key === "" ? <span className="text-slate-400">{dim === "app" ? "(no application name set)" : "(none)"}</span> : dim === "role" ? roleName(r.key) : r.key);
  return (
    <section className="rounded border border-slate-200 bg-white p-3" data-testid={`insights-top-${dim}`}>
      <h2 className="mb-2 font-medium">{title}</h2>
      <table className="w-full text-sm">
        <thead className="text-left text-slate-500">
          <tr>
            <th className="py-1 font-normal">{column}</th>
            <th className="py-1 pl-3 text-right font-normal whitespace-nowrap">AAS</th>
            <th className="py-1 pl-3 text-right font-normal whitespace-nowrap">vs day before</th>
            <th className="py-1 pl-3 text-right font-normal whitespace-nowrap">vs week before</th>
            <th className="py-1 pl-3 font-normal">Main waits</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.where ?? ""}|${r.key}`} className="border-t border-slate-100 align-top">
              <td className={`py-1 ${dim === "statement" ? "max-w-md truncate font-mono text-xs" : ""}`} title={r.key}>
                {label(r)}
                {r.where && <div className="font-sans text-xs text-slate-500">on {r.where}</div>}
              </td>
              <td className="py-1 pl-3 text-right tabular-nums">{aas(r.aas)}</td>
              <td className="py-1 pl-3 text-right tabular-nums">
                <Change now={r.aas} before={r.dayBefore} />
              </td>
              <td className="py-1 pl-3 text-right tabular-nums">
                <Change now={r.aas} before={r.weekBefore} />
              </td>
              <td className="py-1 pl-3 text-xs text-slate-600">{mainWaits(r.waits)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Rows by application and IAM role with figures beside them, and the model the estimated ones come from. */
function AppRoleTable<T extends { app: string; role: string }>({ rows, columns, empty, model }: { rows: T[]; columns: [string, (row: T) => string][]; empty: string; model: string }) {
  return (
    <>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">{empty}</p>
      ) : (
        <table className="w-full text-sm">
          <thead className="text-left text-slate-500">
            <tr>
              <th className="py-1 font-normal">Application</th>
              <th className="py-1 font-normal">IAM role</th>
              {columns.map(([header]) => (
                <th key={header} className="py-1 pl-3 text-right font-normal whitespace-nowrap">
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.app}|${r.role}`} className="border-t border-slate-100">
                <td className="py-1">{r.app || <span className="text-slate-400">(no application name set)</span>}</td>
                <td className="py-1">{roleName(r.role)}</td>
                {columns.map(([header, cell]) => (
                  <td key={header} className="py-1 pl-3 text-right tabular-nums">
                    {cell(r)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="mt-2 text-xs text-slate-500">{model}</p>
    </>
  );
}

/** The top statements over the width, and the top applications and roles side by side. */
export function TopLists({ top }: { top: Record<Dimension, LoadRow[]> }) {
  return (
    <>
      <TopTable dim="statement" rows={top.statement} />
      <div className="grid gap-4 lg:grid-cols-2">
        <TopTable dim="app" rows={top.app} />
        <TopTable dim="role" rows={top.role} />
      </div>
    </>
  );
}

/** Sessions idle inside open transactions (ClientRead), by application and role, with their estimated compute; query timeouts beside them. */
export function LeakSection({ insights }: { insights: ClusterInsights }) {
  const { leaks } = insights;
  return (
    <section className="rounded border border-slate-200 bg-white p-3" data-testid="insights-leaks">
      <h2 className="font-medium">Leaked and idle transactions</h2>
      <p className="mb-2 text-xs text-slate-500">
        Sessions waiting on their client inside an open transaction (the ClientRead wait): an application that holds transactions open longer than its work needs.
      </p>
      <div className="flex flex-wrap gap-6">
        <div className="min-w-[24rem] flex-1">
          <AppRoleTable
            rows={leaks}
            empty="No session waited on its client inside a transaction over this range."
            model={LEAK_MODEL}
            columns={[
              ["Idle sessions (AAS)", (l) => aas(l.aas)],
              ["Session-hours", (l) => (l.sessionSeconds / 3600).toFixed(1)],
              ["Estimated compute DPU", (l) => (l.estimatedDpu === undefined ? "unknown" : `≈ ${num(l.estimatedDpu)}`)],
            ]}
          />
        </div>
        <div className="w-48 rounded bg-slate-50 p-2 text-sm" data-testid="insights-query-timeouts">
          <div className="text-slate-500">Query timeouts over the range</div>
          <div className="text-2xl tabular-nums">{insights.queryTimeouts === undefined ? "–" : Math.round(insights.queryTimeouts).toLocaleString("en-US")}</div>
          <div className="text-xs text-slate-500">CloudWatch QueryTimeouts (measured)</div>
        </div>
      </div>
    </section>
  );
}

/** Dollars of a DPU figure at the Region's price, or nothing when the price is unknown. */
const dollars = (dpu: number, price: ClusterInsights["price"]) => (price?.known ? ` · ≈ ${usd((dpu * price.dpuPerMillion) / 1e6)}` : "");

/** OCC contention as far as AWS's data tells it: the conflict rate beside who waits in COMMIT, and the estimated cost of retried work. */
export function ContentionSection({ insights, thresholdPct }: { insights: ClusterInsights; thresholdPct: number }) {
  const c = insights.contention;
  return (
    <section className="rounded border border-slate-200 bg-white p-3" data-testid="insights-contention">
      <h2 className="font-medium">OCC contention</h2>
      <p className="mb-2 text-xs text-slate-500">
        Sessions waiting in COMMIT, where DSQL validates a transaction and aborts it on a conflict (SQLSTATE 40001), by application and role. Which keys conflicted is not in AWS&apos;s data: DSQL
        reports commit-time waits against COMMIT, not against the statement that wrote.
      </p>
      <div className="flex flex-wrap gap-6">
        <div className="min-w-[24rem] flex-1">
          <AppRoleTable
            rows={c.byApp}
            empty="No session waited in COMMIT over this range."
            model={RETRY_MODEL}
            columns={[
              ["Commit waits (AAS)", (r) => aas(r.commitAas)],
              ["Share", (r) => `${Math.round(r.share * 100)} %`],
              ["Estimated retried DPU", (r) => (r.estimatedRetryDpu === undefined ? "unknown" : `≈ ${num(r.estimatedRetryDpu)}${dollars(r.estimatedRetryDpu, insights.price)}`)],
            ]}
          />
        </div>
        <div className="w-56 space-y-2 rounded bg-slate-50 p-2 text-sm" data-testid="insights-occ-rate">
          <div className="text-slate-500">Conflict rate over the range</div>
          <OccBadge ratePct={c.ratePct ?? null} state={occState(c.ratePct, thresholdPct)} thresholdPct={thresholdPct} />
          <div className="text-xs text-slate-500">
            {c.conflicts === undefined
              ? "CloudWatch's OccConflicts could not be read"
              : `${num(c.conflicts)} conflicts in ${num(c.transactions ?? 0)} transactions (measured); threshold ${thresholdPct} %`}
          </div>
          {c.retryDpu !== undefined && (
            <div data-testid="insights-retry-dpu">
              <div className="text-slate-500">Retried work</div>
              <div className="tabular-nums">
                ≈ {num(c.retryDpu)} DPU{dollars(c.retryDpu, insights.price)}
              </div>
              <div className="text-xs text-slate-500">estimated</div>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
