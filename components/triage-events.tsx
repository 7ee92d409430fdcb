"use client";

import { ReferenceLine } from "recharts";
import type { EventTone, TimelineEvent } from "@/lib/events/model";
import { timeLabel } from "@/lib/format/time";

/**
 * Event markers for the cluster charts: a thin vertical line per event (alarm state change,
 * backup, restore) with a small flag on top whose tooltip names it, so a spike and the alarm or
 * backup next to it line up. `eventMarkers` returns Recharts children for any time-axis chart
 * (the cluster page refreshes the events with its charts).
 */

const EVENT_COLOR: Record<EventTone, string> = { bad: "#dc2626", good: "#059669", info: "#64748b" };
const KIND_GLYPH = { alarm: "A", backup: "B", restore: "R" } as const;

function Flag({ viewBox, event }: { viewBox?: { x?: number; y?: number }; event: TimelineEvent }) {
  const x = viewBox?.x ?? 0;
  const y = viewBox?.y ?? 0;
  const color = EVENT_COLOR[event.tone];
  return (
    <g data-testid="chart-event" data-kind={event.kind} data-tone={event.tone}>
      <title>{`${timeLabel(event.at)} · ${event.label}${event.detail ? `\n${event.detail}` : ""}`}</title>
      <rect x={x - 6} y={y} width={12} height={12} rx={2} fill={color} />
      <text x={x} y={y + 9} textAnchor="middle" fontSize={8} fill="white" fontWeight={700}>
        {KIND_GLYPH[event.kind]}
      </text>
    </g>
  );
}

export function eventMarkers(events: TimelineEvent[] | undefined, startMs: number, endMs: number) {
  return (events ?? [])
    .filter((e) => e.at >= startMs && e.at <= endMs)
    .map((e, i) => <ReferenceLine key={`event-${e.at}-${i}`} x={e.at} stroke={EVENT_COLOR[e.tone]} strokeOpacity={0.7} strokeDasharray="2 3" ifOverflow="hidden" label={<Flag event={e} />} />);
}

/** What the markers mean, and the events of the range as a list (the markers' text for keyboards and screen readers). */
export function EventLegend({ events, errors = [] }: { events: TimelineEvent[]; errors?: { source: string; message: string }[] }) {
  return (
    <details data-testid="event-legend" className="rounded border border-slate-200 bg-white px-3 py-1.5 text-xs text-slate-600">
      <summary className="cursor-pointer">
        {events.length} event{events.length === 1 ? "" : "s"} on the time axis: <b>A</b> alarm state change, <b>B</b> backup, <b>R</b> restore
        {errors.length > 0 && <span className="text-amber-800"> · not shown: {errors.map((e) => `${e.source}s (${e.message})`).join(", ")}</span>}
      </summary>
      <ul className="mt-1 space-y-0.5">
        {events.map((e, i) => (
          <li key={`${e.at}-${i}`}>
            <span aria-hidden className="mr-1 inline-block h-2 w-2 rounded-full" style={{ background: EVENT_COLOR[e.tone] }} />
            <span className="tabular-nums">{timeLabel(e.at)}</span> {e.label}
            {e.detail && <span className="text-slate-400"> · {e.detail}</span>}
          </li>
        ))}
      </ul>
    </details>
  );
}
