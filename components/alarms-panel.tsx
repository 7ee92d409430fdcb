"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ClusterAlarm } from "@/lib/metrics/alarms";
import type { Topic } from "@/lib/metrics/topics";
import { AlarmActions, picksOf, TopicPicker, type TopicPicks } from "./alarm-topics";
import { timeLabel } from "@/lib/format/time";

const stateTone: Record<string, string> = {
  OK: "bg-emerald-100 text-emerald-800",
  ALARM: "bg-red-100 text-red-800",
  INSUFFICIENT_DATA: "bg-slate-100 text-slate-700",
};

async function call(url: string, method: "POST" | "DELETE", body?: unknown): Promise<void> {
  const r = await fetch(url, { method, headers: body ? { "content-type": "application/json" } : undefined, body: body ? JSON.stringify(body) : undefined });
  if (!r.ok) {
    const b = await r.json().catch(() => ({}));
    throw new Error(b.error ?? `HTTP ${r.status}`);
  }
}

/**
 * The cluster's CloudWatch alarms with their state, recent history and whom they notify. Operators
 * can create the OCC-rate and DPU-spike alarms with the SNS topics to notify, and delete alarms
 * (after a confirmation); viewers only read.
 */
export function AlarmsPanel({
  account,
  region,
  clusterId,
  alarms,
  error,
  canOperate,
  thresholdPct,
  suggestedDpu,
  topics,
  topicsError,
}: {
  account: string;
  region: string;
  clusterId: string;
  alarms: ClusterAlarm[];
  error?: string;
  canOperate: boolean;
  thresholdPct: number;
  /** A DPU-per-5-minutes threshold to start from (a few times the recent level). */
  suggestedDpu: number;
  /** The SNS topics of the cluster's account and Region an alarm may notify. */
  topics: Topic[];
  topicsError?: string;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [occThreshold, setOccThreshold] = useState(String(thresholdPct));
  const [occPeriod, setOccPeriod] = useState("300");
  const [dpuThreshold, setDpuThreshold] = useState(String(suggestedDpu));
  const base = `/api/alarms/${account}/${region}/${clusterId}`;
  const hasOcc = alarms.some((a) => a.managed && a.kind === "occ");
  const hasDpu = alarms.some((a) => a.managed && a.kind === "dpu");
  // Updating an alarm keeps whom it notifies unless changed here.
  const [occTopics, setOccTopics] = useState<TopicPicks>(() => picksOf(alarms.find((a) => a.managed && a.kind === "occ")));
  const [dpuTopics, setDpuTopics] = useState<TopicPicks>(() => picksOf(alarms.find((a) => a.managed && a.kind === "dpu")));

  const run = async (label: string, f: () => Promise<void>) => {
    setBusy(label);
    setProblem(null);
    try {
      await f();
      setConfirming(null);
      router.refresh();
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section data-testid="alarms" className="rounded border border-slate-200 bg-white p-3">
      <h2 className="mb-2 text-sm font-semibold">Alarms</h2>
      {error && (
        <div role="alert" className="mb-2 rounded border border-red-200 bg-red-50 p-2 text-sm text-red-900">
          Could not read the alarms: {error}{" "}
          <button type="button" onClick={() => router.refresh()} className="underline">
            Retry
          </button>
        </div>
      )}
      {!error && alarms.length === 0 && <p className="text-sm text-slate-500">No CloudWatch alarm watches this cluster.</p>}
      <ul className="divide-y divide-slate-100">
        {alarms.map((a) => (
          <li key={a.name} className="py-2 text-sm" data-testid="alarm-row">
            <div className="flex flex-wrap items-center gap-2">
              <span className={`rounded px-2 py-0.5 text-xs font-medium ${stateTone[a.state] ?? stateTone.INSUFFICIENT_DATA}`}>{a.state}</span>
              <span className="font-mono text-xs">{a.name}</span>
              <span className="text-xs text-slate-500">{a.condition}</span>
              {canOperate && (
                <span className="ml-auto">
                  {confirming === a.name ? (
                    <span className="flex items-center gap-1 text-xs">
                      Delete this alarm?
                      <button type="button" disabled={!!busy} onClick={() => run(`delete ${a.name}`, () => call(`${base}/${encodeURIComponent(a.name)}`, "DELETE"))} className="rounded bg-red-600 px-2 py-0.5 text-white disabled:opacity-50">
                        {busy === `delete ${a.name}` ? "Deleting…" : "Delete"}
                      </button>
                      <button type="button" onClick={() => setConfirming(null)} className="rounded border border-slate-300 px-2 py-0.5">
                        Cancel
                      </button>
                    </span>
                  ) : (
                    <button type="button" onClick={() => setConfirming(a.name)} className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-50">
                      Delete…
                    </button>
                  )}
                </span>
              )}
            </div>
            {a.reason && <p className="mt-1 text-xs text-slate-500">{a.reason}</p>}
            <AlarmActions alarm={a} />
            {a.history.length > 0 && (
              <details className="mt-1 text-xs text-slate-600">
                <summary className="cursor-pointer">History ({a.history.length})</summary>
                <ul className="ml-4 list-disc">
                  {a.history.map((h) => (
                    <li key={`${h.at}${h.summary}`}>
                      {timeLabel(h.at)}: {h.summary}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </li>
        ))}
      </ul>
      {canOperate ? (
        <div className="mt-3 grid gap-3 border-t border-slate-100 pt-3 text-xs md:grid-cols-2">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              run("occ", () => call(base, "POST", { kind: "occ", thresholdPct: Number(occThreshold), periodS: Number(occPeriod), ...occTopics }));
            }}
            className="space-y-1"
          >
            <p className="font-medium">{hasOcc ? "Update" : "Create"} the OCC conflict-rate alarm</p>
            <p className="text-slate-500">Metric math 100 × OccConflicts / TotalTransactions above the threshold for 3 of 5 periods.</p>
            <label className="mr-2">
              Threshold %{" "}
              <input aria-label="OCC threshold %" type="number" min="0.1" max="100" step="0.1" value={occThreshold} onChange={(e) => setOccThreshold(e.target.value)} className="w-16 rounded border border-slate-300 px-1" />
            </label>
            <label className="mr-2">
              Period{" "}
              <select value={occPeriod} onChange={(e) => setOccPeriod(e.target.value)} className="rounded border border-slate-300">
                <option value="60">1 min</option>
                <option value="300">5 min</option>
              </select>
            </label>
            <TopicPicker topics={topics} error={topicsError} value={occTopics} onChange={setOccTopics} idPrefix="OCC alarm" />
            <button type="submit" disabled={!!busy} className="rounded bg-slate-800 px-2 py-0.5 text-white disabled:opacity-50">
              {busy === "occ" ? "Saving…" : hasOcc ? "Update alarm" : "Create OCC alarm"}
            </button>
          </form>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              run("dpu", () => call(base, "POST", { kind: "dpu", thresholdDpu: Number(dpuThreshold), periodS: 300, ...dpuTopics }));
            }}
            className="space-y-1"
          >
            <p className="font-medium">{hasDpu ? "Update" : "Create"} the DPU spike alarm</p>
            <p className="text-slate-500">TotalDPU of a 5-minute period above the threshold (suggested: 3× the recent average).</p>
            <label className="mr-2">
              DPU per 5 min{" "}
              <input aria-label="DPU threshold" type="number" min="1" step="any" value={dpuThreshold} onChange={(e) => setDpuThreshold(e.target.value)} className="w-24 rounded border border-slate-300 px-1" />
            </label>
            <TopicPicker topics={topics} error={topicsError} value={dpuTopics} onChange={setDpuTopics} idPrefix="DPU alarm" />
            <button type="submit" disabled={!!busy} className="rounded bg-slate-800 px-2 py-0.5 text-white disabled:opacity-50">
              {busy === "dpu" ? "Saving…" : hasDpu ? "Update alarm" : "Create DPU alarm"}
            </button>
          </form>
        </div>
      ) : (
        <p className="mt-2 text-xs text-slate-500">Creating and deleting alarms needs the operator role.</p>
      )}
      {problem && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {problem}
        </p>
      )}
    </section>
  );
}
