import "server-only";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { recordAnswer } from "../aws/answers";
import { cloudWatchClient } from "../aws/clients";
import { config } from "../aws/config";
import { type Scope } from "../aws/scope";
import { recordUsage } from "../aws/usage";
import { TtlCache } from "../cache";
import type { Loaded, SharedAnswers } from "./answer";
import { storeAnswers } from "./shared-answers";
import { loadShared } from "./shared-load";

/**
 * CloudWatch's Prometheus-compatible query API (QueryMetrics: /api/v1/query and /api/v1/query_range
 * on the Region's monitoring endpoint), which no SDK client covers: requests are signed here with
 * the SDK's own SigV4 signer, for the service `monitoring`, with the credentials of the scope's
 * CloudWatch client (the standard chain, or the role assumed in another account) and its endpoint
 * (AWS_ENDPOINT_URL[_CLOUDWATCH] in local mode). Like GetMetricData answers, results are cached per
 * process and, with a shared store, across instances, so tabs and instances asking the same window
 * cost one call; each call is counted for the About page's cost of watching (CloudWatch's PromQL
 * querying was announced free during its preview: counted, priced at zero).
 * docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-PromQL-API-QueryMetrics.html
 */

export interface PromSeries {
  labels: Record<string, string>;
  /** [epoch ms, value], ascending. */
  points: [number, number][];
}

export interface PromAnswer {
  series: PromSeries[];
  warnings: string[];
  /** Whether this answer cost a call now (false: from this process's cache or another instance's). */
  called: boolean;
}

/** A range query (`stepMs`) or an instant query at `endMs` (no step). */
export interface PromRequest {
  query: string;
  endMs: number;
  startMs?: number;
  stepMs?: number;
}

export class PromQLCallError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errorType?: string,
  ) {
    super(message);
  }
}

type Send = (scope: Scope, path: string, params: Record<string, string>) => Promise<{ status: number; body: unknown }>;

/** Throttling and server errors are worth another try; a bad query is not. */
const retryable = (status: number, body: unknown) => status === 429 || status >= 500 || (status === 400 && /Throttl/.test(JSON.stringify(body ?? "")));

async function endpointOf(scope: Scope): Promise<URL> {
  const override = config().endpoints.cloudwatch;
  if (override) return new URL(override);
  // The CloudWatch client's own endpoint rules (partition, FIPS, dual-stack) name the monitoring host.
  const client = cloudWatchClient(scope);
  return new URL(client.config.endpointProvider({ Region: scope.region, UseFIPS: await client.config.useFipsEndpoint(), UseDualStack: await client.config.useDualstackEndpoint() }).url.href);
}

/** One signed POST with a form body, as awscurl and the AWS docs' examples send it. */
export const sdkSend: Send = async (scope, path, params) => {
  const url = await endpointOf(scope);
  const body = new URLSearchParams(params).toString();
  const signer = new SignatureV4({ service: "monitoring", region: scope.region, credentials: cloudWatchClient(scope).config.credentials, sha256: Sha256 });
  const basePath = url.pathname.replace(/\/$/, "");
  const signed = await signer.sign({
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: basePath + path,
    headers: { host: url.host, "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${url.origin}${basePath}${path}`, { method: "POST", headers: signed.headers, body, signal: AbortSignal.timeout(20_000) });
    const parsed: unknown = await res.json().catch(() => undefined);
    recordAnswer("cloudwatch", scope.region, { status: res.status, error: res.ok ? undefined : ((parsed as { errorType?: string })?.errorType ?? `HTTP ${res.status}`) });
    if (attempt >= 2 || !retryable(res.status, parsed)) return { status: res.status, body: parsed };
    // A throttled answer may say when to come back (a query slot busy for seconds); at most 5 s.
    const retryAfterMs = Math.min(5_000, (Number(res.headers.get("retry-after")) || 0) * 1000);
    await new Promise((r) => setTimeout(r, Math.max(200 * 2 ** attempt, retryAfterMs)));
  }
};

interface ClientOptions {
  send?: Send;
  now?: () => number;
  shared?: SharedAnswers;
  /** How long an answer is reused: the data is per minute, so a minute. */
  ttlMs?: number;
}

export interface PromqlClient {
  query(scope: Scope, req: PromRequest): Promise<PromAnswer>;
}

const toLoaded = (series: PromSeries[], warnings: string[], loadedAt: number): Loaded => ({
  byKey: new Map(series.map((s) => [JSON.stringify(s.labels), { timestamps: s.points.map((p) => p[0]), values: s.points.map((p) => p[1]), status: "complete" as const, messages: [] }])),
  messages: warnings,
  calls: 1,
  queries: 1,
  loadedAt,
});
const fromLoaded = (l: Loaded): PromSeries[] => [...l.byKey].map(([labels, raw]) => ({ labels: JSON.parse(labels), points: raw.timestamps.map((t, i) => [t, raw.values[i]] as [number, number]) }));

export function createPromqlClient(opts: ClientOptions = {}): PromqlClient {
  const send = opts.send ?? sdkSend;
  const now = opts.now ?? Date.now;
  const ttlMs = opts.ttlMs ?? 60_000;
  const cache = new TtlCache<{ loaded: Loaded; here: boolean }>(300, now);

  async function load(scope: Scope, req: PromRequest): Promise<Loaded> {
    const range = req.stepMs !== undefined;
    const params: Record<string, string> = range
      ? { query: req.query, start: String((req.startMs ?? req.endMs) / 1000), end: String(req.endMs / 1000), step: String(req.stepMs! / 1000) }
      : { query: req.query, time: String(req.endMs / 1000) };
    recordUsage("cloudwatch", "QueryMetrics", params);
    const { status, body } = await send(scope, range ? "/api/v1/query_range" : "/api/v1/query", params);
    const b = body as {
      status?: string;
      error?: string;
      errorType?: string;
      message?: string;
      warnings?: string[];
      data?: { result?: { metric: Record<string, string>; values?: [number, string][]; value?: [number, string] }[] };
    };
    if (status !== 200 || b?.status !== "success") throw new PromQLCallError(`CloudWatch PromQL: ${b?.error ?? b?.message ?? `HTTP ${status}`}`, status, b?.errorType);
    const series = (b.data?.result ?? []).map((r) => ({ labels: r.metric, points: (r.values ?? (r.value ? [r.value] : [])).map(([t, v]) => [Math.round(t * 1000), Number(v)] as [number, number]) }));
    return toLoaded(series, b.warnings ?? [], now());
  }

  return {
    async query(scope, req) {
      const key = `promql|${scope.account}|${scope.region}|${req.query}|${req.startMs ?? ""}|${req.endMs}|${req.stepMs ?? ""}`;
      let fresh = false;
      const got = await cache.get(key, ttlMs, async () => {
        fresh = true;
        return loadShared(opts.shared, 10_000, key, ttlMs, () => load(scope, req));
      });
      return { series: fromLoaded(got.loaded), warnings: got.loaded.messages, called: fresh && got.here };
    },
  };
}

let shared: PromqlClient | undefined;

/** The process's client: answers shared through the store when several instances use one. */
export function promqlClient(): PromqlClient {
  shared ??= createPromqlClient({ shared: config().storeUrl ? storeAnswers() : undefined });
  return shared;
}
