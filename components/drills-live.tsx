"use client";

import Link from "next/link";
import { useState } from "react";
import type { DrillsView, Leftover } from "@/lib/drills";
import { usd } from "@/lib/format";
import { timeLabel } from "@/lib/format/time";
import { callJson } from "./call-json";
import { drillsUnderWay } from "./cluster-drills";
import { DataTable } from "./data-table";
import { DrillRtoChart } from "./drill-rto-chart";
import { DrillClusterLink, DrillsTable } from "./drills-table";
import { ActionError, ErrorPanel } from "./error-panel";
import { RefreshProblem } from "./refresh-problem";
import { useAction } from "./use-action";
import { usePolling } from "./use-polling";

/** Deletes a leftover copy once the operator typed its identifier. */
function DeleteLeftover({ leftover, onDone }: { leftover: Leftover; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const action = useAction({ refresh: false });
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)} className="text-red-700 underline">
        Delete…
      </button>
    );
  return (
    <span className="flex flex-wrap items-center gap-1">
      <input
        aria-label={`Type ${leftover.identifier} to confirm`}
        placeholder={leftover.identifier}
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        className="w-56 rounded border border-slate-300 px-1 text-xs"
      />
      <button
        type="button"
        disabled={typed.trim() !== leftover.identifier || !!action.busy}
        onClick={() =>
          action.run("delete", () => callJson(`/api/drills/leftovers/${leftover.account}/${leftover.region}/${leftover.identifier}`, { method: "POST", body: { confirm: typed } }).then(onDone))
        }
        className="rounded bg-red-700 px-2 py-0.5 text-xs font-medium text-white disabled:opacity-50"
      >
        Delete the copy
      </button>
      <ActionError message={action.problem} />
    </span>
  );
}

/** The Drills page, live: followed every few seconds while a drill is under way. */
export function DrillsLive({ initial, initialAt, operator }: { initial: DrillsView; initialAt: number; operator: boolean }) {
  const polled = usePolling(() => callJson<DrillsView>("/api/drills"), { initial, initialAt, intervalMs: (v) => (drillsUnderWay(v.drills) ? 3000 : 30_000) });
  const v = polled.data;
  const nowMs = polled.updatedAt;
  return (
    <div className="space-y-6">
      <RefreshProblem error={polled.error} updatedAt={polled.updatedAt} />
      {v.problems.map((p) => (
        <ErrorPanel key={p} title="Part of the fleet could not be read" message={p} />
      ))}

      <section>
        <h2 className="mb-2 text-lg font-semibold">Leftover copies</h2>
        <DataTable
          testId="drill-leftovers"
          rows={v.leftovers}
          rowKey={(l) => l.arn}
          rowProps={() => ({ "data-testid": "drill-leftover" })}
          columns={[
            { header: "Copy", cell: (l) => l.identifier, title: (l) => l.arn },
            { header: "Where", cell: (l) => `${l.account} ${l.region}` },
            { header: "Why it is still there", className: "max-w-xl text-xs", cell: (l) => l.reason },
            { header: "Storage per day", align: "right", cell: (l) => (l.usdPerDay === null ? "unknown" : usd(l.usdPerDay)) },
            operator && { header: "Actions", hideHeader: true, align: "right", cell: (l) => <DeleteLeftover leftover={l} onDone={polled.refresh} /> },
          ]}
          empty="No drill copy is left behind."
        />
      </section>

      <section>
        <h2 className="mb-2 text-lg font-semibold">Schedules</h2>
        <DataTable
          testId="drill-schedules"
          rows={v.schedules}
          rowKey={(s) => s.clusterArn}
          columns={[
            { header: "Cluster", cell: (s) => <DrillClusterLink clusterArn={s.clusterArn} name={s.clusterName} /> },
            { header: "Where", cell: (s) => `${s.account} ${s.region}` },
            { header: "Cadence", cell: (s) => s.cadence },
            { header: "Canary", cell: (s) => (s.canary ? "kept" : "off") },
            { header: "Next run", cell: (s) => timeLabel(s.nextRunAt) },
          ]}
          empty="No cluster has a drill schedule: set one on a cluster's Backups tab."
        />
      </section>

      <section>
        <h2 className="mb-2 text-lg font-semibold">RTO trend</h2>
        <DrillRtoChart drills={v.drills} />
      </section>

      <section>
        <h2 className="mb-2 text-lg font-semibold">History</h2>
        <DrillsTable drills={v.drills} nowMs={nowMs} empty="No drill has run yet. Schedule drills on a cluster's Backups tab, or run one now there." />
      </section>

      <section>
        <h2 className="mb-2 text-lg font-semibold">Verdicts held by AWS Backup</h2>
        <p className="mb-2 max-w-3xl text-sm text-slate-600">
          Restore jobs of the last 30 days with a validation result (PutRestoreValidationResult), whoever reported it: this dashboard&apos;s drills, another deployment&apos;s, or your own tests.
        </p>
        <DataTable
          testId="drill-reported"
          rows={v.reported}
          rowKey={(r) => r.jobId}
          columns={[
            {
              header: "Restore job",
              cell: (r) => (
                <Link href={`/restores/${r.account}/${r.region}/${r.jobId}`} className="text-sky-700 hover:underline">
                  {r.jobId.slice(0, 8)}…
                </Link>
              ),
              title: (r) => r.jobId,
            },
            { header: "Source", cell: (r) => (r.sourceArn ? r.sourceArn.split("/").pop() : "–"), title: (r) => r.sourceArn },
            { header: "Started", cell: (r) => timeLabel(Date.parse(r.at)) },
            { header: "Verdict", cell: (r) => r.status },
            { header: "Message", className: "max-w-xl text-xs", cell: (r) => r.message ?? "" },
          ]}
          empty="AWS Backup holds no validation result for the last 30 days."
        />
      </section>
    </div>
  );
}
