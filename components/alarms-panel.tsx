"use client";

import { useState } from "react";
import type { AlarmSuggestions, ThresholdSuggestion } from "@/lib/metrics/alarm-suggestions";
import type { ClusterAlarm, MetricAlarmKind } from "@/lib/metrics/alarms";
import type { Topic } from "@/lib/metrics/topics";
import { AlarmActions, picksOf, TopicPicker, type TopicPicks } from "./alarm-topics";
import { callJson } from "./call-json";
import { RetryAlert } from "./retry-alert";
import { useAction } from "./use-action";
import { timeLabel } from "@/lib/format/time";

const stateTone: Record<string, string> = {
  OK: "bg-emerald-100 text-emerald-800",
  ALARM: "bg-red-100 text-red-800",
  INSUFFICIENT_DATA: "bg-slate-100 text-slate-700",
};

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
  suggestions,
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
  /** Thresholds from the cluster's last 7 days, with their grounds; absent when they could not be read. */
  suggestions?: AlarmSuggestions;
  /** The SNS topics of the cluster's account and Region an alarm may notify. */
  topics: Topic[];
  topicsError?: string;
}) {
  const { busy, problem, run: act, refresh } = useAction();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [occThreshold, setOccThreshold] = useState(String(thresholdPct));
  const [occPeriod, setOccPeriod] = useState("300");
  const base = `/api/alarms/${account}/${region}/${clusterId}`;
  const hasOcc = alarms.some((a) => a.managed && a.kind === "occ");
  // Updating an alarm keeps whom it notifies unless changed here.
  const [occTopics, setOccTopics] = useState<TopicPicks>(() => picksOf(alarms.find((a) => a.managed && a.kind === "occ")));

  // A change that succeeded closes the delete confirmation.
  const run = async (label: string, f: () => Promise<unknown>) => {
    if (await act(label, f)) setConfirming(null);
  };

  return (
    <section data-testid="alarms" className="rounded border border-slate-200 bg-white p-3">
      <h2 className="mb-2 text-sm font-semibold">Alarms</h2>
      {error && (
        <RetryAlert onRetry={refresh} className="mb-2">
          Could not read the alarms: {error}
        </RetryAlert>
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
                      <button
                        type="button"
                        disabled={!!busy}
                        onClick={() => run(`delete ${a.name}`, () => callJson(`${base}/${encodeURIComponent(a.name)}`, { method: "DELETE", body: undefined }))}
                        className="rounded bg-red-600 px-2 py-0.5 text-white disabled:opacity-50"
                      >
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
              run("occ", () => callJson(base, { method: "POST", body: { kind: "occ", thresholdPct: Number(occThreshold), periodS: Number(occPeriod), ...occTopics } }));
            }}
            className="space-y-1"
          >
            <p className="font-medium">{hasOcc ? "Update" : "Create"} the OCC conflict-rate alarm</p>
            <p className="text-slate-500">Metric math 100 × OccConflicts / TotalTransactions above the threshold for 3 of 5 periods.</p>
            <ThresholdInput label="Threshold %" ariaLabel="OCC threshold %" min="0.1" max="100" step="0.1" value={occThreshold} onChange={setOccThreshold} className="w-16" />
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
          {METRIC_FORMS.map((f) => (
            <MetricAlarmForm
              key={f.kind}
              form={f}
              existing={alarms.find((a) => a.managed && a.kind === f.kind)}
              suggestion={suggestions?.[f.kind]}
              topics={topics}
              topicsError={topicsError}
              busy={busy}
              onSave={(body) => run(f.kind, () => callJson(base, { method: "POST", body: { kind: f.kind, periodS: 300, ...body } }))}
            />
          ))}
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

/** The single-metric alarms an operator can create, in the panel's words. */
const METRIC_FORMS: { kind: MetricAlarmKind; title: string; what: string; unit: string; button: string; fallback: number }[] = [
  { kind: "dpu", title: "DPU spike alarm", what: "TotalDPU of a 5-minute period above the threshold.", unit: "DPU per 5 min", button: "Create DPU alarm", fallback: 1000 },
  { kind: "timeouts", title: "query timeout alarm", what: "QueryTimeouts in a 5-minute period above the threshold.", unit: "timeouts per 5 min", button: "Create timeout alarm", fallback: 1 },
  { kind: "latency", title: "commit latency alarm", what: "Average CommitLatency above the threshold for 3 periods of 5 minutes.", unit: "ms", button: "Create latency alarm", fallback: 100 },
];

function MetricAlarmForm({
  form,
  existing,
  suggestion,
  topics,
  topicsError,
  busy,
  onSave,
}: {
  form: (typeof METRIC_FORMS)[number];
  existing?: ClusterAlarm;
  suggestion?: ThresholdSuggestion;
  topics: Topic[];
  topicsError?: string;
  busy: string | null;
  onSave: (body: { threshold: number } & TopicPicks) => void;
}) {
  const [threshold, setThreshold] = useState(String(suggestion?.value ?? form.fallback));
  const [picks, setPicks] = useState<TopicPicks>(() => picksOf(existing));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ threshold: Number(threshold), ...picks });
      }}
      className="space-y-1"
      data-testid={`alarm-form-${form.kind}`}
    >
      <p className="font-medium">
        {existing ? "Update" : "Create"} the {form.title}
      </p>
      <p className="text-slate-500">{form.what}</p>
      <ThresholdInput label={form.unit} ariaLabel={`${form.title} threshold`} min="0" step="any" value={threshold} onChange={setThreshold} className="w-24" />
      {suggestion && (
        <p className="text-slate-500" data-testid="alarm-suggestion">
          Suggested {suggestion.value}: {suggestion.grounds}.
        </p>
      )}
      <TopicPicker topics={topics} error={topicsError} value={picks} onChange={setPicks} idPrefix={form.title} />
      <button type="submit" disabled={!!busy} className="rounded bg-slate-800 px-2 py-0.5 text-white disabled:opacity-50">
        {busy === form.kind ? "Saving…" : existing ? "Update alarm" : form.button}
      </button>
    </form>
  );
}

/** An alarm's threshold, as a number field with its unit before it. */
function ThresholdInput(props: { label: string; ariaLabel: string; min: string; max?: string; step: string; value: string; onChange: (v: string) => void; className: string }) {
  return (
    <label className="mr-2">
      {props.label}{" "}
      <input
        aria-label={props.ariaLabel}
        type="number"
        min={props.min}
        max={props.max}
        step={props.step}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        className={`${props.className} rounded border border-slate-300 px-1`}
      />
    </label>
  );
}
