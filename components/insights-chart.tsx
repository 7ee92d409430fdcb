"use client";

import type { TimelineEvent } from "@/lib/events/model";
import type { Row } from "./charts/chart-data";
import { TimeSeriesChart, type SeriesStyle } from "./charts/time-series-chart";

/** Wait events in DASH's classes: CPU green, client waits amber, storage and commit blues, the rest grey. */
const WAIT_COLORS: Record<string, string> = {
  OnCpu: "#16a34a",
  ClientRead: "#f59e0b",
  ClientWrite: "#fbbf24",
  Commit: "#7c3aed",
  SequentialScanRead: "#dc2626",
  ScatteredBatchRead: "#0284c7",
  SingleRead: "#38bdf8",
  UniqueConstraintCheck: "#0e7490",
  FkExistenceCheck: "#155e75",
  StartTransaction: "#a78bfa",
};

/** Average active sessions over time, stacked by wait event, with the cluster's events on the same axis. */
export function InsightsChart({
  timeline,
  waits,
  startMs,
  endMs,
  events,
}: {
  timeline: { t: number; byWait: Record<string, number> }[];
  waits: string[];
  startMs: number;
  endMs: number;
  events?: TimelineEvent[];
}) {
  const rows: Row[] = timeline.map(({ t, byWait }) => ({ t, ...Object.fromEntries(waits.map((w) => [w, byWait[w] ?? 0])) }));
  const areas: SeriesStyle[] = waits.map((w) => ({ key: w, label: w, color: WAIT_COLORS[w] ?? "#94a3b8" }));
  return <TimeSeriesChart rows={rows} startMs={startMs} endMs={endMs} unit="count" areas={areas} events={events} height={260} />;
}
