import { MAX_QUERIES, type DataQuery } from "./model";
import { bool, isStat, list, metricId, num, obj, str, validationError, validPeriod } from "./input";

/** Parses and validates MetricDataQueries (shared with metric-math alarms). */
export function parseQueries(raw: unknown, field: string, err = validationError, max = MAX_QUERIES): DataQuery[] {
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
    const accountId = str(q.AccountId, `${at}.AccountId`, { max: 255, err });
    if (accountId !== undefined) {
      if (!/^\d{12}$/.test(accountId)) throw err(`The value ${accountId} for parameter ${at}.AccountId is not a valid account id.`);
      query.accountId = accountId;
    }
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

