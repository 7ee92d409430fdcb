"use client";

import { useState } from "react";
import type { ClusterKey } from "@/lib/aws/scope";
import { CADENCES, type Cadence, type Drill, type DrillSchedule } from "@/lib/drills/model";
import { timeLabel } from "@/lib/format/time";
import { callJson } from "./call-json";
import { DrillsTable } from "./drills-table";
import { ActionError } from "./error-panel";
import { RefreshProblem } from "./refresh-problem";
import { useAction } from "./use-action";
import { usePolling } from "./use-polling";

interface ClusterDrillsData {
  drills: Drill[];
  schedule?: DrillSchedule;
  at: number;
}

/** Polls while a drill is under way (its copy is being restored, checked or deleted). */
export const drillsUnderWay = (drills: Drill[]) => drills.some((d) => d.phase !== "done");

/**
 * A cluster's restore drills on its Backups tab: the schedule (operators set it), a drill started
 * now after a confirmation, and the history, followed live while one is under way.
 */
export function ClusterDrills({
  cluster,
  initial,
  initialAt,
  operator,
  multiRegion,
}: {
  cluster: ClusterKey & { name: string };
  initial: ClusterDrillsData;
  initialAt: number;
  operator: boolean;
  multiRegion: boolean;
}) {
  const base = `/api/drills/${cluster.account}/${cluster.region}/${cluster.identifier}`;
  const polled = usePolling(() => callJson<ClusterDrillsData>(base), { initial, initialAt, intervalMs: (d) => (drillsUnderWay(d.drills) ? 3000 : 30_000) });
  const { drills, schedule } = polled.data;
  const action = useAction({ refresh: false });
  const [cadence, setCadence] = useState<Cadence>(schedule?.cadence ?? "weekly");
  const [canary, setCanary] = useState(schedule?.canary ?? false);
  const [confirming, setConfirming] = useState(false);
  const after = () => polled.refresh();

  return (
    <section data-testid="cluster-drills" className="space-y-3">
      <h2 className="text-lg font-semibold">Restore drills</h2>
      <p className="max-w-3xl text-sm text-slate-600">
        A drill restores the newest completed recovery point into a new cluster, checks it against this one (tables, columns, indexes, row estimates, and the canary row if kept), reports the verdict
        to AWS Backup, then deletes the copy. It never writes to this cluster, except the canary row when you keep one (a row every few minutes in the table dsql_ops_canary). Drills leave the last of
        the four restore slots to people.
        {multiRegion && " This is a multi-Region cluster: drills restore it as a single-Region cluster in its own Region."}
      </p>
      <p className="text-sm" data-testid="drill-schedule">
        {schedule ? (
          <>
            Drilled <strong>{schedule.cadence}</strong>
            {schedule.canary ? " with a canary" : " without a canary"}; next run {timeLabel(schedule.nextRunAt)} (set by {schedule.setBy}).
          </>
        ) : (
          "No drill schedule: this cluster's restores are untested until a drill runs."
        )}
      </p>
      {operator && (
        <div className="flex flex-wrap items-end gap-3 text-sm">
          <label className="flex flex-col">
            <span className="text-xs text-slate-600">Cadence</span>
            <select value={cadence} onChange={(e) => setCadence(e.target.value as Cadence)} className="rounded border border-slate-300 px-2 py-1">
              {CADENCES.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={canary} onChange={(e) => setCanary(e.target.checked)} /> keep a canary table
          </label>
          <button
            type="button"
            disabled={!!action.busy}
            onClick={() => action.run("schedule", () => callJson(base, { method: "PUT", body: { cadence, canary } }).then(after))}
            className="rounded border border-sky-700 px-3 py-1 font-medium text-sky-800 hover:bg-sky-50 disabled:opacity-50"
          >
            {schedule ? "Update schedule" : "Schedule drills"}
          </button>
          {schedule && (
            <button
              type="button"
              disabled={!!action.busy}
              onClick={() => action.run("unschedule", () => callJson(base, { method: "DELETE" }).then(after))}
              className="text-slate-600 underline disabled:opacity-50"
            >
              Remove schedule
            </button>
          )}
          {confirming ? (
            <span className="flex items-center gap-2 rounded border border-amber-300 bg-amber-50 px-2 py-1">
              Restore {cluster.name} into a new cluster now, check it and delete it?
              <button
                type="button"
                disabled={!!action.busy}
                onClick={() => action.run("start", () => callJson(base, { method: "POST" }).then(after)).then(() => setConfirming(false))}
                className="rounded bg-sky-700 px-2 py-0.5 font-medium text-white disabled:opacity-50"
              >
                {action.busy === "start" ? "Starting…" : "Start the drill"}
              </button>
              <button type="button" onClick={() => setConfirming(false)} className="underline">
                Cancel
              </button>
            </span>
          ) : (
            <button
              type="button"
              disabled={drillsUnderWay(drills)}
              onClick={() => setConfirming(true)}
              className="rounded bg-sky-700 px-3 py-1 font-medium text-white hover:bg-sky-800 disabled:opacity-50"
            >
              {drillsUnderWay(drills) ? "Drill under way…" : "Run a drill now…"}
            </button>
          )}
        </div>
      )}
      <ActionError message={action.problem} />
      <RefreshProblem error={polled.error} updatedAt={polled.updatedAt} />
      <DrillsTable drills={drills} nowMs={polled.updatedAt} showCluster={false} empty="No drill has run for this cluster." />
    </section>
  );
}
