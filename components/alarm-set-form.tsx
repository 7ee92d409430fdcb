"use client";

import { useState } from "react";
import type { AlarmSetPlan, SetAction } from "@/lib/metrics/alarm-sets";
import { callJson } from "./call-json";
import { useAction } from "./use-action";

const actionTone: Record<SetAction, string> = { create: "bg-sky-100 text-sky-900", update: "bg-amber-100 text-amber-900", keep: "bg-slate-100 text-slate-700" };

/**
 * The recommended alarm set for the clusters of a tag: preview what would be created, updated or
 * kept, then (operators) apply it after confirming. Applying again creates nothing twice.
 */
export function AlarmSetForm({ tags, topics, operator }: { tags: Record<string, string[]>; topics: string[]; operator: boolean }) {
  const { busy, problem, run } = useAction();
  const keys = Object.keys(tags);
  const [tag, setTag] = useState(keys.length ? `${keys[0]}=${tags[keys[0]][0]}` : "");
  const [topic, setTopic] = useState(topics.includes("dsql-ops-oncall") ? "dsql-ops-oncall" : (topics[0] ?? ""));
  const [plan, setPlan] = useState<AlarmSetPlan | null>(null);
  const [applied, setApplied] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [tagKey, tagValue] = tag.split("=");
  const request = { tagKey, tagValue, topic };

  const preview = () =>
    run("preview", async () => {
      setApplied(false);
      setConfirming(false);
      setPlan(await callJson<AlarmSetPlan>(`/api/alarm-sets?${new URLSearchParams(request)}`));
    });
  const apply = () =>
    run("apply", async () => {
      setPlan(await callJson<AlarmSetPlan>("/api/alarm-sets", { method: "POST", body: request }));
      setApplied(true);
      setConfirming(false);
    });
  const changes = plan ? plan.counts.create + plan.counts.update : 0;

  return (
    <section className="space-y-3 rounded border border-slate-200 bg-white p-3" data-testid="alarm-set">
      <form
        className="flex flex-wrap items-end gap-3 text-sm"
        aria-label="Alarm set"
        onSubmit={(e) => {
          e.preventDefault();
          void preview();
        }}
      >
        <label className="flex flex-col">
          <span className="text-xs text-slate-500">Clusters tagged</span>
          <select aria-label="Tag" value={tag} onChange={(e) => setTag(e.target.value)} className="rounded border border-slate-300 px-2 py-1">
            {keys.flatMap((k) =>
              tags[k].map((v) => (
                <option key={`${k}=${v}`} value={`${k}=${v}`}>
                  {k} = {v}
                </option>
              )),
            )}
          </select>
        </label>
        <label className="flex flex-col">
          <span className="text-xs text-slate-500">Notify the SNS topic named</span>
          <input aria-label="Topic" list="alarm-set-topics" value={topic} onChange={(e) => setTopic(e.target.value)} className="rounded border border-slate-300 px-2 py-1" />
          <datalist id="alarm-set-topics">
            {topics.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </label>
        <button type="submit" disabled={!!busy || !tag || !topic} className="rounded border border-slate-300 bg-white px-3 py-1 hover:bg-slate-50 disabled:opacity-50">
          {busy === "preview" ? "Planning…" : "Preview"}
        </button>
      </form>
      {problem && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-2 py-1 text-sm text-red-900">
          {problem}
        </p>
      )}
      {plan && (
        <div className="space-y-2">
          <p data-testid="alarm-set-summary" className="text-sm">
            {applied ? "Applied: " : "Would "}
            {plan.counts.create} to create, {plan.counts.update} to update, {plan.counts.keep} kept as they are, over {plan.clusters.length} cluster{plan.clusters.length === 1 ? "" : "s"} tagged{" "}
            {plan.tag.key} = {plan.tag.value}.
          </p>
          {plan.errors.map((e) => (
            <p key={`${e.account}/${e.region}`} role="alert" className="text-sm text-red-800">
              {e.region} of {e.account}: {e.message}
            </p>
          ))}
          <table className="w-full text-sm" data-testid="alarm-set-plan">
            <thead className="border-b border-slate-200 text-left text-xs text-slate-500">
              <tr>
                <th className="px-2 py-1">Cluster</th>
                <th className="px-2 py-1">Alarm</th>
                <th className="px-2 py-1">Action</th>
                <th className="px-2 py-1">What</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {plan.clusters.flatMap((c) =>
                c.blocked
                  ? [
                      <tr key={`${c.account}/${c.region}/${c.identifier}`}>
                        <td className="px-2 py-1">
                          {c.name} ({c.region})
                        </td>
                        <td colSpan={3} className="px-2 py-1 text-amber-900">
                          {c.blocked}
                        </td>
                      </tr>,
                    ]
                  : c.alarms.map((a, i) => (
                      <tr key={a.name} data-action={a.action}>
                        <td className="px-2 py-1">{i === 0 ? `${c.name} (${c.region}, ${c.accountName})` : ""}</td>
                        <td className="px-2 py-1 font-mono text-xs">{a.name}</td>
                        <td className="px-2 py-1">
                          <span className={`rounded px-1.5 py-0.5 text-xs ${actionTone[a.action]}`}>{a.action}</span>
                        </td>
                        <td className="px-2 py-1 text-xs text-slate-600">{a.detail}</td>
                      </tr>
                    )),
              )}
            </tbody>
          </table>
          {operator && !applied && changes > 0 && (
            <div className="flex items-center gap-2 text-sm">
              {confirming ? (
                <>
                  <span>
                    Write {changes} alarm{changes === 1 ? "" : "s"} in CloudWatch?
                  </span>
                  <button type="button" onClick={() => void apply()} disabled={!!busy} className="rounded bg-slate-800 px-3 py-1 text-white disabled:opacity-50">
                    {busy === "apply" ? "Applying…" : "Yes, apply"}
                  </button>
                  <button type="button" onClick={() => setConfirming(false)} className="rounded border border-slate-300 px-3 py-1">
                    Cancel
                  </button>
                </>
              ) : (
                <button type="button" onClick={() => setConfirming(true)} className="rounded bg-slate-800 px-3 py-1 text-white">
                  Apply the set
                </button>
              )}
            </div>
          )}
          {!operator && <p className="text-xs text-slate-500">Applying the set needs the operator role.</p>}
        </div>
      )}
    </section>
  );
}
