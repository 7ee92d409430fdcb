"use client";

import type { ClusterAlarm } from "@/lib/metrics/alarms";
import type { Topic } from "@/lib/metrics/topics";

/** The SNS topics an alarm notifies on ALARM and on OK. */
export interface TopicPicks {
  alarmTopics: string[];
  okTopics: string[];
}

const topicName = (arn: string) => arn.split(":").pop() ?? arn;

export const picksOf = (a: ClusterAlarm | undefined): TopicPicks => ({
  alarmTopics: a?.actions.alarm.filter((x) => x.startsWith("arn:aws:sns:")) ?? [],
  okTopics: a?.actions.ok.filter((x) => x.startsWith("arn:aws:sns:")) ?? [],
});

/** Whom an alarm notifies, in one line. */
export function AlarmActions({ alarm }: { alarm: ClusterAlarm }) {
  const { alarm: onAlarm, ok, enabled } = alarm.actions;
  if (!onAlarm.length && !ok.length) return <p className="mt-1 text-xs text-amber-800">Notifies nobody: no action on ALARM or OK.</p>;
  return (
    <p className="mt-1 text-xs text-slate-600" data-testid="alarm-actions">
      {!enabled && <span className="mr-1 rounded bg-amber-100 px-1 text-amber-900">actions disabled</span>}
      {onAlarm.length > 0 && <>On ALARM: {onAlarm.map(topicName).join(", ")}. </>}
      {ok.length > 0 && <>On OK: {ok.map(topicName).join(", ")}.</>}
    </p>
  );
}

/** Checkboxes for the topics to notify, one row per alarm state. */
export function TopicPicker({ topics, error, value, onChange, idPrefix }: { topics: Topic[]; error?: string; value: TopicPicks; onChange: (v: TopicPicks) => void; idPrefix: string }) {
  if (error) return <p className="text-amber-800">Topics could not be listed ({error}); the alarm can still be saved without notifications.</p>;
  if (!topics.length) return <p className="text-slate-500">No SNS topic in this account and Region: the alarm will notify nobody.</p>;
  const row = (field: keyof TopicPicks, label: string) => (
    <fieldset className="flex flex-wrap items-center gap-2">
      <legend className="sr-only">{label}</legend>
      <span aria-hidden>{label}:</span>
      {topics.map((t) => (
        <label key={t.arn} className="flex items-center gap-1" title={t.arn}>
          <input
            type="checkbox"
            aria-label={`${label}: ${t.name} (${idPrefix})`}
            checked={value[field].includes(t.arn)}
            onChange={(e) => onChange({ ...value, [field]: e.target.checked ? [...value[field], t.arn] : value[field].filter((x) => x !== t.arn) })}
          />
          {t.name}
        </label>
      ))}
    </fieldset>
  );
  return (
    <div className="space-y-0.5">
      {row("alarmTopics", "Notify on ALARM")}
      {row("okTopics", "Notify on OK")}
    </div>
  );
}
