import { paginateDescribeAlarmHistory, type CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { cloudWatchClient } from "../aws/clients";
import { recentRestoreJobs } from "../backup/fleet";
import { listBackupJobs } from "../backup/jobs";
import type { ClusterRef } from "../dsql/clusters";
import { toAppError } from "../errors";
import { clusterMetricAlarms } from "../metrics/alarms";
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

async function alarmHistory(region: string, clusterId: string, window: { startMs: number; endMs: number }, client?: Pick<CloudWatchClient, "send">): Promise<TimelineEvent[]> {
  // Only the names: their recent history is read below, over the window.
  const names = (await clusterMetricAlarms(region, clusterId, client ? { client } : {})).map((a) => a.AlarmName ?? "");
  const c = (client ?? cloudWatchClient(region)) as CloudWatchClient;
  const lists = await Promise.all(
    names.map(async (name) => {
      const out: AlarmHistoryEntry[] = [];
      let pages = 0;
      const input = { AlarmName: name, HistoryItemType: "StateUpdate" as const, StartDate: new Date(window.startMs), EndDate: new Date(window.endMs), ScanBy: "TimestampAscending" as const };
      for await (const page of paginateDescribeAlarmHistory({ client: c, pageSize: 100 }, input)) {
        for (const i of page.AlarmHistoryItems ?? []) out.push({ alarmName: name, at: i.Timestamp ? new Date(i.Timestamp).getTime() : 0, summary: i.HistorySummary ?? "", data: i.HistoryData });
        if (++pages >= MAX_HISTORY_PAGES) break;
      }
      return out.map(alarmEvent);
    }),
  );
  return lists.flat();
}

interface EventOptions {
  cloudWatch?: Pick<CloudWatchClient, "send">;
}

export async function clusterEvents(cluster: ClusterRef, window: { startMs: number; endMs: number }, opts: EventOptions = {}): Promise<ClusterEvents> {
  const sources: [EventKind, () => Promise<TimelineEvent[]>][] = [
    ["alarm", () => alarmHistory(cluster.region, cluster.identifier, window, opts.cloudWatch)],
    ["backup", async () => (await listBackupJobs(cluster.region, cluster.arn)).map(backupEvent)],
    [
      "restore",
      async () => (await recentRestoreJobs(cluster.region)).filter((j) => j.sourceResourceArn === cluster.arn || j.createdResourceArn === cluster.arn).flatMap(restoreEvents),
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
