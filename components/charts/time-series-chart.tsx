"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TimelineEvent } from "@/lib/events/model";
import type { MetricUnit } from "@/lib/metrics/catalog";
import { eventMarkers } from "../triage-events";
import { timeLabel, timeTick } from "@/lib/format/time";
import { formatValue, type Row } from "./chart-data";

export interface SeriesStyle {
  key: string;
  label: string;
  color: string;
}

export interface TimeSeriesChartProps {
  rows: Row[];
  startMs: number;
  endMs: number;
  unit: MetricUnit | "usd";
  /** Stacked areas (DPU kinds). */
  areas?: SeriesStyle[];
  lines?: SeriesStyle[];
  /** A horizontal threshold line, kept in view even when the data stay below it. */
  threshold?: { value: number; label: string };
  /** Time spans to shade (periods above the threshold). */
  shade?: [number, number][];
  height?: number;
  /** Alarm state changes, backups and restores, marked on the time axis. */
  events?: TimelineEvent[];
}

/** The one Recharts chart of the dashboard; DPU, OCC and the other panels configure it. */
export function TimeSeriesChart({ rows, startMs, endMs, unit, areas = [], lines = [], threshold, shade = [], height = 220, events }: TimeSeriesChartProps) {
  const span = endMs - startMs;
  const fmt = (v: unknown) => formatValue(typeof v === "number" ? v : null, unit);
  return (
    <ResponsiveContainer width="100%" height={height}>
      <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="t" type="number" scale="time" domain={[startMs, endMs]} tickFormatter={(t: number) => timeTick(t, span)} fontSize={11} minTickGap={40} />
        <YAxis
          tickFormatter={fmt}
          fontSize={11}
          width={72}
          domain={threshold ? [0, (max: number) => Math.max(max, threshold.value * 1.3)] : [0, "auto"]}
          allowDataOverflow={false}
        />
        <Tooltip labelFormatter={(t) => timeLabel(Number(t))} formatter={(v) => fmt(v)} isAnimationActive={false} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {shade.map(([a, b]) => (
          <ReferenceArea key={a} x1={a} x2={b} fill="#ef4444" fillOpacity={0.12} strokeOpacity={0} ifOverflow="hidden" />
        ))}
        {eventMarkers(events, startMs, endMs)}
        {areas.map((s) => (
          <Area key={s.key} dataKey={s.key} name={s.label} stackId="stack" type="stepAfter" stroke={s.color} fill={s.color} fillOpacity={0.55} isAnimationActive={false} connectNulls={false} />
        ))}
        {lines.map((s) => (
          <Line key={s.key} dataKey={s.key} name={s.label} type="linear" stroke={s.color} strokeWidth={1.5} dot={false} isAnimationActive={false} connectNulls={false} />
        ))}
        {threshold && <ReferenceLine y={threshold.value} stroke="#dc2626" strokeDasharray="6 3" label={{ value: threshold.label, position: "insideTopRight", fill: "#b91c1c", fontSize: 11 }} ifOverflow="extendDomain" />}
      </ComposedChart>
    </ResponsiveContainer>
  );
}
