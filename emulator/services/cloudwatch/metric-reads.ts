import { DAY_MS, HOUR_MS, emptyAgg } from "../../scenario/metrics";
import { hash32 } from "../../scenario/random";
import {
  type Input,
  type MetricId,
  PERCENTILE,
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
  str,
  time,
  validPeriod,
  validationError,
} from "./input";
import { DEFAULT_MAX_DATAPOINTS, GMS_MAX_DATAPOINTS, LIST_METRICS_PAGE, bucketStarts, noSamples, statValue } from "./model";
import { FORBIDDEN } from "./query-eval";
import { parseQueries } from "./query-input";
import type { CloudWatchState } from "./state";

/** The metric reads: GetMetricData, GetMetricStatistics and ListMetrics. */

export function getMetricData(cw: CloudWatchState, input: Input, region: string, account?: string) {
  const queries = parseQueries(input.MetricDataQueries, "MetricDataQueries");
  const startMs = time(input.StartTime, "StartTime", { required: true, err: validationError })!;
  const endMs = time(input.EndTime, "EndTime", { required: true, err: validationError })!;
  if (startMs >= endMs) throw validationError("The parameter StartTime must be less than the parameter EndTime.");
  const scanBy = str(input.ScanBy, "ScanBy", { err: validationError }) ?? "TimestampDescending";
  if (scanBy !== "TimestampDescending" && scanBy !== "TimestampAscending")
    throw validationError(`The value ${scanBy} for parameter ScanBy is not valid: use TimestampDescending or TimestampAscending.`);
  const maxPoints = num(input.MaxDatapoints, "MaxDatapoints", { integer: true, min: 1, err: validationError }) ?? DEFAULT_MAX_DATAPOINTS;

  // The page token pins "now", so later pages see the same data as the first.
  const request = JSON.stringify({ q: input.MetricDataQueries, s: startMs, e: endMs, b: scanBy }) ?? "";
  const fingerprint = hash32(request).toString(36);
  const token = decodeToken<{ n: number; o: number; f: string }>(input.NextToken, (t) => t.f === fingerprint && Number.isInteger(t.o) && t.o >= 0 && Number.isFinite(t.n));
  const nowMs = token?.n ?? cw.clock.now();
  const offset = token?.o ?? 0;

  // Later pages reuse the first page's evaluation (same request, same pinned "now").
  const memoKey = `${account ?? "*"}|${region}|${nowMs}|${request}`;
  const results = (token && cw.pageMemo.get(memoKey)) || cw.runQueries(region, queries, startMs, endMs, nowMs, undefined, account);
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
      StatusCode: r.forbidden ? "Forbidden" : to < n ? "PartialData" : "Complete",
      ...(r.messages.length ? { Messages: r.messages } : {}),
    });
  }
  const next = offset + taken < cursor ? encodeToken({ n: nowMs, o: offset + taken, f: fingerprint }) : undefined;
  if (next) {
    cw.pageMemo.set(memoKey, results);
    if (cw.pageMemo.size > 4) cw.pageMemo.delete(cw.pageMemo.keys().next().value!);
  } else cw.pageMemo.delete(memoKey);
  return { MetricDataResults: out, NextToken: next, Messages: [] };
}

// ---- GetMetricStatistics --------------------------------------------------------------------

export function getMetricStatistics(cw: CloudWatchState, input: Input, region: string, account?: string) {
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
  const nowMs = cw.clock.now();
  const buckets = bucketStarts(startMs, endMs, periodS, nowMs);
  if (buckets.length > GMS_MAX_DATAPOINTS) {
    throw invalidCombination(
      `You have requested up to ${buckets.length.toLocaleString("en-US")} datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    );
  }
  // No account named: the caller's own metric, never refused.
  const found = cw.resolver(region, account)(metric);
  const source = found === FORBIDDEN ? undefined : found;
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

export function listMetrics(cw: CloudWatchState, input: Input, region: string, account?: string) {
  const namespace = str(input.Namespace, "Namespace");
  const metricName = str(input.MetricName, "MetricName");
  const filters = dimensions(input.Dimensions, "Dimensions", invalidValue, false);
  const recently = str(input.RecentlyActive, "RecentlyActive");
  if (recently !== undefined && recently !== "PT3H") throw invalidValue(`The value ${recently} for parameter RecentlyActive is not valid: use PT3H.`);
  const nowMs = cw.clock.now();
  // CloudWatch lists metrics that received data in the last two weeks (three hours with RecentlyActive).
  const since = nowMs - (recently ? 3 * HOUR_MS : 14 * DAY_MS);
  const all: MetricId[] = [];
  for (const src of cw.clusterSources(region, account)) {
    if (src.dataUntilMs < since || src.dataFromMs > nowMs) continue;
    for (const m of cw.clusterMetrics(src)) all.push(m.metric);
  }
  for (const s of cw.state(region).custom.values()) {
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
