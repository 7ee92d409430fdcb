import type { MetricUnit } from "@/lib/metrics/catalog";
import type { WireSeries } from "@/lib/metrics/cluster";
import { bytes, compact, num, pct } from "@/lib/format";

/** Pure mapping from the wire series to chart rows and labels, so charts only render. */

export type Row = { t: number } & Record<string, number | null>;

/** One row per bucket: `{ t, [metric]: value × scale }`. */
export function toRows(startMs: number, periodS: number, series: WireSeries[], scale = 1): Row[] {
  const n = Math.max(0, ...series.map((s) => s.values.length));
  const rows: Row[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row: Row = { t: startMs + i * periodS * 1000 } as Row;
    for (const s of series) {
      const v = s.values[i];
      row[s.metric] = v === null || v === undefined ? null : v * scale;
    }
    rows[i] = row;
  }
  return rows;
}

export function formatValue(v: number | null | undefined, unit: MetricUnit | "usd"): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  switch (unit) {
    case "usd":
      return v < 0.01 && v > 0 ? `$${v.toPrecision(2)}` : `$${num(v, 2)}`;
    case "bytes":
      return bytes(v);
    case "percent":
      return pct(v, 2);
    case "ms":
      return v >= 10_000 ? `${compact(v / 1000)} s` : `${num(v, 1)} ms`;
    default:
      return Math.abs(v) >= 10_000 ? compact(v) : num(v, Math.abs(v) < 10 ? 2 : 0);
  }
}

export const sumOf = (values: (number | null)[]) => values.reduce<number>((s, v) => s + (v ?? 0), 0);
