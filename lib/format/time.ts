/** Times as the charts and pages show them: always UTC, as the URL's custom ranges are. */

const pad = (n: number) => String(n).padStart(2, "0");

/** Axis ticks in UTC (as the URL's custom ranges): times within a day, dates beyond. */
export function timeTick(t: number, spanMs: number): string {
  const d = new Date(t);
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  if (spanMs <= 36 * 3_600_000) return hm;
  const md = `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return spanMs <= 8 * 86_400_000 ? `${md} ${hm}` : md;
}

/** A point in time to the minute: "2026-11-25 09:05 UTC". */
export function timeLabel(t: number): string {
  return `${new Date(t).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "per 30 min": what one value of a counter covers. */
export function periodLabel(periodS: number): string {
  if (periodS % 86_400 === 0) return periodS === 86_400 ? "per day" : `per ${periodS / 86_400} days`;
  if (periodS % 3600 === 0) return periodS === 3600 ? "per hour" : `per ${periodS / 3600} h`;
  return periodS === 60 ? "per minute" : `per ${periodS / 60} min`;
}

/** A wall-clock time to the second: "09:05:00 UTC". */
export const clockLabel = (t: number) => `${new Date(t).toISOString().slice(11, 19)} UTC`;

/** How long ago, to the second: "42 s ago", "3 min 5 s ago". */
export function agoLabel(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s ago` : `${Math.floor(s / 60)} min ${s % 60} s ago`;
}
