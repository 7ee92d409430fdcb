"use client";

import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DailyCost } from "@/lib/cost-review";
import { usd } from "@/lib/format";
import { LegendSwatch } from "./charts/legend-swatch";

/**
 * Daily dollars of the chosen period (DPU and storage, stacked) with the previous period's same
 * day as a line. The legend is HTML (not Recharts') so the print layout can scale the SVG alone.
 */

const DPU = "#0ea5e9";
const STORAGE = "#8b5cf6";
const PREVIOUS = "#334155";
const day = (t: number) => new Date(t).toLocaleString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });

export function CostDailyChart({ daily, previousLabel }: { daily: DailyCost[]; previousLabel: string }) {
  if (!daily.length) return <p className="text-sm text-slate-500">No days in this period.</p>;
  const money = (v: unknown) => (typeof v === "number" ? usd(v) : "–");
  return (
    <figure data-testid="cost-daily-chart" className="cost-chart">
      <ResponsiveContainer width="100%" height={240}>
        <ComposedChart data={daily} margin={{ top: 8, right: 12, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="day" tickFormatter={day} fontSize={11} minTickGap={24} />
          <YAxis tickFormatter={(v: number) => `$${v.toLocaleString("en-US", { maximumFractionDigits: v < 10 ? 2 : 0 })}`} fontSize={11} width={64} />
          <Tooltip labelFormatter={(t) => `${day(Number(t))} (UTC)`} formatter={money} isAnimationActive={false} />
          <Bar dataKey="dpuCost" name="DPU" stackId="cost" fill={DPU} isAnimationActive={false} />
          <Bar dataKey="storageCost" name="Storage" stackId="cost" fill={STORAGE} isAnimationActive={false} />
          <Line
            dataKey="previousTotal"
            name={`Previous period (${previousLabel})`}
            type="monotone"
            stroke={PREVIOUS}
            strokeDasharray="5 3"
            strokeWidth={1.5}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption className="mt-1 flex flex-wrap gap-4 text-xs text-slate-600">
        <LegendSwatch color={DPU} label="DPU" />
        <LegendSwatch color={STORAGE} label="Storage" />
        <LegendSwatch color={PREVIOUS} label={`Previous period, same day (${previousLabel})`} shape="dashed" />
      </figcaption>
    </figure>
  );
}
