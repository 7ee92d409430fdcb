import type { Clock } from "../../clock";
import { DEFAULT_ACCOUNT } from "../../protocols/http";
import { AwsError } from "../../protocols/errors";
import { seedDemoAlarms } from "../../scenario/alarms";
import { CH, DSQL_METRICS, DSQL_NAMESPACE, emptyAgg, HOUR_MS, unitOf, USAGE_NAMESPACE, type MetricSource } from "../../scenario/metrics";
import { CREATE_MS, type ClusterRecord, type DsqlService } from "../dsql";
import { Alarms } from "./alarms/model";
import { ALARM_OPERATIONS } from "./alarms/operations";
import { isStat, metricId, metricKey, validationError, validPeriod, type Input, type MetricId } from "./input";
import { evaluate, MathError, parseExpression, references, toSeries, type Series } from "./metric-math";
import { getMetricData, getMetricStatistics, listMetrics, putMetricData } from "./metric-data";
import {
  MAX_QUERIES,
  noSamples,
  resetAgg,
  statValue,
  storedSource,
  bucketStarts,
  type DataQuery,
  type FunctionIndex,
  type MetricBackend,
  type QueryResult,
  type RegionState,
  type SeriesSource,
} from "./model";
import { PERCENTILE, bool, list, num, obj, str } from "./input";
import { channelReader, samples, warmHours } from "../../scenario/metric-cache";

/**
 * CloudWatch: metrics of the emulated clusters as functions of time, stored custom metrics, alarms.
 * Every operation the emulator answers, and the module that answers it:
 */
const OPERATIONS: Record<string, (cw: CloudWatchService, input: Input, region: string, account: string) => unknown> = {
  GetMetricData: getMetricData, // metric-data.ts
  GetMetricStatistics: getMetricStatistics,
  ListMetrics: listMetrics,
  PutMetricData: putMetricData,
  // alarms/operations.ts: PutMetricAlarm, DescribeAlarms, DescribeAlarmsForMetric, DescribeAlarmHistory, DeleteAlarms, SetAlarmState, tags
  ...Object.fromEntries(Object.entries(ALARM_OPERATIONS).map(([op, handler]) => [op, (cw: CloudWatchService, input: Input, region: string) => handler(cw.alarms, input, region)])),
};

export class CloudWatchService implements MetricBackend {
  private readonly states = new Map<string, RegionState>();
  /** Clusters seen so far, so a deleted cluster's history stays readable (as in CloudWatch). */
  private readonly sources = new Map<string, { rec: ClusterRecord; src: MetricSource }>();

  readonly alarms: Alarms;
  /** Evaluations of recent paginated GetMetricData requests, by request and pinned time. */
  readonly pageMemo = new Map<string, Map<string, QueryResult>>();
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
    const queue = this.dsql
      .regionNames()
      .flatMap((r) => this.clusterSources(r))
      .map((src) => ({ src, next: toHour }));
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

  /** One CloudWatch call. Simplification: alarms and PutMetricData's custom metrics are kept per Region, not yet per account. */
  async call(operation: string, input: Record<string, unknown>, region: string, account: string = DEFAULT_ACCOUNT): Promise<unknown> {
    this.callStamp++;
    const handler = OPERATIONS[operation];
    if (!handler) throw new AwsError("InvalidAction", `The action ${operation} is not valid for this web service.`, 400);
    return handler(this, input, region, account);
  }

  // ---- metric sources -------------------------------------------------------------------------

  /** The clusters of a region (including deleted ones seen before) as metric sources; of one account when given (metrics belong to the cluster's account). */
  clusterSources(region: string, account?: string): MetricSource[] {
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
      if (rec.region !== region || (account !== undefined && rec.account !== account)) continue;
      // No datapoints while CREATING; none after deletion started.
      src.dataFromMs = rec.createStartedAt !== undefined ? Math.max(rec.creationTime, this.clock.endOf(rec.createStartedAt, CREATE_MS)) : rec.creationTime;
      src.dataUntilMs = rec.deleteStartedAt ?? Infinity;
      out.push(src);
    }
    return out;
  }

  /** Every metric a cluster publishes (idle clusters publish none). */
  clusterMetrics(src: MetricSource): { metric: MetricId; channel: number }[] {
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

  private functionIndex(region: string, account?: string): FunctionIndex {
    const key = `${account ?? "*"}|${region}`;
    const cached = this.indexes.get(key);
    if (cached?.stamp === this.callStamp) return cached.index;
    const index: FunctionIndex = new Map();
    for (const src of this.clusterSources(region, account)) {
      for (const m of this.clusterMetrics(src)) index.set(metricKey(m.metric), { src, ...m });
    }
    this.indexes.set(key, { stamp: this.callStamp, index });
    return index;
  }

  /** Resolves a metric to its samples, or undefined when nothing was ever published under it. */
  resolver(region: string, account?: string): (m: MetricId) => SeriesSource | undefined {
    let index: FunctionIndex | undefined;
    const custom = this.state(region).custom;
    return (m) => {
      const key = metricKey(m);
      const stored = custom.get(key);
      if (stored) return storedSource(stored);
      if (m.Namespace !== DSQL_NAMESPACE && m.Namespace !== USAGE_NAMESPACE) return undefined;
      index ??= this.functionIndex(region, account);
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
  runQueries(region: string, queries: DataQuery[], startMs: number, endMs: number, nowMs: number, err = validationError, account?: string): Map<string, QueryResult> {
    const resolve = this.resolver(region, account);
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

    const parsed = new Map(
      queries
        .filter((q) => q.expression !== undefined)
        .map((q) => {
          try {
            return [q.id, parseExpression(q.expression!)] as const;
          } catch (e) {
            throw err(`Error in expression ${q.id}: ${(e as Error).message}`);
          }
        }),
    );
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
        const messages = dropped ? [{ Code: "ArithmeticError", Value: "One or more data-points have been dropped due to non-numeric values (NaN, -Infinite, +Infinite)" }] : [];
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
}
