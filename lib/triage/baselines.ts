/**
 * Baselines and spike detection for the triage page. Pure: series in, verdicts out.
 *
 * Definitions (all windows half-open, [start, end), epoch ms; series are [bucket start, value]):
 * - The "current hour" is the last 60 minutes of complete buckets: it ends where the bucket
 *   holding `now` starts, so a half-filled bucket never reads as a drop.
 * - DPU spike: the current hour's TotalDPU against the same clock window on each of the last 7
 *   days (the median, so one earlier spike or a weekend does not move it), flagged when it is at
 *   least SPIKE.minRatio times that and SPIKE.minExtraDpu more (so tiny clusters stay quiet).
 *   Days before the cluster existed are left out; fewer than SPIKE.minDays days: no verdict.
 * - CommitLatency above baseline: the current hour's mean against the median of the 7 days of
 *   buckets before it, flagged at LATENCY.minRatio times and LATENCY.minExtraMs more.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const BASELINE_DAYS = 7;

export const SPIKE = { minRatio: 2, minExtraDpu: 1_000, minDays: 3 } as const;
export const LATENCY = { minRatio: 1.5, minExtraMs: 2, minPoints: 24 } as const;

export type Points = readonly (readonly [number, number])[];

export interface HourWindow {
  startMs: number;
  endMs: number;
}

/** The last complete hour at `nowMs` for series bucketed by `periodS` (aligned to the epoch). */
export function currentHour(nowMs: number, periodS: number): HourWindow {
  const p = periodS * 1000;
  const endMs = Math.floor(nowMs / p) * p;
  return { startMs: endMs - Math.max(HOUR_MS, p), endMs };
}

export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const inWindow = (points: Points, w: HourWindow) => points.filter(([t]) => t >= w.startMs && t < w.endMs);

export function windowSum(points: Points, w: HourWindow): number {
  return inWindow(points, w).reduce((s, [, v]) => s + v, 0);
}

/** Mean of the datapoints present (for gauges: a gap is unknown, not zero); null without any. */
export function windowMean(points: Points, w: HourWindow): number | null {
  const xs = inWindow(points, w);
  return xs.length ? xs.reduce((s, [, v]) => s + v, 0) / xs.length : null;
}

export const shift = (w: HourWindow, ms: number): HourWindow => ({ startMs: w.startMs - ms, endMs: w.endMs - ms });

/** The same window on each of the last `days` days, leaving out days before `sinceMs`. */
export function sameHourSums(points: Points, w: HourWindow, sinceMs = -Infinity, days = BASELINE_DAYS): { day: number; window: HourWindow; value: number }[] {
  const out: { day: number; window: HourWindow; value: number }[] = [];
  for (let k = 1; k <= days; k++) {
    const window = shift(w, k * DAY_MS);
    if (window.startMs >= sinceMs) out.push({ day: k, window, value: windowSum(points, window) });
  }
  return out;
}

export interface SpikeVerdict {
  current: number;
  /** Median of the same hour on the previous days; null without enough days. */
  baseline: number | null;
  /** current / baseline (Infinity over a zero baseline). */
  ratio: number | null;
  days: number;
  spike: boolean;
}

export function detectDpuSpike(points: Points, w: HourWindow, sinceMs = -Infinity, rules: { minRatio: number; minExtraDpu: number; minDays: number } = SPIKE): SpikeVerdict {
  const current = windowSum(points, w);
  const days = sameHourSums(points, w, sinceMs);
  const baseline = days.length >= rules.minDays ? median(days.map((d) => d.value)) : null;
  if (baseline === null) return { current, baseline, ratio: null, days: days.length, spike: false };
  const ratio = baseline > 0 ? current / baseline : current > 0 ? Infinity : 1;
  return { current, baseline, ratio, days: days.length, spike: ratio >= rules.minRatio && current - baseline >= rules.minExtraDpu };
}

export interface LatencyVerdict {
  current: number | null;
  baseline: number | null;
  ratio: number | null;
  above: boolean;
}

/** CommitLatency's current hour against the median of the 7 days of buckets before it. */
export function latencyAboveBaseline(points: Points, w: HourWindow, rules: { minRatio: number; minExtraMs: number; minPoints: number } = LATENCY): LatencyVerdict {
  const current = windowMean(points, w);
  const history = inWindow(points, { startMs: w.startMs - BASELINE_DAYS * DAY_MS, endMs: w.startMs }).map(([, v]) => v);
  const baseline = history.length >= rules.minPoints ? median(history) : null;
  if (current === null || baseline === null) return { current, baseline, ratio: null, above: false };
  const ratio = baseline > 0 ? current / baseline : null;
  return { current, baseline, ratio, above: ratio !== null && ratio >= rules.minRatio && current - baseline >= rules.minExtraMs };
}

/** 100 × Σ conflicts / Σ transactions over a window: the rate of the hour, not a mean of rates. */
export function ratePct(conflicts: Points, transactions: Points, w: HourWindow, minTransactions = 1): { ratePct: number | null; conflicts: number; transactions: number } {
  const c = windowSum(conflicts, w);
  const t = windowSum(transactions, w);
  return { ratePct: t >= minTransactions ? (100 * c) / t : null, conflicts: c, transactions: t };
}
