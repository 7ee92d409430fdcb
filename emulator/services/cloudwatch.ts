import type { Clock } from "../clock";
import { AwsError } from "../protocols/errors";
import {
  CH,
  channelReader,
  warmHours,
  DAY_MS,
  DSQL_METRICS,
  DSQL_NAMESPACE,
  emptyAgg,
  HOUR_MS,
  MINUTE_MS,
  samples,
  unitOf,
  USAGE_NAMESPACE,
  type Agg,
  type MetricSource,
} from "../scenario/metrics";
import {
  bool,
  decodeToken,
  dimensions,
  encodeToken,
  invalidCombination,
  invalidValue,
  isStat,
  list,
  metricId,
  metricKey,
  missing,
  num,
  obj,
  page,
  PERCENTILE,
  str,
  time,
  validationError,
  validPeriod,
  type Input,
  type MetricId,
} from "./cloudwatch-input";
import { hash32 } from "../scenario/random";
import { CREATE_MS, type ClusterRecord, type DsqlService } from "./dsql";
import { ALARM_OPERATIONS, Alarms, seedDemoAlarms } from "./alarms";
import { evaluate, MathError, parseExpression, references, toSeries, type Series } from "./metric-math";

/** CloudWatch: metrics of the emulated clusters as functions of time, stored custom metrics, alarms. */

const MAX_QUERIES = 500;
const DEFAULT_MAX_DATAPOINTS = 100_800;
const GMS_MAX_DATAPOINTS = 1_440;
const LIST_METRICS_PAGE = 500;
/** Retention (CloudWatch's rollups): 1-minute data for 15 days, 5-minute for 63, 1-hour for 455. */
export const RETENTION = { highRes: 3 * HOUR_MS, minute: 15 * DAY_MS, fiveMinute: 63 * DAY_MS, hour: 455 * DAY_MS };

type FunctionIndex = Map<string, { src: MetricSource; channel: number; metric: MetricId }>;

/** Where a metric's samples come from: a cluster's function of time, or points stored by PutMetricData. */
interface SeriesSource {
  unit: string | undefined;
  /** Adds the samples in [startMs, endMs) into `into`. */
  agg(startMs: number, endMs: number, nowMs: number, unit: string | undefined, into: Agg): Agg;
  samples(startMs: number, endMs: number, nowMs: number, unit?: string): number[];
}

interface StoredPoint {
  t: number;
  sum: number;
  min: number;
  max: number;
  count: number;
  /** Raw values (for percentiles); absent for statistic sets. */
  values?: number[];
  unit: string;
}

interface StoredSeries {
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

const noSamples = () => [];
function resetAgg(a: Agg) {
  a.sum = 0;
  a.min = Infinity;
  a.max = -Infinity;
  a.count = 0;
}

/** One statistic from an aggregate; undefined when the bucket has no samples. */
function statValue(stat: string, agg: Agg, sampleList: () => number[]): number | undefined {
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

export class CloudWatchService {
  private readonly states = new Map<string, RegionState>();
  /** Clusters seen so far, so a deleted cluster's history stays readable (as in CloudWatch). */
  private readonly sources = new Map<string, { rec: ClusterRecord; src: MetricSource }>();

  readonly alarms: Alarms;
  /** Evaluations of recent paginated GetMetricData requests, by request and pinned time. */
  private readonly pageMemo = new Map<string, Map<string, QueryResult>>();
  /** The metric index of a region, built once per call (alarms evaluate many queries in one call). */
  private readonly indexes = new Map<string, { stamp: number; index: FunctionIndex }>();
  private callStamp = 0;

  constructor(
    readonly clock: Clock,
    readonly dsql: DsqlService,
    readonly anchorMs: number,
  ) {
    this.alarms = new Alarms({
      now: () => this.clock.now(),
      parseQueries: (raw, field, err, max) => this.parseQueries(raw, field, err, max),
      runQueries: (region, queries, s, e, now, err) => this.runQueries(region, queries, s, e, now, err),
    });
    seedDemoAlarms(this.alarms, dsql.all(), anchorMs);
    this.warmUp();
  }

  /**
   * Pre-computes the hourly aggregates of the last 31 days for every cluster in the background, in
   * slices of a few milliseconds (requests interleave), so the first month-long or month-to-date
   * read of a large fleet costs what a warm one does, as with CloudWatch's stored rollups.
   */
  private warmUp(): void {
    const toHour = Math.floor(this.clock.now() / HOUR_MS);
    const fromHour = toHour - 31 * 24;
    const queue = this.dsql.regionNames().flatMap((r) => this.clusterSources(r)).map((src) => ({ src, next: toHour }));
    this.warm = { clusters: queue.length, done: 0 };
    const step = () => {
      const deadline = performance.now() + 8;
      while (queue.length && performance.now() < deadline) {
        const job = queue[0];
        job.next = warmHours(job.src, fromHour, job.next, deadline);
        if (job.next <= fromHour) {
          queue.shift();
          this.warm.done++;
        }
      }
      if (queue.length) setTimeout(step, 1).unref();
    };
    setTimeout(step, 1).unref();
  }

  /** How far the background pre-computation has come (for the health endpoint and benchmarks). */
  warm = { clusters: 0, done: 0 };

  state(region: string): RegionState {
    let s = this.states.get(region);
    if (!s) this.states.set(region, (s = { custom: new Map() }));
    return s;
  }

  async call(operation: string, input: Record<string, unknown>, region: string): Promise<unknown> {
    this.callStamp++;
    switch (operation) {
      case "GetMetricData":
        return this.getMetricData(input, region);
      case "GetMetricStatistics":
        return this.getMetricStatistics(input, region);
      case "ListMetrics":
        return this.listMetrics(input, region);
      case "PutMetricData":
        return this.putMetricData(input, region);
    }
    if (ALARM_OPERATIONS.includes(operation)) return this.alarms.call(operation, input, region);
    throw new AwsError("InvalidAction", `The action ${operation} is not valid for this web service.`, 400);
  }

  // ---- metric sources -------------------------------------------------------------------------

  /** The clusters of a region (including deleted ones seen before) as metric sources. */
  clusterSources(region: string): MetricSource[] {
    for (const rec of this.dsql.all()) {
      if (!this.sources.has(rec.arn)) {
        const peers = rec.multiRegion ? rec.multiRegion.clusters.filter((a) => a !== rec.arn).length : 0;
        this.sources.set(rec.arn, {
          rec,
          // The anchor is part of the key: incidents move with it, and emulators in one process share the cache.
          src: { key: `${rec.arn}@${this.anchorMs}`, identifier: rec.identifier, region: rec.region, profile: rec.profile, anchorMs: this.anchorMs, dataFromMs: 0, dataUntilMs: Infinity, peers },
        });
      }
    }
    const out: MetricSource[] = [];
    for (const { rec, src } of this.sources.values()) {
      if (rec.region !== region) continue;
      // No datapoints while CREATING; none after deletion started.
      src.dataFromMs = rec.createStartedAt !== undefined ? Math.max(rec.creationTime, this.clock.endOf(rec.createStartedAt, CREATE_MS)) : rec.creationTime;
      src.dataUntilMs = rec.deleteStartedAt ?? Infinity;
      out.push(src);
    }
    return out;
  }

  /** Every metric a cluster publishes (idle clusters publish none). */
  private clusterMetrics(src: MetricSource): { metric: MetricId; channel: number }[] {
    if (src.profile.idle) return [];
    const out: { metric: MetricId; channel: number }[] = [];
    for (const name of DSQL_METRICS) {
      if (name === "MultiRegionWriteDPU" && src.peers === 0) continue;
      out.push({ metric: { Namespace: DSQL_NAMESPACE, MetricName: name, Dimensions: [{ Name: "ClusterId", Value: src.identifier }] }, channel: CH[name] });
    }
    const usage = (metricName: string, type: string, resource: string) => ({
      Namespace: USAGE_NAMESPACE,
      MetricName: metricName,
      Dimensions: [
        { Name: "Service", Value: "AuroraDSQL" },
        { Name: "Type", Value: type },
        { Name: "Resource", Value: resource },
        { Name: "ResourceId", Value: `cluster/${src.identifier}` },
        { Name: "Class", Value: "None" },
      ],
    });
    out.push({ metric: usage("ResourceCount", "Resource", "ClusterConnectionCount"), channel: CH.Connections });
    out.push({ metric: usage("CallCount", "API", "DbConnect"), channel: CH.DbConnect });
    out.push({ metric: usage("CallCount", "API", "DbConnectAdmin"), channel: CH.DbConnectAdmin });
    return out;
  }

  private functionIndex(region: string): FunctionIndex {
    const cached = this.indexes.get(region);
    if (cached?.stamp === this.callStamp) return cached.index;
    const index: FunctionIndex = new Map();
    for (const src of this.clusterSources(region)) {
      for (const m of this.clusterMetrics(src)) index.set(metricKey(m.metric), { src, ...m });
    }
    this.indexes.set(region, { stamp: this.callStamp, index });
    return index;
  }

  /** Resolves a metric to its samples, or undefined when nothing was ever published under it. */
  private resolver(region: string): (m: MetricId) => SeriesSource | undefined {
    let index: FunctionIndex | undefined;
    const custom = this.state(region).custom;
    return (m) => {
      const key = metricKey(m);
      const stored = custom.get(key);
      if (stored) return storedSource(stored);
      if (m.Namespace !== DSQL_NAMESPACE && m.Namespace !== USAGE_NAMESPACE) return undefined;
      index ??= this.functionIndex(region);
      const f = index.get(key);
      if (!f) return undefined;
      const unit = unitOf(f.channel);
      const read = channelReader(f.src, f.channel);
      return {
        unit,
        agg: (s, e, now, u, into) => (u && u !== unit ? into : read(s, e, now, into)),
        samples: (s, e, now, u) => (u && u !== unit ? [] : samples(f.src, f.channel, s, e, now)),
      };
    };
  }

  // ---- GetMetricData --------------------------------------------------------------------------

  /** Parses and validates MetricDataQueries (shared with metric-math alarms). */
  parseQueries(raw: unknown, field: string, err = validationError, max = MAX_QUERIES): DataQuery[] {
    const items = list(raw, field, err);
    if (!items.length) throw err(`The parameter ${field} is required.`);
    if (items.length > max) throw err(`The collection ${field} must not have more than ${max} members.`);
    const ids = new Set<string>();
    return items.map((item, i) => {
      const at = `${field}.member.${i + 1}`;
      const q = obj(item, at, err) ?? {};
      const id = str(q.Id, `${at}.Id`, { required: true, max: 255, err })!;
      if (!/^[a-z][a-zA-Z0-9_]*$/.test(id)) throw err(`The value ${id} for parameter ${at}.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.`);
      if (ids.has(id)) throw err(`The values for parameter id in ${field} are not unique.`);
      ids.add(id);
      const ms = obj(q.MetricStat, `${at}.MetricStat`, err);
      const expression = str(q.Expression, `${at}.Expression`, { max: 2048, err });
      if (!!ms === (expression !== undefined)) throw err(`Exactly one element of the MetricStat or the Expression parameter must be specified for ${at}.`);
      const query: DataQuery = { id, label: str(q.Label, `${at}.Label`, { err }), returnData: bool(q.ReturnData, `${at}.ReturnData`, true) };
      const periodS = num(q.Period, `${at}.Period`, { integer: true, min: 1, err });
      if (periodS !== undefined && !validPeriod(periodS)) throw err(`The parameter ${at}.Period must be 1, 5, 10, 20, 30, or a multiple of 60.`);
      if (ms) {
        const metric = obj(ms.Metric, `${at}.MetricStat.Metric`, err);
        if (!metric) throw err(`The parameter ${at}.MetricStat.Metric is required.`);
        const p = num(ms.Period, `${at}.MetricStat.Period`, { required: true, integer: true, min: 1, err })!;
        if (!validPeriod(p)) throw err(`The parameter ${at}.MetricStat.Period must be 1, 5, 10, 20, 30, or a multiple of 60.`);
        const stat = str(ms.Stat, `${at}.MetricStat.Stat`, { required: true, err })!;
        if (!isStat(stat)) throw err(`The value ${stat} for parameter ${at}.MetricStat.Stat is not a valid statistic.`);
        query.stat = { metric: metricId(metric, `${at}.MetricStat.Metric`, err), periodS: p, stat, unit: str(ms.Unit, `${at}.MetricStat.Unit`, { err }) };
      } else {
        query.expression = expression;
        query.periodS = periodS;
      }
      return query;
    });
  }

  /**
   * Evaluates queries over a window as seen at `nowMs`: MetricStat queries from their sources,
   * expressions in dependency order. Returns every query's series (returned or not).
   */
  runQueries(region: string, queries: DataQuery[], startMs: number, endMs: number, nowMs: number, err = validationError): Map<string, QueryResult> {
    const resolve = this.resolver(region);
    const grids = new Map<number, number[]>();
    const grid = (p: number) => grids.get(p) ?? grids.set(p, bucketStarts(startMs, endMs, p, nowMs)).get(p)!;
    const results = new Map<string, QueryResult>();
    const byId = new Map(queries.map((q) => [q.id, q]));

    for (const q of queries) {
      if (!q.stat) continue;
      const { metric, periodS, stat, unit } = q.stat;
      const source = resolve(metric);
      const series: Series = { ts: [], vs: [] };
      if (source) {
        const acc = emptyAgg();
        const percentile = PERCENTILE.test(stat);
        for (const t of grid(periodS)) {
          const e = Math.min(t + periodS * 1000, endMs);
          resetAgg(acc);
          source.agg(t, e, nowMs, unit, acc);
          const v = statValue(stat, acc, percentile ? () => source.samples(t, e, nowMs, unit) : noSamples);
          if (v !== undefined) {
            series.ts.push(t);
            series.vs.push(v);
          }
        }
      }
      results.set(q.id, { id: q.id, label: q.label ?? metric.MetricName, series, messages: [] });
    }

    const parsed = new Map(queries.filter((q) => q.expression !== undefined).map((q) => {
      try {
        return [q.id, parseExpression(q.expression!)] as const;
      } catch (e) {
        throw err(`Error in expression ${q.id}: ${(e as Error).message}`);
      }
    }));
    const firstPeriod = queries.find((q) => q.stat)?.stat?.periodS ?? 60;
    const visiting = new Set<string>();
    const evalExpr = (id: string): QueryResult => {
      const done = results.get(id);
      if (done) return done;
      if (visiting.has(id)) throw err(`Error in expression ${id}: circular reference`);
      visiting.add(id);
      const q = byId.get(id)!;
      const node = parsed.get(id)!;
      const periodS = q.periodS ?? firstPeriod;
      for (const ref of references(node)) {
        if (!byId.has(ref) && !["REPEAT", "LINEAR"].includes(ref.toUpperCase())) throw err(`Error in expression ${id}: Unrecognized identifier '${ref}'`);
      }
      let result: QueryResult;
      try {
        const value = evaluate(node, {
          ref: (r) => (byId.has(r) ? evalExpr(r).series : undefined),
          metrics: () => queries.filter((x) => x.stat).map((x) => ({ id: x.id, series: results.get(x.id)!.series })),
          grid: grid(periodS),
          periodS,
        });
        const { series, dropped } = toSeries(value, grid(periodS));
        const messages = dropped
          ? [{ Code: "ArithmeticError", Value: "One or more data-points have been dropped due to non-numeric values (NaN, -Infinite, +Infinite)" }]
          : [];
        result = { id, label: q.label ?? id, series, messages };
      } catch (e) {
        if (e instanceof MathError) throw err(`Error in expression ${id}: ${e.message}`);
        throw e;
      }
      visiting.delete(id);
      results.set(id, result);
      return result;
    };
    for (const id of parsed.keys()) evalExpr(id);
    return results;
  }

  private getMetricData(input: Input, region: string) {
    const queries = this.parseQueries(input.MetricDataQueries, "MetricDataQueries");
    const startMs = time(input.StartTime, "StartTime", { required: true, err: validationError })!;
    const endMs = time(input.EndTime, "EndTime", { required: true, err: validationError })!;
    if (startMs >= endMs) throw validationError("The parameter StartTime must be less than the parameter EndTime.");
    const scanBy = str(input.ScanBy, "ScanBy", { err: validationError }) ?? "TimestampDescending";
    if (scanBy !== "TimestampDescending" && scanBy !== "TimestampAscending") throw validationError(`The value ${scanBy} for parameter ScanBy is not valid: use TimestampDescending or TimestampAscending.`);
    const maxPoints = num(input.MaxDatapoints, "MaxDatapoints", { integer: true, min: 1, err: validationError }) ?? DEFAULT_MAX_DATAPOINTS;

    // The page token pins "now", so later pages see the same data as the first.
    const request = JSON.stringify({ q: input.MetricDataQueries, s: startMs, e: endMs, b: scanBy }) ?? "";
    const fingerprint = hash32(request).toString(36);
    const token = decodeToken<{ n: number; o: number; f: string }>(input.NextToken, (t) => t.f === fingerprint && Number.isInteger(t.o) && t.o >= 0 && Number.isFinite(t.n));
    const nowMs = token?.n ?? this.clock.now();
    const offset = token?.o ?? 0;

    // Later pages reuse the first page's evaluation (same request, same pinned "now").
    const memoKey = `${region}|${nowMs}|${request}`;
    const results = (token && this.pageMemo.get(memoKey)) || this.runQueries(region, queries, startMs, endMs, nowMs);
    const out: unknown[] = [];
    let cursor = 0;
    let taken = 0;
    for (const q of queries) {
      if (!q.returnData) continue;
      const r = results.get(q.id)!;
      const { ts, vs } = r.series;
      const n = ts.length;
      // This query's points occupy [cursor, cursor + n) of the whole answer (in scan order); a
      // page is a window of it. Only the window is copied.
      const from = Math.min(n, Math.max(0, offset - cursor));
      const to = Math.min(n, from + Math.max(0, maxPoints - taken));
      cursor += n;
      taken += to - from;
      const timestamps: Date[] = [];
      const values: number[] = [];
      const desc = scanBy === "TimestampDescending";
      for (let i = from; i < to; i++) {
        const k = desc ? n - 1 - i : i;
        timestamps.push(new Date(ts[k]));
        values.push(vs[k]);
      }
      out.push({
        Id: r.id,
        Label: r.label,
        Timestamps: timestamps,
        Values: values,
        StatusCode: to < n ? "PartialData" : "Complete",
        ...(r.messages.length ? { Messages: r.messages } : {}),
      });
    }
    const next = offset + taken < cursor ? encodeToken({ n: nowMs, o: offset + taken, f: fingerprint }) : undefined;
    if (next) {
      this.pageMemo.set(memoKey, results);
      if (this.pageMemo.size > 4) this.pageMemo.delete(this.pageMemo.keys().next().value!);
    } else this.pageMemo.delete(memoKey);
    return { MetricDataResults: out, NextToken: next, Messages: [] };
  }

  // ---- GetMetricStatistics --------------------------------------------------------------------

  private getMetricStatistics(input: Input, region: string) {
    const metric = metricId(input, "");
    const startMs = time(input.StartTime, "StartTime", { required: true })!;
    const endMs = time(input.EndTime, "EndTime", { required: true })!;
    if (startMs >= endMs) throw invalidValue("The parameter StartTime must be less than the parameter EndTime.");
    const periodS = num(input.Period, "Period", { required: true, integer: true, min: 1 })!;
    if (!validPeriod(periodS)) throw invalidValue("The parameter Period must be 1, 5, 10, 20, 30, or a multiple of 60.");
    const stats = list(input.Statistics, "Statistics").map((s, i) => str(s, `Statistics.member.${i + 1}`)!);
    const ext = list(input.ExtendedStatistics, "ExtendedStatistics").map((s, i) => str(s, `ExtendedStatistics.member.${i + 1}`)!);
    if (!stats.length && !ext.length) throw missing("Statistics or ExtendedStatistics");
    if (stats.length && ext.length) throw invalidCombination("The parameters Statistics and ExtendedStatistics are mutually exclusive.");
    if (stats.length > 5 || ext.length > 10) throw invalidValue("Too many statistics: at most 5 Statistics or 10 ExtendedStatistics.");
    for (const s of stats) if (!isStat(s) || PERCENTILE.test(s)) throw invalidValue(`The value ${s} for parameter Statistics is not a valid statistic.`);
    for (const s of ext) if (!PERCENTILE.test(s)) throw invalidValue(`The value ${s} for parameter ExtendedStatistics is not a valid extended statistic.`);
    const unit = str(input.Unit, "Unit");
    const nowMs = this.clock.now();
    const buckets = bucketStarts(startMs, endMs, periodS, nowMs);
    if (buckets.length > GMS_MAX_DATAPOINTS) {
      throw invalidCombination(
        `You have requested up to ${buckets.length.toLocaleString("en-US")} datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
      );
    }
    const source = this.resolver(region)(metric);
    const datapoints: unknown[] = [];
    if (source) {
      for (const t of buckets) {
        const e = Math.min(t + periodS * 1000, endMs);
        const agg = source.agg(t, e, nowMs, unit, emptyAgg());
        if (agg.count === 0) continue;
        const dp: Record<string, unknown> = { Timestamp: new Date(t), Unit: unit ?? source.unit ?? "None" };
        for (const s of stats) dp[s] = statValue(s, agg, noSamples);
        if (ext.length) {
          const xs = source.samples(t, e, nowMs, unit);
          dp.ExtendedStatistics = Object.fromEntries(ext.map((s) => [s, statValue(s, agg, () => [...xs])]));
        }
        datapoints.push(dp);
      }
    }
    return { Label: metric.MetricName, Datapoints: datapoints };
  }

  // ---- ListMetrics ----------------------------------------------------------------------------

  private listMetrics(input: Input, region: string) {
    const namespace = str(input.Namespace, "Namespace");
    const metricName = str(input.MetricName, "MetricName");
    const filters = dimensions(input.Dimensions, "Dimensions", invalidValue, false);
    const recently = str(input.RecentlyActive, "RecentlyActive");
    if (recently !== undefined && recently !== "PT3H") throw invalidValue(`The value ${recently} for parameter RecentlyActive is not valid: use PT3H.`);
    const nowMs = this.clock.now();
    // CloudWatch lists metrics that received data in the last two weeks (three hours with RecentlyActive).
    const since = nowMs - (recently ? 3 * HOUR_MS : 14 * DAY_MS);
    const all: MetricId[] = [];
    for (const src of this.clusterSources(region)) {
      if (src.dataUntilMs < since || src.dataFromMs > nowMs) continue;
      for (const m of this.clusterMetrics(src)) all.push(m.metric);
    }
    for (const s of this.state(region).custom.values()) {
      if (s.points.length && s.points[s.points.length - 1].t >= since) all.push(s.metric);
    }
    const matches = all.filter(
      (m) =>
        (!namespace || m.Namespace === namespace) &&
        (!metricName || m.MetricName === metricName) &&
        filters.every((f) => m.Dimensions.some((d) => d.Name === f.Name && (f.Value === "" || d.Value === f.Value))),
    );
    matches.sort((a, b) => metricKey(a).localeCompare(metricKey(b)));
    const p = page(matches, input.NextToken, LIST_METRICS_PAGE, JSON.stringify({ namespace, metricName, filters, recently }));
    return { Metrics: p.items, NextToken: p.next };
  }

  // ---- PutMetricData --------------------------------------------------------------------------

  private putMetricData(input: Input, region: string) {
    const namespace = str(input.Namespace, "Namespace", { required: true, max: 255 })!;
    if (namespace.startsWith("AWS/")) throw invalidValue(`The value ${namespace} for parameter Namespace is invalid: the AWS/ prefix is reserved for AWS services.`);
    const data = list(input.MetricData, "MetricData");
    if (!data.length) throw missing("MetricData");
    if (data.length > 1000) throw invalidValue("The collection MetricData must not have more than 1000 members.");
    const nowMs = this.clock.now();
    const points: { key: string; metric: MetricId; point: StoredPoint }[] = data.map((d, i) => {
      const at = `MetricData.member.${i + 1}`;
      const o = obj(d, at) ?? {};
      const metric = { Namespace: namespace, MetricName: str(o.MetricName, `${at}.MetricName`, { required: true, max: 255 })!, Dimensions: dimensions(o.Dimensions, `${at}.Dimensions`) };
      const t = time(o.Timestamp, `${at}.Timestamp`) ?? nowMs;
      if (t < nowMs - 14 * DAY_MS || t > nowMs + 2 * HOUR_MS) throw invalidValue(`The parameter ${at}.Timestamp must specify a time no more than two weeks in the past and no more than two hours in the future.`);
      const unit = str(o.Unit, `${at}.Unit`) ?? "None";
      const value = num(o.Value, `${at}.Value`);
      const values = list(o.Values, `${at}.Values`).map((v, j) => num(v, `${at}.Values.member.${j + 1}`, { required: true })!);
      const counts = list(o.Counts, `${at}.Counts`).map((v, j) => num(v, `${at}.Counts.member.${j + 1}`, { required: true, min: 0 })!);
      const sv = obj(o.StatisticValues, `${at}.StatisticValues`);
      const given = [value !== undefined, values.length > 0, sv !== undefined].filter(Boolean).length;
      if (given !== 1) throw invalidCombination(`Exactly one of Value, Values or StatisticValues must be specified for ${at}.`);
      if (counts.length && counts.length !== values.length) throw invalidCombination(`${at}.Counts must have as many members as ${at}.Values.`);
      let point: StoredPoint;
      if (sv) {
        const n = (k: string) => num(sv[k], `${at}.StatisticValues.${k}`, { required: true })!;
        point = { t, sum: n("Sum"), min: n("Minimum"), max: n("Maximum"), count: n("SampleCount"), unit };
        if (point.count <= 0 || point.min > point.max) throw invalidValue(`The StatisticValues of ${at} are inconsistent.`);
      } else {
        const xs: number[] = [];
        const raw = value !== undefined ? [value] : values;
        raw.forEach((v, j) => {
          for (let k = 0; k < (counts[j] ?? 1); k++) xs.push(v);
        });
        point = { t, sum: xs.reduce((a, b) => a + b, 0), min: Math.min(...xs), max: Math.max(...xs), count: xs.length, values: xs, unit };
      }
      return { key: metricKey(metric), metric, point };
    });
    const custom = this.state(region).custom;
    for (const { key, metric, point } of points) {
      let s = custom.get(key);
      if (!s) custom.set(key, (s = { metric, points: [] }));
      const at = upperBound(s.points, point.t);
      s.points.splice(at, 0, point);
    }
    return {};
  }
}

function upperBound(points: StoredPoint[], t: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid].t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function storedSource(s: StoredSeries): SeriesSource {
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

