import { DAY_MS, HOUR_MS } from "../../scenario/metrics";
import { dimensions, invalidCombination, invalidValue, list, metricKey, missing, num, obj, str, time, type Input, type MetricId } from "./input";
import type { StoredPoint } from "./model";
import type { CloudWatchState } from "./state";

/** PutMetricData: decodes and checks the datapoints, then stores them as custom metrics of the Region. */
export function putMetricData(cw: CloudWatchState, input: Input, region: string) {
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
  cw.store(region, points);
  return {};
}
