import type { Scope } from "../aws/scope";
import { recentRestoreJobs } from "../backup/fleet";
import { listBackupJobs } from "../backup/jobs";
import type { ClusterRef } from "../dsql/clusters";
import { toAppError } from "../errors";
import { alarmStateHistory, clusterMetricAlarms } from "../metrics/alarms";
import { alarmEvent, backupEvent, inWindow, restoreEvents, type AlarmHistoryEntry, type EventKind, type TimelineEvent } from "./model";

/**
 * The event timeline of one cluster over a window: alarm state changes (DescribeAlarmHistory of
 * the cluster's alarms), backup jobs and restores. Each source is read on its own; one that fails
 * is reported, and the others still draw.
 */

export type { TimelineEvent } from "./model";

export interface ClusterEvents {
  events: TimelineEvent[];
  errors: { source: EventKind; message: string }[];
}

/** Alarm history is short and the range is bounded; this caps a flapping alarm's pages. */
const MAX_HISTORY_PAGES = 10;

async function alarmHistory(scope: Scope, clusterId: string, window: { startMs: number; endMs: number }): Promise<TimelineEvent[]> {
  // Only the names: their recent history is read below, over the window.
  const names = (await clusterMetricAlarms(scope, clusterId)).map((a) => a.AlarmName ?? "");
  const lists = await Promise.all(
    names.map(async (name) =>
      (await alarmStateHistory(scope, name, window, MAX_HISTORY_PAGES))
        .map((i): AlarmHistoryEntry => ({ alarmName: name, at: i.Timestamp ? new Date(i.Timestamp).getTime() : 0, summary: i.HistorySummary ?? "", data: i.HistoryData }))
        .map(alarmEvent),
    ),
  );
  return lists.flat();
}

export async function clusterEvents(cluster: ClusterRef, window: { startMs: number; endMs: number }): Promise<ClusterEvents> {
  const sources: [EventKind, () => Promise<TimelineEvent[]>][] = [
    ["alarm", () => alarmHistory(cluster, cluster.identifier, window)],
    ["backup", async () => (await listBackupJobs(cluster, cluster.arn)).map(backupEvent)],
    [
      "restore",
      async () => (await recentRestoreJobs(cluster)).filter((j) => j.sourceResourceArn === cluster.arn || j.createdResourceArn === cluster.arn).flatMap(restoreEvents),
    ],
  ];
  const errors: ClusterEvents["errors"] = [];
  const lists = await Promise.all(
    sources.map(async ([source, load]) => {
      try {
        return await load();
      } catch (err) {
        errors.push({ source, message: toAppError(err).message });
        return [];
      }
    }),
  );
  return {
    events: lists
      .flat()
      .filter((e) => inWindow(e, window))
      .sort((a, b) => a.at - b.at),
    errors,
  };
}
