import { GetMetricDataCommand, type GetMetricDataCommandInput, type GetMetricDataCommandOutput, type MessageData } from "@aws-sdk/client-cloudwatch";
import { cloudWatchClient } from "../aws/clients";
import { config } from "../aws/config";
import { type Scope } from "../aws/scope";
import { TtlCache } from "../cache";
import { mapLimit } from "../concurrency";
import { METRICS, type MetricKey, type MetricUnit } from "./catalog";
import { alignWindow, choosePeriod, retentionMinPeriod, type Window } from "./period";
import type { Loaded, MetricSeries, RawSeries, SeriesStatus, SharedAnswers } from "./answer";
import { plan, seriesKey, type Batch, type Plan, type SeriesSpec } from "./planner";
import { loadShared } from "./shared-load";
import { storeAnswers } from "./shared-answers";

export type { MetricSeries, SeriesStatus };

/**
 * The metrics engine: every CloudWatch read of the dashboard goes through `fetch`. It chooses
 * periods, plans the calls, follows every NextToken, caches per (account, region, queries, aligned
 * window) for as long as the answer can be trusted (`answerMaxAgeMs`), coalesces identical
 * requests in flight, and returns domain series with their status, never SDK shapes.
 */

export interface MetricsQuery {
  account: string;
  region: string;
  window: Window;
  /**
   * `period` is a wish: it is raised to what the window allows (points, retention). With
   * `exactPeriod` it is used as given (a caller that needs a bucket boundary at a given instant,
   * such as the overview's "last hour"); it must then suit the window's retention.
   */
  /** `account`: the cluster's account when it is not the query's (read from a monitoring account). */
  series: { account?: string; cluster: string; metric: MetricKey; period?: number; exactPeriod?: boolean }[];
}

export interface MetricsResult {
  account: string;
  region: string;
  /** The window after alignment to the periods. */
  window: Window;
  series: MetricSeries[];
  /** Messages about the request as a whole. */
  messages: string[];
  /** Queries sent (expression inputs included) and GetMetricData calls made for them. */
  queries: number;
  calls: number;
  cached: boolean;
  /** Until when (epoch ms) asking again returns this same answer: a poller need not come sooner. */
  freshUntil: number;
}

export type GetMetricData = (scope: Scope, input: GetMetricDataCommandInput) => Promise<Pick<GetMetricDataCommandOutput, "MetricDataResults" | "NextToken" | "Messages">>;

const MIN_TTL_MS = 60_000;
/** A closed window's answer never changes: it is kept until the cache needs the room, up to this. */
export const CLOSED_TTL_MS = 6 * 3_600_000;
/** A runaway NextToken loop stops here and the series say they are partial. */
const MAX_PAGES = 50;
const CALL_CONCURRENCY = 4;
/** How long after a bucket ends a missing datapoint is taken to mean zero. */
export const PUBLISH_LAG_MS = 3 * 60_000;

export const sdkGetMetricData: GetMetricData = (scope, input) => cloudWatchClient(scope).send(new GetMetricDataCommand(input));

const messageText = (m: MessageData) => [m.Code, m.Value].filter(Boolean).join(": ");

function statusOf(code: string | undefined): SeriesStatus {
  if (code === "Complete" || code === undefined) return "complete";
  if (code === "PartialData") return "partial";
  return "error";
}

/**
 * How long an answer is kept. A window that ended before CloudWatch's publishing delay is closed:
 * its datapoints are final. Otherwise the newest bucket keeps filling, and the answer is kept a
 * tenth of the finest period asked (a 1-hour panel is read every 6 minutes, not every minute),
 * at least a minute and at most `maxOpenMs`.
 */
export function answerMaxAgeMs(periodsS: number[], window: Window, nowMs: number, maxOpenMs: number): number {
  if (window.endMs <= nowMs - PUBLISH_LAG_MS) return CLOSED_TTL_MS;
  return Math.max(MIN_TTL_MS, Math.min(maxOpenMs, (Math.min(...periodsS) * 1000) / 10));
}

export interface EngineOptions {
  send?: GetMetricData;
  now?: () => number;
  /** The longest an open window's answer is kept (default: DSQL_OPS_METRICS_MAX_AGE_S). */
  maxOpenMs?: number;
  cache?: TtlCache<Loaded>;
  shared?: SharedAnswers;
  /** How long an instance waits for another's answer before asking CloudWatch itself. */
  sharedWaitMs?: number;
}

export interface MetricsEngine {
  fetch(q: MetricsQuery): Promise<MetricsResult>;
  /** The plan `fetch` would run, without running it (the benchmark and tests read it). */
  plan(q: MetricsQuery): { plan: Plan; window: Window; specs: SeriesSpec[] };
  /* The series of a result are shared by every caller of the same minute: treat them as read-only. */
}

function exact(period: number | undefined, w: Window, t: number): number {
  const min = retentionMinPeriod(Math.max(0, (t - w.startMs) / 1000));
  if (!period || period % min !== 0) throw new Error(`an exact period must be a multiple of ${min} s for this window, not ${period}`);
  return period;
}

export function createMetricsEngine(opts: EngineOptions = {}): MetricsEngine {
  const send = opts.send ?? sdkGetMetricData;
  const now = opts.now ?? Date.now;
  const cache = opts.cache ?? new TtlCache<Loaded>(500, now);
  const shared = opts.shared;
  const sharedWaitMs = opts.sharedWaitMs ?? 10_000;
  const maxOpenMs = opts.maxOpenMs ?? config().metricsMaxAgeS * 1000;

  /** Periods, aligned window and cache key of a request; cheap, because warm requests stop here. */
  function resolve(q: MetricsQuery) {
    const t = now();
    // Few distinct period wishes per request (one per metric kind): choose each once.
    const memo = (w: Window) => {
      const chosen = new Map<number | undefined, number>();
      return (wanted: number | undefined) => chosen.get(wanted) ?? chosen.set(wanted, choosePeriod(w, t, wanted)).get(wanted)!;
    };
    const first = memo(q.window);
    const window = alignWindow(q.window, Math.max(60, ...new Set(q.series.filter((s) => !s.exactPeriod).map((s) => first(s.period)))));
    // Alignment can widen the window by a period: check the periods again against it.
    const second = memo(window);
    const specs: SeriesSpec[] = q.series.map((s) => ({
      ...(s.account && { account: s.account }),
      cluster: s.cluster,
      metric: s.metric,
      period: s.exactPeriod ? exact(s.period, window, t) : second(first(s.period)),
    }));
    // The request order is part of the key: the assembled series are kept in that order.
    const key = `${q.account}|${q.region}|${window.startMs}|${window.endMs}|${specs.map(seriesKey).join(",")}`;
    return { window, specs, key };
  }

  async function callBatch(scope: Scope, window: Window, batch: Batch, out: Loaded) {
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await send(scope, {
        MetricDataQueries: batch.queries,
        StartTime: new Date(window.startMs),
        EndTime: new Date(window.endMs),
        ScanBy: "TimestampAscending",
        NextToken: token,
      });
      out.calls++;
      pages++;
      for (const m of res.Messages ?? []) out.messages.push(messageText(m));
      for (const r of res.MetricDataResults ?? []) {
        const key = r.Id ? batch.keyOf.get(r.Id) : undefined;
        if (!key) continue;
        let s = out.byKey.get(key);
        if (!s) {
          s = { timestamps: [], values: [], status: "complete", messages: [] };
          out.byKey.set(key, s);
        }
        const ts = r.Timestamps ?? [];
        const vs = r.Values ?? [];
        for (let i = 0; i < Math.min(ts.length, vs.length); i++) {
          s.timestamps.push(new Date(ts[i]).getTime());
          s.values.push(vs[i]);
        }
        // An error on any page sticks; otherwise the last page's status is the series' status.
        if (s.status !== "error") s.status = statusOf(r.StatusCode);
        for (const m of r.Messages ?? []) s.messages.push(messageText(m));
      }
      token = res.NextToken || undefined;
    } while (token && pages < MAX_PAGES);
    if (token)
      for (const key of batch.keyOf.values()) {
        const s = out.byKey.get(key);
        if (s && s.status === "complete") s.status = "partial";
      }
  }

  async function load(scope: Scope, window: Window, p: Plan): Promise<Loaded> {
    const out: Loaded = { byKey: new Map(), messages: [], calls: 0, queries: p.queries.length, loadedAt: now() };
    await mapLimit(p.batches, CALL_CONCURRENCY, (b) => callBatch(scope, window, b, out));
    return out;
  }

  function assemble(spec: SeriesSpec, raw: RawSeries | undefined, window: Window, t: number): MetricSeries {
    const def = METRICS[spec.metric];
    const base = { id: `${spec.cluster}:${spec.metric}@${spec.period}`, cluster: spec.cluster, metric: spec.metric, label: def.label, unit: def.unit, period: spec.period };
    if (!raw) return { ...base, points: [], status: "error", messages: ["CloudWatch returned no result for this query"] };
    const pairs = raw.timestamps.map((ts, i): [number, number] => [ts, raw.values[i]]).sort((a, b) => a[0] - b[0]);
    let points = pairs;
    if (def.zeroFill && raw.status !== "error") {
      // Missing buckets of counters and DPUs are zeros, but only buckets that ended a while ago:
      // CloudWatch publishes with a delay, so a trailing missing bucket is unknown, not zero.
      const step = spec.period * 1000;
      const lastFilled = Math.min(window.endMs, t - PUBLISH_LAG_MS) - step;
      const lastWithData = pairs.length ? pairs[pairs.length - 1][0] : -Infinity;
      const last = Math.max(lastFilled, Math.min(lastWithData, window.endMs - step));
      const byBucket = new Map<number, number>();
      for (const [ts, v] of pairs) {
        const b = window.startMs + Math.floor((ts - window.startMs) / step) * step;
        byBucket.set(b, (byBucket.get(b) ?? 0) + v);
      }
      points = [];
      for (let b = window.startMs; b <= last; b += step) points.push([b, byBucket.get(b) ?? 0]);
    }
    return { ...base, points, status: raw.status, messages: raw.messages };
  }

  return {
    plan(q) {
      const { window, specs } = resolve(q);
      return { window, specs, plan: plan(specs, window) };
    },
    async fetch(q) {
      if (q.series.length === 0) return { account: q.account, region: q.region, window: q.window, series: [], messages: [], queries: 0, calls: 0, cached: false, freshUntil: now() };
      const { window, specs, key } = resolve(q);
      const ttl = answerMaxAgeMs(
        specs.map((s) => s.period),
        window,
        now(),
        maxOpenMs,
      );
      let loadedNow = false;
      // An answer read from another instance is as old as its load, not as its reading here.
      const loaded = await cache.get(
        key,
        (l) => l.loadedAt + ttl - now(),
        async () => {
          const got = await loadShared(shared, sharedWaitMs, key, ttl, () => load({ account: q.account, region: q.region }, window, plan(specs, window)));
          loadedNow = got.here;
          return got.loaded;
        },
      );
      const t = now();
      // Assembling (zero-filling) depends on the time only through the publishing delay: do it
      // once a minute per cached answer, and share the result with every caller of that minute.
      const minute = Math.floor(t / 60_000);
      if (loaded.assembled?.minute !== minute) loaded.assembled = { minute, series: specs.map((s) => assemble(s, loaded.byKey.get(seriesKey(s)), window, t)) };
      return {
        account: q.account,
        region: q.region,
        window,
        series: loaded.assembled.series,
        messages: loaded.messages,
        queries: loaded.queries,
        calls: loadedNow ? loaded.calls : 0,
        cached: !loadedNow,
        freshUntil: loaded.loadedAt + ttl,
      };
    },
  };
}

let shared: MetricsEngine | undefined;

/** The process-wide engine (one cache for every page and route). */
export function metricsEngine(): MetricsEngine {
  // With a store shared by several instances, so are the answers; alone, the process's cache is enough.
  shared ??= createMetricsEngine({ shared: config().storeUrl ? storeAnswers() : undefined });
  return shared;
}
