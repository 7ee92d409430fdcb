import type { BackupJob, RestoreJob } from "../backup/model";

/**
 * Events on a cluster's time axis, so cause and effect line up with the charts: alarm state
 * changes, backups and restores (index jobs once the dashboard reads them). Pure mapping from
 * the domain objects; client components may import it.
 */

export type EventKind = "alarm" | "backup" | "restore";
export type EventTone = "bad" | "good" | "info";

export interface TimelineEvent {
  /** Epoch ms: where the marker goes. */
  at: number;
  kind: EventKind;
  tone: EventTone;
  /** A few words for the marker's tooltip and the legend. */
  label: string;
  /** The rest: the alarm's reason, the job's message. */
  detail: string;
}

export interface AlarmHistoryEntry {
  alarmName: string;
  at: number;
  summary: string;
  /** HistoryData as CloudWatch sends it: JSON with oldState/newState. */
  data?: string;
}

const STATE_TONE: Record<string, EventTone> = { ALARM: "bad", OK: "good" };

/** One alarm state change; the states come from HistoryData, or from the summary if that is unreadable. */
export function alarmEvent(h: AlarmHistoryEntry): TimelineEvent {
  let from: string | undefined;
  let to: string | undefined;
  let reason = "";
  try {
    const d = JSON.parse(h.data ?? "") as { oldState?: { stateValue?: string }; newState?: { stateValue?: string; stateReason?: string } };
    from = d.oldState?.stateValue;
    to = d.newState?.stateValue;
    reason = d.newState?.stateReason ?? "";
  } catch {
    const m = /from (\w+) to (\w+)/.exec(h.summary);
    [from, to] = m ? [m[1], m[2]] : [undefined, undefined];
  }
  return {
    at: h.at,
    kind: "alarm",
    tone: STATE_TONE[to ?? ""] ?? "info",
    label: to ? `${h.alarmName}: ${from ?? "?"} → ${to}` : `${h.alarmName}: ${h.summary}`,
    detail: reason || h.summary,
  };
}

const BACKUP_TONE: Record<string, EventTone> = { COMPLETED: "good", FAILED: "bad", EXPIRED: "bad", ABORTED: "bad", PARTIAL: "bad" };

/** A backup job, marked where it ended (or started, while it runs). */
export function backupEvent(j: BackupJob): TimelineEvent {
  const ended = j.completedAt && BACKUP_TONE[j.state] !== undefined;
  return {
    at: Date.parse(ended ? j.completedAt! : j.createdAt),
    kind: "backup",
    tone: BACKUP_TONE[j.state] ?? "info",
    label: `Backup ${j.state.toLowerCase()}${j.trigger === "on-demand" ? " (on demand)" : ""}`,
    detail: j.explanation ?? j.statusMessage ?? `Backup job ${j.id}`,
  };
}

/** A restore: its start, and its end once it has one. */
export function restoreEvents(j: RestoreJob): TimelineEvent[] {
  const start: TimelineEvent = { at: Date.parse(j.createdAt), kind: "restore", tone: "info", label: "Restore started", detail: `Restore job ${j.id} from ${j.recoveryPointArn}` };
  if (!j.completedAt) return [start];
  const ok = j.status === "COMPLETED";
  return [start, { at: Date.parse(j.completedAt), kind: "restore", tone: ok ? "good" : "bad", label: `Restore ${j.status.toLowerCase()}`, detail: j.statusMessage ?? (ok && j.createdResourceArn ? `New cluster ${j.createdResourceArn}` : `Restore job ${j.id}`) }];
}

export const inWindow = (e: TimelineEvent, w: { startMs: number; endMs: number }) => e.at >= w.startMs && e.at <= w.endMs;
