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
import { DEFAULT_MAX_DATAPOINTS, GMS_MAX_DATAPOINTS, LIST_METRICS_PAGE, type MetricBackend, type StoredPoint, bucketStarts, noSamples, statValue, upperBound } from "./model";

/** The metric operations: GetMetricData, GetMetricStatistics, ListMetrics and PutMetricData. */

export function getMetricData(cw: MetricBackend, input: Input, region: string, account?: string) {
  const queries = cw.parseQueries(input.MetricDataQueries, "MetricDataQueries");
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
      StatusCode: to < n ? "PartialData" : "Complete",
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

export function getMetricStatistics(cw: MetricBackend, input: Input, region: string, account?: string) {
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
  const source = cw.resolver(region, account)(metric);
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

export function listMetrics(cw: MetricBackend, input: Input, region: string, account?: string) {
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

// ---- PutMetricData --------------------------------------------------------------------------

export function putMetricData(cw: MetricBackend, input: Input, region: string) {
  const namespace = str(input.Namespace, "Namespace", { required: true, max: 255 })!;
  if (namespace.startsWith("AWS/")) throw invalidValue(`The value ${namespace} for parameter Namespace is invalid: the AWS/ prefix is reserved for AWS services.`);
  const data = list(input.MetricData, "MetricData");
  if (!data.length) throw missing("MetricData");
  if (data.length > 1000) throw invalidValue("The collection MetricData must not have more than 1000 members.");
  const nowMs = cw.clock.now();
  const points: { key: string; metric: MetricId; point: StoredPoint }[] = data.map((d, i) => {
    const at = `MetricData.member.${i + 1}`;
    const o = obj(d, at) ?? {};
    const metric = { Namespace: namespace, MetricName: str(o.MetricName, `${at}.MetricName`, { required: true, max: 255 })!, Dimensions: dimensions(o.Dimensions, `${at}.Dimensions`) };
    const t = time(o.Timestamp, `${at}.Timestamp`) ?? nowMs;
    if (t < nowMs - 14 * DAY_MS || t > nowMs + 2 * HOUR_MS)
      throw invalidValue(`The parameter ${at}.Timestamp must specify a time no more than two weeks in the past and no more than two hours in the future.`);
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
  const custom = cw.state(region).custom;
  for (const { key, metric, point } of points) {
    let s = custom.get(key);
    if (!s) custom.set(key, (s = { metric, points: [] }));
    const at = upperBound(s.points, point.t);
    s.points.splice(at, 0, point);
  }
  return {};
}
