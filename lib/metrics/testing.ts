import type { GetMetricDataCommandInput, MetricDataQuery, MetricDataResult } from "@aws-sdk/client-cloudwatch";
import type { GetMetricData } from "./engine";

/**
 * A small stand-in for CloudWatch's GetMetricData for unit tests: answers from a value function,
 * pages by `pageSize` datapoints per query with NextToken, evaluates `100 * a / b`, and records
 * every call. Everything else reaches CloudWatch one way, the emulator through the endpoint
 * variables: this stand-in is kept only for the engine's unit tests, which need hand-chosen exact
 * values, per-query statuses and a controlled clock that the emulator's scenario cannot give.
 */

export interface FakeOptions {
  /** Value of a metric at a bucket start (epoch ms); undefined = no datapoint. */
  value?: (metric: string, dims: Record<string, string>, t: number, period: number) => number | undefined;
  pageSize?: number;
  /** Per-query status override (e.g. Forbidden) by metric name. */
  statusFor?: (metric: string) => { StatusCode: "InternalError" | "Forbidden"; message: string } | undefined;
  delayMs?: number;
  fail?: Error;
}

export function fakeCloudWatch(opts: FakeOptions = {}) {
  const calls: { region: string; input: GetMetricDataCommandInput }[] = [];
  const value = opts.value ?? ((metric) => (metric === "OccConflicts" ? 2 : 100));
  const pageSize = opts.pageSize ?? Infinity;

  const series = (q: MetricDataQuery, start: number, end: number): [number, number][] => {
    const stat = q.MetricStat!;
    const period = stat.Period! * 1000;
    const dims = Object.fromEntries((stat.Metric!.Dimensions ?? []).map((d) => [d.Name!, d.Value!]));
    const out: [number, number][] = [];
    for (let t = start; t < end; t += period) {
      const v = value(stat.Metric!.MetricName!, dims, t, stat.Period!);
      if (v !== undefined) out.push([t, v]);
    }
    return out;
  };

  const send: GetMetricData = async (scope, input) => {
    calls.push({ region: scope.region, input });
    if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
    if (opts.fail) throw opts.fail;
    const start = (input.StartTime as Date).getTime();
    const end = (input.EndTime as Date).getTime();
    const page = Number(input.NextToken ?? 0);
    const queries = input.MetricDataQueries ?? [];
    const full = new Map<string, [number, number][]>();
    for (const q of queries) if (q.MetricStat) full.set(q.Id!, series(q, start, end));
    let more = false;
    const results: MetricDataResult[] = [];
    for (const q of queries) {
      if (q.ReturnData === false) continue;
      let pts: [number, number][];
      let partial = false;
      if (q.Expression) {
        if (page > 0) continue;
        const m = /^100 \* (\w+) \/ (\w+)$/.exec(q.Expression);
        if (!m) throw new Error(`fake CloudWatch cannot evaluate ${q.Expression}`);
        const den = new Map(full.get(m[2]));
        pts = (full.get(m[1]) ?? []).filter(([t]) => den.get(t)).map(([t, v]) => [t, (100 * v) / den.get(t)!]);
      } else {
        const status = opts.statusFor?.(q.MetricStat!.Metric!.MetricName!);
        if (status) {
          if (page === 0) results.push({ Id: q.Id, StatusCode: status.StatusCode, Messages: [{ Code: status.StatusCode, Value: status.message }], Timestamps: [], Values: [] });
          continue;
        }
        const all = full.get(q.Id!)!;
        pts = all.slice(page * pageSize, (page + 1) * pageSize);
        partial = all.length > (page + 1) * pageSize;
        more ||= partial;
      }
      results.push({ Id: q.Id, Label: q.Label ?? q.Id, Timestamps: pts.map(([t]) => new Date(t)), Values: pts.map(([, v]) => v), StatusCode: partial ? "PartialData" : "Complete" });
    }
    return { MetricDataResults: results, NextToken: more ? String(page + 1) : undefined, Messages: [] };
  };

  return { send, calls };
}
