import { type Agg, CHANNELS, HOUR_MS, MINUTE_MS, type MetricSource, type Prepared, emptyAgg, minuteRange, minuteValues, prepare } from "./metrics";
/**
 * Cached reads of the metric functions: per-minute blocks and hourly aggregates per cluster, so a
 * month-long read of a large fleet costs what CloudWatch's stored rollups would.
 */

const ROW = CHANNELS;
const MINUTE_BLOCK = 60 * ROW;
const HOUR_BLOCK = CHANNELS * 3;
const MINUTE_BLOCKS = 2_048;
const HOUR_BLOCKS = 200_000;

type Blocks = Map<number, Float64Array>;
interface SourceCache {
  minutes: Blocks;
  hours: Blocks;
}
let caches = new Map<string, SourceCache>();
/** Bumped when the caches are dropped, so readers holding a SourceCache fetch it again. */
let generation = 0;
let hourCount = 0;
let minuteFifo: [Blocks, number][] = [];

function cacheOf(src: MetricSource): SourceCache {
  let c = caches.get(src.key);
  if (!c) caches.set(src.key, (c = { minutes: new Map(), hours: new Map() }));
  return c;
}

/** Every channel of the 60 minutes of `hour` (epoch hour index), row per minute. */
function fillMinuteBlock(src: MetricSource, p: Prepared, hour: number, out: Float64Array): Float64Array {
  const row = new Float64Array(ROW);
  for (let i = 0; i < 60; i++) {
    minuteValues(src, hour * 60 + i, row, p);
    out.set(row, i * ROW);
  }
  return out;
}

function minuteBlock(src: MetricSource, cache: SourceCache, p: Prepared, hour: number): Float64Array {
  let b = cache.minutes.get(hour);
  if (b) return b;
  b = fillMinuteBlock(src, p, hour, new Float64Array(MINUTE_BLOCK));
  cache.minutes.set(hour, b);
  minuteFifo.push([cache.minutes, hour]);
  if (minuteFifo.length > MINUTE_BLOCKS) {
    const drop = minuteFifo.splice(0, MINUTE_BLOCKS / 4);
    for (const [map, h] of drop) map.delete(h);
  }
  return b;
}

const tempBlock = new Float64Array(MINUTE_BLOCK);

function hourBlock(src: MetricSource, cache: SourceCache, p: Prepared, hour: number): Float64Array {
  let b = cache.hours.get(hour);
  if (b) return b;
  // Built from the minute block if it is at hand, else from a scratch one (a month of hourly
  // reads should not flush the minute cache).
  const mb = cache.minutes.get(hour) ?? fillMinuteBlock(src, p, hour, tempBlock);
  b = new Float64Array(HOUR_BLOCK);
  for (let c = 0; c < CHANNELS; c++) {
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = c; i < MINUTE_BLOCK; i += ROW) {
      const x = mb[i];
      sum += x;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    b[c * 3] = sum;
    b[c * 3 + 1] = min;
    b[c * 3 + 2] = max;
  }
  if (++hourCount > HOUR_BLOCKS) {
    // Over the bound: start over (cheap, and rare outside long benchmark runs).
    for (const other of caches.values()) other.hours.clear();
    hourCount = 1;
  }
  cache.hours.set(hour, b);
  return b;
}

/**
 * Computes the hour blocks of whole hours in [fromHour, toHour), newest first, until `deadline`
 * (performance.now()); returns the next hour still to do (≤ fromHour when done). Used to warm the
 * cache in the background, as CloudWatch serves pre-aggregated data.
 */
export function warmHours(src: MetricSource, fromHour: number, toHour: number, deadline: number): number {
  if (src.profile.idle) return fromHour;
  const first = Math.max(fromHour, Math.ceil(src.dataFromMs / HOUR_MS));
  const last = Math.min(toHour, Math.floor(src.dataUntilMs / HOUR_MS));
  const cache = cacheOf(src);
  const p = prepare(src);
  let h = last - 1;
  for (; h >= first; h--) {
    hourBlock(src, cache, p, h);
    if ((h & 7) === 0 && performance.now() > deadline) return h;
  }
  return fromHour;
}

/**
 * A reader of one channel of one source: `(startMs, endMs, nowMs, into)` adds the sum/min/max/count
 * of the samples with timestamps in [startMs, endMs) into `into`. Whole hours come from hour
 * blocks, the rest from minute blocks.
 */
export function channelReader(src: MetricSource, channel: number): (startMs: number, endMs: number, nowMs: number, into: Agg) => Agg {
  const p = prepare(src);
  const o = channel * 3;
  let cache = cacheOf(src);
  let gen = generation;
  return (startMs, endMs, nowMs, into) => {
    if (src.profile.idle) return into;
    const lo = Math.ceil(Math.max(startMs, src.dataFromMs) / MINUTE_MS);
    const hi = Math.min(Math.ceil(endMs / MINUTE_MS), Math.ceil(src.dataUntilMs / MINUTE_MS), Math.floor(nowMs / MINUTE_MS));
    if (lo >= hi) return into;
    if (gen !== generation) {
      cache = cacheOf(src);
      gen = generation;
    }
    let m = lo;
    while (m < hi) {
      const hour = Math.floor(m / 60);
      const first = hour * 60;
      if (m === first && m + 60 <= hi) {
        const b = hourBlock(src, cache, p, hour);
        into.sum += b[o];
        if (b[o + 1] < into.min) into.min = b[o + 1];
        if (b[o + 2] > into.max) into.max = b[o + 2];
        into.count += 60;
        m += 60;
        continue;
      }
      const mb = minuteBlock(src, cache, p, hour);
      const stop = Math.min(hi, first + 60);
      for (; m < stop; m++) {
        const x = mb[(m - first) * ROW + channel];
        into.sum += x;
        if (x < into.min) into.min = x;
        if (x > into.max) into.max = x;
        into.count++;
      }
    }
    return into;
  };
}

/** Sum/min/max/count of one channel over the samples with timestamps in [startMs, endMs). */
export function aggregate(src: MetricSource, channel: number, startMs: number, endMs: number, nowMs: number, into: Agg = emptyAgg()): Agg {
  return channelReader(src, channel)(startMs, endMs, nowMs, into);
}

/** Every sample of one channel in [startMs, endMs) (for percentiles). */
export function samples(src: MetricSource, channel: number, startMs: number, endMs: number, nowMs: number): number[] {
  const [lo, hi] = minuteRange(src, startMs, endMs, nowMs);
  const out: number[] = [];
  if (lo >= hi) return out;
  const cache = cacheOf(src);
  const p = prepare(src);
  for (let m = lo; m < hi; m++) {
    const hour = Math.floor(m / 60);
    out.push(minuteBlock(src, cache, p, hour)[(m - hour * 60) * ROW + channel]);
  }
  return out;
}

/** Forget cached aggregates (tests). */
export function clearMetricCache(): void {
  generation++;
  caches = new Map();
  hourCount = 0;
  minuteFifo = [];
}
