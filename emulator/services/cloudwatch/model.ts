import { type Agg, DAY_MS, HOUR_MS, MINUTE_MS, type MetricSource } from "../../scenario/metrics";
import { type MetricId, PERCENTILE } from "./input";
import { type Series } from "./metric-math";

/** The model behind the CloudWatch operations: stored series, buckets, retention, statistics. */

export const MAX_QUERIES = 500;
export const DEFAULT_MAX_DATAPOINTS = 100_800;
export const GMS_MAX_DATAPOINTS = 1_440;
export const LIST_METRICS_PAGE = 500;
/** Retention (CloudWatch's rollups): 1-minute data for 15 days, 5-minute for 63, 1-hour for 455. */
export const RETENTION = { highRes: 3 * HOUR_MS, minute: 15 * DAY_MS, fiveMinute: 63 * DAY_MS, hour: 455 * DAY_MS };

export type FunctionIndex = Map<string, { src: MetricSource; channel: number; metric: MetricId }>;

/** Where a metric's samples come from: a cluster's function of time, or points stored by PutMetricData. */
export interface SeriesSource {
  unit: string | undefined;
  /** Adds the samples in [startMs, endMs) into `into`. */
  agg(startMs: number, endMs: number, nowMs: number, unit: string | undefined, into: Agg): Agg;
  samples(startMs: number, endMs: number, nowMs: number, unit?: string): number[];
}

export interface StoredPoint {
  t: number;
  sum: number;
  min: number;
  max: number;
  count: number;
  /** Raw values (for percentiles); absent for statistic sets. */
  values?: number[];
  unit: string;
}

export interface StoredSeries {
  metric: MetricId;
  points: StoredPoint[];
}

export interface RegionState {
  custom: Map<string, StoredSeries>;
}

export interface MetricStatQuery {
  metric: MetricId;
  periodS: number;
  stat: string;
  unit?: string;
}

export interface DataQuery {
  id: string;
  /** A source account to read the metric from (cross-account observability, from a monitoring account). */
  accountId?: string;
  label?: string;
  returnData: boolean;
  stat?: MetricStatQuery;
  expression?: string;
  periodS?: number;
}

export interface QueryResult {
  id: string;
  label: string;
  series: Series;
  messages: { Code: string; Value: string }[];
  /** The query named an account the caller may not read: its StatusCode is Forbidden. */
  forbidden?: boolean;
}

/**
 * Bucket start times of a window, as CloudWatch lays them out: the start is rounded down (to the
 * minute within 15 days, to 5 minutes within 63, to the hour beyond; sub-minute periods to the
 * period), buckets follow every period until the end, and only buckets whose resolution is still
 * retained at their age are kept.
 */
export function bucketStarts(startMs: number, endMs: number, periodS: number, nowMs: number): number[] {
  const age = nowMs - startMs;
  const round = periodS < 60 ? periodS * 1000 : age > RETENTION.fiveMinute ? HOUR_MS : age > RETENTION.minute ? 5 * MINUTE_MS : MINUTE_MS;
  const first = Math.floor(startMs / round) * round;
  const step = periodS * 1000;
  const out: number[] = [];
  for (let t = first; t < endMs; t += step) if (retained(t, periodS, nowMs)) out.push(t);
  return out;
}

/**
 * Is data at this period still available for a bucket starting at `t`? Simplification: CloudWatch
 * rolls data up by age; the emulator drops buckets whose period is finer than what is kept at that
 * age instead of re-aggregating partial rollups.
 */
export function retained(t: number, periodS: number, nowMs: number): boolean {
  const age = nowMs - t;
  if (age > RETENTION.hour) return false;
  if (periodS < 60) return age <= RETENTION.highRes;
  if (age > RETENTION.fiveMinute) return periodS % 3600 === 0;
  if (age > RETENTION.minute) return periodS % 300 === 0;
  return true;
}

export const noSamples = () => [];
export function resetAgg(a: Agg) {
  a.sum = 0;
  a.min = Infinity;
  a.max = -Infinity;
  a.count = 0;
}

/** One statistic from an aggregate; undefined when the bucket has no samples. */
export function statValue(stat: string, agg: Agg, sampleList: () => number[]): number | undefined {
  if (agg.count === 0) return undefined;
  switch (stat) {
    case "Sum":
      return agg.sum;
    case "Average":
      return agg.sum / agg.count;
    case "Minimum":
      return agg.min;
    case "Maximum":
      return agg.max;
    case "SampleCount":
      return agg.count;
  }
  const m = PERCENTILE.exec(stat);
  if (!m) return undefined;
  const xs = sampleList().sort((a, b) => a - b);
  if (!xs.length) return undefined;
  const rank = Math.max(1, Math.ceil((Number(m[1]) / 100) * xs.length));
  return xs[rank - 1];
}

export function upperBound(points: StoredPoint[], t: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid].t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function storedSource(s: StoredSeries): SeriesSource {
  const inRange = (start: number, end: number, now: number, unit?: string) => {
    const out: StoredPoint[] = [];
    for (let i = upperBound(s.points, start - 1); i < s.points.length && s.points[i].t < end; i++) {
      const p = s.points[i];
      if (p.t <= now && (!unit || p.unit === unit)) out.push(p);
    }
    return out;
  };
  return {
    unit: s.points[0]?.unit,
    agg: (start, end, now, unit, a) => {
      for (const p of inRange(start, end, now, unit)) {
        a.sum += p.sum;
        a.count += p.count;
        a.min = Math.min(a.min, p.min);
        a.max = Math.max(a.max, p.max);
      }
      return a;
    },
    // Statistic sets carry no raw values, so they take no part in percentiles (as in CloudWatch).
    samples: (start, end, now, unit) => inRange(start, end, now, unit).flatMap((p) => p.values ?? []),
  };
}
