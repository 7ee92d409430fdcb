import { z } from "zod";
import type { Clock } from "../../clock";
import type { EmuRequest, EmuResponse } from "../../protocols/http";
import { json } from "../../protocols/http";
import { minuteRange, type MetricSource } from "../../scenario/metrics";
import { sessionSamples, sessionSeries, type SessionSeries } from "../../scenario/sessions";
import type { CloudWatchService } from "../cloudwatch";
import type { ClusterRecord, DsqlService } from "../dsql";
import { evaluate, LOOKBACK_MS, stepsOf, type Labels, type RawSeries, type SeriesSource } from "./evaluate";
import { parseDuration, parsePromQL, PromQLError, type Expr, type Matcher } from "./parse";
import { PromqlQuota, promqlThrottled } from "./quota";

/**
 * CloudWatch's Prometheus-compatible query API, on the monitoring endpoint of each Region and signed
 * with SigV4 for the service `monitoring` (as every CloudWatch call): QueryMetrics
 * (`/api/v1/query`, `/api/v1/query_range`), GetSeries (`/api/v1/series`) and GetLabels
 * (`/api/v1/labels`, `/api/v1/label/<name>/values`); GET with URL parameters or POST with a form
 * body; answers in the Prometheus HTTP API's JSON. It serves the scenario's Database Insights series
 * (scenario/sessions.ts) of the caller's account in the signed Region.
 * Documented behaviour reproduced (docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/
 * CloudWatch-PromQL-API-QueryMetrics.html, -GetSeries.html, -GetLabels.html, CloudWatch-PromQL.html):
 * a query must select a metric by name; `limit` 1..500 series (default 500) for queries, 1..10,000
 * for labels, and a longer answer is cut with a message in `warnings` (HTTP 200); times as RFC 3339
 * or Unix seconds; steps as a duration or seconds. IAM: cloudwatch:GetMetricData and
 * cloudwatch:ListMetrics for QueryMetrics, ListMetrics for the others.
 * Approximations: the docs name a 24-hour scan window without its exact rule (taken here as: a
 * query's range plus its widest range selector may not exceed 24 hours); Prometheus's own limit of
 * 11,000 points per series applies; the per-account TPS and concurrency quotas are modelled with
 * assumed figures (quota.ts), and faults.ts can throttle the operations by name. Pricing: PromQL querying was announced free during its preview;
 * DASH data has no charge of its own; the dashboard still counts its calls.
 */

export const PROMQL_OPERATIONS: Record<string, string> = {
  "/api/v1/query": "QueryMetrics",
  "/api/v1/query_range": "QueryMetrics",
  "/api/v1/series": "GetSeries",
  "/api/v1/labels": "GetLabels",
};
export const promqlOperation = (path: string) => PROMQL_OPERATIONS[path] ?? (/^\/api\/v1\/label\/[^/]+\/values$/.test(path) ? "GetLabels" : undefined);

export const MAX_QUERY_SERIES = 500;
export const MAX_LABELS = 10_000;
export const MAX_POINTS = 11_000;
export const SCAN_WINDOW_MS = 24 * 3_600_000;

/** When a cluster's column got a valid index (epoch ms), or undefined while it has none. */
export type IndexLookup = (rec: ClusterRecord, table: string, column: string) => Promise<number | undefined>;

const time = z.string().transform((s, ctx) => {
  const ms = /^-?\d+(\.\d+)?$/.test(s) ? Number(s) * 1000 : Date.parse(s);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: "custom", message: `cannot parse "${s}" to a valid timestamp` });
    return z.NEVER;
  }
  return ms;
});
const step = z.string().transform((s, ctx) => {
  let ms = NaN;
  try {
    ms = parseDuration(s);
  } catch {
    // reported below
  }
  if (!(ms > 0)) {
    ctx.addIssue({ code: "custom", message: `invalid parameter "step": cannot parse "${s}" to a valid duration` });
    return z.NEVER;
  }
  return ms;
});
const limit = (max: number) => z.coerce.number().int().min(1).max(max).optional();
const instantInput = z.object({ query: z.string().min(1), time: time.optional(), limit: limit(MAX_QUERY_SERIES) });
const rangeInput = z.object({ query: z.string().min(1), start: time, end: time, step, limit: limit(MAX_QUERY_SERIES) });
const seriesInput = z.object({ "match[]": z.array(z.string().min(1)).min(1), start: time.optional(), end: time.optional(), limit: limit(MAX_LABELS) });

const prometheusError = (status: number, errorType: string, error: string): EmuResponse => json(status, { status: "error", errorType, error });
const success = (data: unknown, warnings: string[]) => json(200, { status: "success", data, ...(warnings.length ? { warnings } : {}) });
/** Prometheus formats sample values as Go's strconv.FormatFloat(v, 'f', -1, 64). */
const sampleValue = (v: number) => (Number.isNaN(v) ? "NaN" : v === Infinity ? "+Inf" : v === -Infinity ? "-Inf" : String(v));

const anchored = new Map<string, RegExp>();
function matches(labels: Labels, m: Matcher): boolean {
  const v = labels[m.name] ?? "";
  if (m.op === "=") return v === m.value;
  if (m.op === "!=") return v !== m.value;
  let re = anchored.get(m.value);
  if (!re) anchored.set(m.value, (re = new RegExp(`^(?:${m.value})$`)));
  return m.op === "=~" ? re.test(v) : !re.test(v);
}
export const matchesAll = (labels: Labels, ms: Matcher[]) => ms.every((m) => matches(labels, m));

function selectorsOf(e: Expr): Matcher[][] {
  switch (e.kind) {
    case "selector":
      return [e.matchers];
    case "call":
      return e.args.flatMap(selectorsOf);
    case "agg":
      return [...(e.param ? selectorsOf(e.param) : []), ...selectorsOf(e.expr)];
    case "binary":
      return [...selectorsOf(e.lhs), ...selectorsOf(e.rhs)];
    case "neg":
      return selectorsOf(e.expr);
    default:
      return [];
  }
}
const widestRange = (e: Expr): number =>
  e.kind === "selector"
    ? (e.rangeMs ?? 0)
    : e.kind === "call"
      ? Math.max(0, ...e.args.map(widestRange))
      : e.kind === "agg"
        ? widestRange(e.expr)
        : e.kind === "binary"
          ? Math.max(widestRange(e.lhs), widestRange(e.rhs))
          : e.kind === "neg"
            ? widestRange(e.expr)
            : 0;

interface ScopedCluster {
  rec: ClusterRecord;
  src: MetricSource;
  series: SessionSeries[];
}

export class PromqlService {
  private readonly seriesCache = new Map<string, SessionSeries[]>();
  /** Index validity once seen: a completed build's time never changes, and sys.jobs forgets it after 30 minutes. */
  private readonly validSince = new Map<string, number>();
  /** Calls answered (tests and the health endpoint read it). */
  calls = 0;

  constructor(
    private readonly clock: Clock,
    private readonly dsql: DsqlService,
    private readonly cloudwatch: CloudWatchService,
    private readonly indexLookup: IndexLookup,
    readonly quota = new PromqlQuota(),
  ) {}

  async handle(req: EmuRequest, account: string): Promise<EmuResponse> {
    const operation = promqlOperation(req.path);
    if (!operation) return prometheusError(404, "not_found", `unknown API path ${req.path}`);
    if (req.method !== "GET" && !(req.method === "POST" && !req.path.startsWith("/api/v1/label/"))) return prometheusError(405, "bad_data", `method ${req.method} not allowed`);
    this.calls++;
    const admitted = this.quota.take(`${account}/${req.region}`);
    if (!admitted.ok) {
      const why = admitted.reason === "rate" ? `more than ${this.quota.options.tps} requests a second` : `more than ${this.quota.options.concurrency} queries at once`;
      return promqlThrottled(`Rate exceeded: account ${account} sent ${why} to the PromQL API in ${req.region}`, admitted.retryAfterS);
    }
    try {
      return await this.answer(req, account);
    } finally {
      admitted.release();
    }
  }

  private async answer(req: EmuRequest, account: string): Promise<EmuResponse> {
    const params = new URLSearchParams(req.query);
    if (req.method === "POST") for (const [k, v] of new URLSearchParams(req.body.toString("utf8"))) params.append(k, v);
    const raw = (...names: string[]) =>
      // An absent match[] stays absent (GetLabels may omit it), rather than an empty list that fails min(1).
      Object.fromEntries(names.flatMap((n): [string, string | string[]][] => (!params.has(n) ? [] : n.endsWith("[]") ? [[n, params.getAll(n)]] : [[n, params.get(n)!]])));
    try {
      const scope = this.scope(req.region, account);
      if (req.path === "/api/v1/query") return await this.instant(instantInput.parse(raw("query", "time", "limit")), scope);
      if (req.path === "/api/v1/query_range") return await this.range(rangeInput.parse(raw("query", "start", "end", "step", "limit")), scope);
      const label = /^\/api\/v1\/label\/([^/]+)\/values$/.exec(req.path)?.[1];
      const input =
        req.path === "/api/v1/series" ? seriesInput.parse(raw("match[]", "start", "end", "limit")) : seriesInput.partial({ "match[]": true }).parse(raw("match[]", "start", "end", "limit"));
      return await this.metadata(req.path, input, scope, label === undefined ? undefined : decodeURIComponent(label));
    } catch (err) {
      if (err instanceof z.ZodError) {
        const issue = err.issues[0];
        return prometheusError(400, "bad_data", `invalid parameter "${issue.path.join(".") || "query"}": ${issue.message}`);
      }
      if (err instanceof PromQLError) return prometheusError(err.errorType === "execution" ? 422 : 400, err.errorType, err.message);
      throw err;
    }
  }

  /** The clusters the caller sees in the Region, with their series (as for GetMetricData). */
  private scope(region: string, account: string): ScopedCluster[] {
    const records = new Map([...this.dsql.all(), ...this.dsql.deleted].map((r) => [r.arn, r]));
    return this.cloudwatch.clusterSources(region, account).flatMap((src) => {
      const rec = records.get(src.key.slice(0, src.key.lastIndexOf("@")));
      if (!rec) return [];
      let series = this.seriesCache.get(rec.arn);
      if (!series) this.seriesCache.set(rec.arn, (series = sessionSeries(rec)));
      return [{ rec, src, series }];
    });
  }

  /** Resolves, before evaluating, when the scans a query touches stopped (their index became valid). */
  private async scansFor(scope: ScopedCluster[], selectors: Matcher[][]): Promise<(c: ScopedCluster, s: SessionSeries) => number> {
    const key = (c: ScopedCluster, s: SessionSeries) => `${c.rec.arn}|${s.scan!.table}|${s.scan!.column}`;
    for (const c of scope) {
      for (const s of c.series) {
        if (!s.scan || this.validSince.has(key(c, s)) || !selectors.some((ms) => matchesAll(s.labels, ms))) continue;
        const at = await this.indexLookup(c.rec, s.scan.table, s.scan.column);
        if (at !== undefined) this.validSince.set(key(c, s), at);
      }
    }
    return (c, s) => (s.scan ? (this.validSince.get(key(c, s)) ?? Infinity) : Infinity);
  }

  private source(scope: ScopedCluster[], validFrom: (c: ScopedCluster, s: SessionSeries) => number): SeriesSource {
    return {
      select: (ms, fromMs, toMs): RawSeries[] =>
        scope.flatMap((c) => {
          const chosen = c.series.filter((s) => matchesAll(s.labels, ms));
          // Samples sit at minute starts: the minutes in (from, to] that are published and have data.
          const [lo, hi] = chosen.length ? minuteRange(c.src, fromMs + 1, toMs + 1, this.clock.now()) : [0, 0];
          if (hi <= lo) return [];
          return sessionSamples(c.src, chosen, lo, hi, (s) => validFrom(c, s))
            .map((samples, i) => ({ labels: chosen[i].labels, ...samples }))
            .filter((s) => s.times.length > 0);
        }),
    };
  }

  private async run(query: string, scope: ScopedCluster[], startMs: number, endMs: number, stepMs: number) {
    const expr = parsePromQL(query);
    if (endMs < startMs) throw new PromQLError("end timestamp must not be before start time");
    if ((endMs - startMs) / stepMs + 1 > MAX_POINTS) throw new PromQLError("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
    if (endMs - startMs + widestRange(expr) > SCAN_WINDOW_MS) throw new PromQLError("the query scans more than the 24-hour window a PromQL query may cover; split it into shorter ranges");
    const validFrom = await this.scansFor(scope, selectorsOf(expr));
    return evaluate(expr, this.source(scope, validFrom), { startMs, endMs, stepMs });
  }

  private truncate<T>(items: T[], max: number, what: string): { items: T[]; warnings: string[] } {
    return items.length > max ? { items: items.slice(0, max), warnings: [`results truncated: ${items.length} ${what} matched, limit is ${max}`] } : { items, warnings: [] };
  }

  private async instant(input: z.infer<typeof instantInput>, scope: ScopedCluster[]): Promise<EmuResponse> {
    const at = input.time ?? this.clock.now();
    const v = await this.run(input.query, scope, at, at, 1000);
    const ts = at / 1000;
    if (v.kind === "scalar") return success({ resultType: "scalar", result: [ts, sampleValue(v.values[0])] }, []);
    const { items, warnings } = this.truncate(v.series, input.limit ?? MAX_QUERY_SERIES, "series");
    return success({ resultType: "vector", result: items.map((s) => ({ metric: s.labels, value: [ts, sampleValue(s.values[0])] })) }, warnings);
  }

  private async range(input: z.infer<typeof rangeInput>, scope: ScopedCluster[]): Promise<EmuResponse> {
    const v = await this.run(input.query, scope, input.start, input.end, input.step);
    const steps = stepsOf({ startMs: input.start, endMs: input.end, stepMs: input.step });
    const series = v.kind === "scalar" ? [{ labels: {}, values: v.values }] : v.series;
    const { items, warnings } = this.truncate(series, input.limit ?? MAX_QUERY_SERIES, "series");
    const result = items.map((s) => ({ metric: s.labels, values: steps.flatMap((t, i) => (Number.isNaN(s.values[i]) ? [] : [[t / 1000, sampleValue(s.values[i])]])) }));
    return success({ resultType: "matrix", result }, warnings);
  }

  /** GetSeries and GetLabels: the label sets with a sample in the window (the last hour by default). */
  private async metadata(path: string, input: { "match[]"?: string[]; start?: number; end?: number; limit?: number }, scope: ScopedCluster[], label?: string): Promise<EmuResponse> {
    const end = input.end ?? this.clock.now();
    const start = input.start ?? end - 3_600_000;
    const selectors = (input["match[]"] ?? []).map((m) => {
      const e = parsePromQL(m);
      if (e.kind !== "selector" || e.rangeMs !== undefined) throw new PromQLError(`invalid parameter "match[]": ${m} is not a series selector`);
      if (!e.matchers.some((x) => x.name === "__name__" && x.op === "=")) throw new PromQLError("match[] must select a metric by name (an equality matcher on __name__)");
      return e.matchers;
    });
    const source = this.source(scope, await this.scansFor(scope, selectors.length ? selectors : [[]]));
    // Without match[], every series counts (GetLabels); each selector contributes its own.
    const found = selectors.length ? selectors.flatMap((ms) => source.select(ms, start - LOOKBACK_MS, end)) : source.select([], start - LOOKBACK_MS, end);
    const sets = [...new Map(found.map((s) => [JSON.stringify(s.labels), s.labels])).values()];
    if (path === "/api/v1/series") {
      const { items, warnings } = this.truncate(sets, input.limit ?? MAX_LABELS, "series");
      return success(items, warnings);
    }
    const names = label === undefined ? sets.flatMap((s) => Object.keys(s)) : sets.flatMap((s) => (s[label] === undefined ? [] : [s[label]]));
    const { items, warnings } = this.truncate([...new Set(names)].sort(), input.limit ?? MAX_LABELS, label === undefined ? "labels" : "values");
    return success(items, warnings);
  }
}
