import Link from "next/link";
import { clusterPath } from "@/lib/aws/scope";
import type { ClusterCostRow, GroupRow, KindRow } from "@/lib/cost-review";
import { ACCOUNT_GROUP, type Change } from "@/lib/cost-review/compare";
import type { BillComparison } from "@/lib/cost/bill-model";
import { compact, num, usd } from "@/lib/format";

/** The cost review's tables: changes with their share, by kind, by group, top movers, by cluster. */

const money = (v: number | null) => (v === null ? "–" : usd(v));

export function signedUsd(v: number | null): string {
  if (v === null) return "–";
  if (Math.abs(v) < 0.005) return usd(0);
  return `${v > 0 ? "+" : "−"}${usd(Math.abs(v))}`;
}

const share = (v: number | null) => (v === null ? "–" : `${num(100 * v, 1)} %`);
const tone = (v: number | null) => (v === null || Math.abs(v) < 0.005 ? "text-slate-500" : v > 0 ? "text-red-700" : "text-emerald-700");

const th = "px-2 py-1.5 text-right font-medium first:text-left";
const td = "px-2 py-1 text-right tabular-nums first:text-left";

function ChangeCells({ c }: { c: Change }) {
  return (
    <>
      <td className={td}>{money(c.current)}</td>
      <td className={td}>{money(c.previous)}</td>
      <td className={`${td} ${tone(c.delta)}`}>{signedUsd(c.delta)}</td>
      <td className={td}>{share(c.share)}</td>
    </>
  );
}

const CHANGE_HEAD = ["This period", "Previous", "Change", "Share of change"];

function Table({ testId, caption, head, children, className = "" }: { testId: string; caption: string; head: string[]; children: React.ReactNode; className?: string }) {
  return (
    <section className={`break-avoid overflow-x-auto rounded border border-slate-200 bg-white ${className}`}>
      <table data-testid={testId} className="w-full text-sm">
        <caption className="px-3 pt-2 text-left font-semibold">{caption}</caption>
        <thead className="border-b border-slate-200 text-xs text-slate-500">
          <tr>
            {head.map((h) => (
              <th key={h} scope="col" className={th}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </section>
  );
}

export function KindTable({ kinds }: { kinds: KindRow[] }) {
  return (
    <Table testId="cost-by-kind" caption="By DPU kind and storage" head={["", ...CHANGE_HEAD]}>
      {kinds.map((k) => (
        <tr key={k.key}>
          <th scope="row" className={`${td} font-normal`}>
            {k.label}
          </th>
          <ChangeCells c={k.change} />
        </tr>
      ))}
    </Table>
  );
}

export function MoversTable({ movers }: { movers: ClusterCostRow[] }) {
  if (!movers.length) return <p className="rounded border border-slate-200 bg-white p-3 text-sm text-slate-500">No cluster&apos;s cost changed between the two periods.</p>;
  return (
    <Table testId="cost-movers" caption="Top movers" head={["Cluster", ...CHANGE_HEAD]}>
      {movers.map((c) => (
        <tr key={`${c.region}/${c.identifier}`}>
          <th scope="row" className={`${td} font-normal`}>
            {c.name} <span className="text-xs text-slate-500">{c.region}</span>
          </th>
          <ChangeCells c={c.change} />
        </tr>
      ))}
    </Table>
  );
}

/** Groups by a tag's values, or by account when `tagKey` is absent. */
export function GroupTable({ tagKey, groups, clusters, filterHref }: { tagKey?: string; groups: GroupRow[]; clusters: ClusterCostRow[]; filterHref: (value: string) => string | null }) {
  // A group's part of the bill: its clusters' parts (per resource where Cost Explorer has them, else allocated).
  const billed = new Map<string, number>();
  for (const c of clusters) if (c.billed && c.group !== undefined) billed.set(c.group, (billed.get(c.group) ?? 0) + c.billed.usd);
  const withBill = clusters.some((c) => c.billed);
  return (
    <Table testId="cost-by-group" caption={tagKey ? `By tag “${tagKey}”` : "By account"} head={[tagKey ?? "Account", "Clusters", ...CHANGE_HEAD, ...(withBill ? ["Billed"] : [])]}>
      {groups.map((g) => {
        const href = filterHref(g.group);
        return (
          <tr key={g.group}>
            <th scope="row" className={`${td} font-normal`}>
              {href ? (
                <Link href={href} className="text-sky-800 hover:underline">
                  {g.group}
                </Link>
              ) : (
                g.group
              )}
            </th>
            <td className={td}>
              {g.clusters}
              {g.unpriced > 0 && <span className="text-xs text-amber-700"> ({g.unpriced} unpriced)</span>}
            </td>
            <ChangeCells c={g.change} />
            {withBill && (
              <td className={td} data-testid="group-billed">
                {money(billed.get(g.group) ?? 0)}
              </td>
            )}
          </tr>
        );
      })}
    </Table>
  );
}

/** Where a cluster's billed figure comes from (the bill itself has one line per Region and kind). */
const BASIS: Record<"resource" | "allocated" | "mixed", string> = {
  resource: "Cost Explorer's per-resource figure for this cluster",
  mixed: "Cost Explorer's per-resource figure for the last 14 days, and before that its Region's bill allocated by its share of DPUs and storage",
  allocated: "Its Region's bill allocated by its share of DPUs and storage (no per-resource data from Cost Explorer for these days)",
};
const BASIS_MARK = { resource: "", mixed: "(part allocated)", allocated: "(allocated)" } as const;

export function ClusterTable({ clusters, groupBy }: { clusters: ClusterCostRow[]; groupBy?: string }) {
  // The bill's part per cluster is an allocation (the bill has one line per Region and kind), so the header says so.
  const billed = clusters.some((c) => c.billed !== undefined);
  const head = ["Cluster", "Region", ...(groupBy ? [groupBy === ACCOUNT_GROUP ? "account" : groupBy] : []), "DPU", "GB-months", "DPU $", "Storage $", ...CHANGE_HEAD, ...(billed ? ["Billed"] : [])];
  return (
    <Table testId="cost-by-cluster" caption="By cluster" head={head}>
      {clusters.map((c) => (
        <tr key={`${c.region}/${c.identifier}`} data-cluster={`${c.region}/${c.name}`} className={c.priced ? "" : "bg-amber-50/60"}>
          <th scope="row" className={`${td} font-normal`}>
            <Link href={clusterPath(c)} className="text-sky-800 hover:underline">
              {c.name}
            </Link>
          </th>
          <td className={td}>{c.region}</td>
          {groupBy && <td className={td}>{c.group}</td>}
          <td className={td} title={`${num(c.current.dpu)} DPU`}>
            {compact(c.current.dpu)}
          </td>
          <td className={td}>{num(c.current.gbMonths, 1)}</td>
          <td className={td}>{c.priced ? money(c.current.dpuCost) : <span className="text-amber-800">no price</span>}</td>
          <td className={td}>{money(c.current.storageCost)}</td>
          <ChangeCells c={c.change} />
          {billed && (
            <td className={td} data-testid="cluster-billed" data-basis={c.billed?.basis} title={c.billed ? BASIS[c.billed.basis] : undefined}>
              {money(c.billed?.usd ?? null)}
              {c.billed && BASIS_MARK[c.billed.basis] && <span className="ml-1 text-xs text-slate-500">{BASIS_MARK[c.billed.basis]}</span>}
            </td>
          )}
        </tr>
      ))}
    </Table>
  );
}

/** The bill beside the estimate per account and Region, with the difference's likely reasons. */
export function BillTable({ bill, accountName }: { bill: BillComparison; accountName: (id: string) => string }) {
  return (
    // The printed review keeps to one page: it carries the bill's totals in the note below, not this table.
    <Table testId="cost-bill" className="no-print" caption="The bill beside the estimate (Cost Explorer)" head={["Account", "Region", "Estimate", "Billed", "Difference", "Likely reasons"]}>
      {bill.rows.map((r) => (
        <tr key={`${r.account}/${r.region}`} data-testid="bill-row" data-region={r.region} data-account={r.account}>
          <td className={td}>{accountName(r.account)}</td>
          <td className={`${td} text-left`}>{r.region}</td>
          <td className={td}>{money(r.estimate.usd)}</td>
          <td className={td}>{usd(r.billed.usd)}</td>
          <td className={`${td} ${tone(r.difference)}`}>{signedUsd(r.difference)}</td>
          <td className="px-2 py-1 text-left text-xs text-slate-700">
            {r.reasons.length ? (
              <ul className="space-y-0.5">
                {r.reasons.map((x) => (
                  <li key={x.kind} data-reason={x.kind}>
                    {x.usd !== null && <span className="tabular-nums font-medium">{signedUsd(x.usd)}: </span>}
                    {x.text}
                  </li>
                ))}
              </ul>
            ) : (
              "Matches to the cent."
            )}
          </td>
        </tr>
      ))}
      <tr className="font-semibold">
        <td className={td}>Total</td>
        <td className={td} />
        <td className={td}>{usd(bill.totals.estimate)}</td>
        <td className={td}>{usd(bill.totals.billed)}</td>
        <td className={`${td} ${tone(bill.totals.difference)}`}>{signedUsd(bill.totals.difference)}</td>
        <td className={td} />
      </tr>
    </Table>
  );
}
