/**
 * Choosing a CloudWatch period for a time range: few enough points per series to draw
 * (at most MAX_POINTS), and never finer than what CloudWatch still keeps for data that old.
 */

export const MAX_POINTS = 1500;

const MINUTE = 60;
const DAY = 86_400;

/** CloudWatch retention: 1-minute data for 15 days, 5-minute for 63 days, 1-hour for 455 days. */
export const RETENTION = [
  { maxAgeS: 15 * DAY, minPeriodS: 60 },
  { maxAgeS: 63 * DAY, minPeriodS: 300 },
  { maxAgeS: 455 * DAY, minPeriodS: 3600 },
] as const;

export const MAX_AGE_S = RETENTION[RETENTION.length - 1].maxAgeS;

/** Periods we use: all multiples of 60, and those ≥ 300 / ≥ 3600 multiples of 300 / 3600. */
export const PERIODS = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, DAY, 2 * DAY, 7 * DAY] as const;

/** The finest period CloudWatch still has for data starting `ageS` seconds ago. */
export function retentionMinPeriod(ageS: number): number {
  for (const r of RETENTION) if (ageS <= r.maxAgeS) return r.minPeriodS;
  return RETENTION[RETENTION.length - 1].minPeriodS;
}

export interface Window {
  /** Epoch milliseconds. */
  startMs: number;
  endMs: number;
}

/** Widens a window outwards to whole periods: stable cache keys, and what CloudWatch answers fastest. */
export function alignWindow(w: Window, periodS: number): Window {
  const p = periodS * 1000;
  return { startMs: Math.floor(w.startMs / p) * p, endMs: Math.ceil(w.endMs / p) * p };
}

export function pointCount(w: Window, periodS: number): number {
  return Math.ceil((w.endMs - w.startMs) / (periodS * 1000));
}

/** Rounds a requested period up to one of ours (and up to a multiple of 60 beyond the list). */
function roundUp(periodS: number): number {
  for (const p of PERIODS) if (p >= periodS) return p;
  return Math.ceil(periodS / DAY) * DAY;
}

/**
 * The smallest usable period ≥ `wantedS` for this window at `nowMs`: respects retention for the
 * window's start and keeps the aligned window within MAX_POINTS.
 */
export function choosePeriod(w: Window, nowMs: number, wantedS = MINUTE): number {
  const ageS = Math.max(0, (nowMs - w.startMs) / 1000);
  let p = roundUp(Math.max(wantedS, retentionMinPeriod(ageS), (w.endMs - w.startMs) / 1000 / MAX_POINTS));
  while (pointCount(alignWindow(w, p), p) > MAX_POINTS) p = roundUp(p + 1);
  return p;
}
