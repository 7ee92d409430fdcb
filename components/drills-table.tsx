import Link from "next/link";
import type { ReactNode } from "react";
import { clusterPath, parseClusterArn } from "@/lib/aws/scope";
import { type Drill, type DrillCheck, figuresOf, isLeftover } from "@/lib/drills/model";
import { usd } from "@/lib/format";
import { timeLabel } from "@/lib/format/time";
import { DataTable, type Column } from "./data-table";

/** Restore drills as a table (the Drills page, a cluster's Backups tab): verdict, figures, checks. No hooks. */

const minutes = (ms: number | undefined) => (ms === undefined ? "–" : ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 60_000).toFixed(ms < 600_000 ? 1 : 0)} min`);
const hours = (ms: number | undefined) => (ms === undefined ? "–" : `${(ms / 3_600_000).toFixed(1)} h`);

const CHECK_TONE: Record<DrillCheck["state"], string> = { pass: "text-emerald-800", fail: "text-red-800", skip: "text-slate-500" };

export function DrillVerdict({ drill, nowMs }: { drill: Drill; nowMs: number }) {
  const tone = drill.result === "passed" ? "bg-emerald-100 text-emerald-800" : drill.result === "failed" ? "bg-red-100 text-red-800" : "bg-sky-100 text-sky-800";
  const label = drill.result ?? drill.phase;
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <span data-testid="drill-verdict" className={`rounded px-2 py-0.5 text-xs font-medium ${tone}`}>
        {label}
      </span>
      {drill.result && drill.phase !== "done" && <span className="text-xs text-slate-500">copy {drill.phase}</span>}
      {isLeftover(drill, nowMs) && <span className="rounded bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">leftover</span>}
    </span>
  );
}

function Checks({ drill }: { drill: Drill }) {
  if (!drill.checks.length) return <span className="text-slate-500">{drill.message ?? "–"}</span>;
  return (
    <ul className="space-y-0.5">
      {drill.checks.map((c) => (
        <li key={c.id} className={CHECK_TONE[c.state]}>
          <span className="font-medium">{c.id}</span> {c.state}: {c.evidence}
        </li>
      ))}
      {drill.phase !== "done" && drill.message && <li className="text-slate-500">{drill.message}</li>}
      {drill.reported && <li className="text-slate-500">{drill.reported}</li>}
    </ul>
  );
}

/** A drill's cluster, linked to its Backups tab (where its drills are). */
export function DrillClusterLink({ clusterArn, name }: { clusterArn: string; name: string }) {
  const key = parseClusterArn(clusterArn);
  return key ? (
    <Link href={clusterPath(key, "backups")} className="text-sky-700 hover:underline">
      {name}
    </Link>
  ) : (
    name
  );
}

export function DrillsTable({ drills, nowMs, showCluster = true, empty }: { drills: Drill[]; nowMs: number; showCluster?: boolean; empty: ReactNode }) {
  const columns: (Column<Drill> | false)[] = [
    showCluster && { header: "Cluster", cell: (d) => <DrillClusterLink clusterArn={d.clusterArn} name={d.clusterName} />, title: (d) => `${d.account} ${d.region}` },
    { header: "Started", cell: (d) => timeLabel(d.requestedAt), title: (d) => `${d.trigger === "schedule" ? "scheduled" : `started by ${d.requestedBy}`}; drill ${d.id}` },
    { header: "Verdict", cell: (d) => <DrillVerdict drill={d} nowMs={nowMs} /> },
    { header: "RTO", align: "right", cell: (d) => minutes(figuresOf(d).rtoMs), title: () => "From the request to a validated ACTIVE copy" },
    { header: "RPO", align: "right", cell: (d) => hours(figuresOf(d).rpoMs), title: () => "The recovery point's age when the restore started" },
    {
      header: "Restore",
      align: "right",
      cell: (d) => {
        const f = figuresOf(d);
        return (
          <>
            {minutes(f.restoreMs)}
            {f.expectedMs !== undefined && <span className="block text-xs text-slate-500">AWS estimate {minutes(f.expectedMs)}</span>}
          </>
        );
      },
    },
    { header: "Cost", align: "right", cell: (d) => (d.costUsd !== undefined ? usd(d.costUsd) : "–"), title: () => "Estimate: the copy's DPUs and storage while it lived" },
    { header: "Checks", className: "max-w-xl text-xs", cell: (d) => <Checks drill={d} /> },
  ];
  return (
    <DataTable testId="drills" rows={drills} rowKey={(d) => d.id} rowProps={(d) => ({ "data-testid": "drill-row", "data-drill": d.id, className: "align-top" })} columns={columns} empty={empty} />
  );
}
