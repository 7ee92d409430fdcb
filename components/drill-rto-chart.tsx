"use client";

import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { type Drill, figuresOf } from "@/lib/drills/model";
import { LegendSwatch } from "./charts/legend-swatch";

/** RTO of every validated drill over time: passed in green, failed in red (a failed copy's RTO is when it was judged). */

const PASSED = "#059669";
const FAILED = "#dc2626";
const day = (t: number) => new Date(t).toLocaleString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });

export function DrillRtoChart({ drills }: { drills: Drill[] }) {
  const points = drills.map((d) => ({ at: d.requestedAt, rtoMin: (figuresOf(d).rtoMs ?? NaN) / 60_000, result: d.result, name: d.clusterName })).filter((p) => Number.isFinite(p.rtoMin));
  if (!points.length) return <p className="text-sm text-slate-500">No drill has been validated yet: the RTO trend starts with the first.</p>;
  return (
    <figure data-testid="drill-rto-chart">
      <ResponsiveContainer width="100%" height={220}>
        <ScatterChart margin={{ top: 8, right: 12, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="at" type="number" domain={["dataMin", "dataMax"]} tickFormatter={day} fontSize={11} name="Started" />
          <YAxis dataKey="rtoMin" type="number" fontSize={11} width={56} unit=" min" name="RTO" />
          <Tooltip isAnimationActive={false} formatter={(v, n) => (n === "Started" ? day(Number(v)) : `${Number(v).toFixed(1)} min`)} />
          <Scatter name="passed" data={points.filter((p) => p.result === "passed")} fill={PASSED} isAnimationActive={false} />
          <Scatter name="failed" data={points.filter((p) => p.result === "failed")} fill={FAILED} isAnimationActive={false} />
        </ScatterChart>
      </ResponsiveContainer>
      <figcaption className="mt-1 flex gap-4 text-xs text-slate-600">
        <LegendSwatch color={PASSED} label="passed" shape="dot" />
        <LegendSwatch color={FAILED} label="failed" shape="dot" />
        <span>RTO: from the request to a validated ACTIVE copy</span>
      </figcaption>
    </figure>
  );
}
