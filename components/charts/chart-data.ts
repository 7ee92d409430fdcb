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

const pad = (n: number) => String(n).padStart(2, "0");

/** Axis ticks in UTC (as the URL's custom ranges): times within a day, dates beyond. */
export function timeTick(t: number, spanMs: number): string {
  const d = new Date(t);
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  if (spanMs <= 36 * 3_600_000) return hm;
  const md = `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return spanMs <= 8 * 86_400_000 ? `${md} ${hm}` : md;
}

export function timeLabel(t: number): string {
  return `${new Date(t).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "per 30 min": what one value of a counter covers. */
export function periodLabel(periodS: number): string {
  if (periodS % 86_400 === 0) return periodS === 86_400 ? "per day" : `per ${periodS / 86_400} days`;
  if (periodS % 3600 === 0) return periodS === 3600 ? "per hour" : `per ${periodS / 3600} h`;
  return periodS === 60 ? "per minute" : `per ${periodS / 60} min`;
}

export const sumOf = (values: (number | null)[]) => values.reduce<number>((s, v) => s + (v ?? 0), 0);
