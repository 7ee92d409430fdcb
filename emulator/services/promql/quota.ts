import { json, type EmuResponse } from "../../protocols/http";

/**
 * CloudWatch's limits on PromQL requests per account and Region: a rate of transactions per second
 * and a number of queries in flight (docs: CloudWatch-PromQL.md, "PromQL limits and restrictions",
 * which names per-account TPS and concurrency limits). Their figures could not be read here, so the
 * defaults are ASSUMED: 50 requests a second (a burst of as many) and 10 queries at once, of the
 * order of CloudWatch's other read quotas (GetMetricData's 50 TPS); both are options of the emulator
 * (`--promql-tps`, `--promql-concurrency`). A token bucket on the wall clock, not the emulator
 * clock: a quota is about how fast requests arrive, and time-scaled tests still send in real time.
 */

export interface PromqlQuotaOptions {
  /** Requests a second per account and Region, and the burst allowed. */
  tps: number;
  /** Queries in flight at once per account and Region. */
  concurrency: number;
}

/**
 * A refused PromQL request, in the Prometheus API's error shape that PromQL clients parse
 * (`status`, `errorType`, `error`), with HTTP 429 and Retry-After. CloudWatch's exact throttling body
 * for these paths is not documented: the errorType carries the AWS code, and the x-amzn-errortype
 * header the same, so an AWS-minded client recognises it too. Injected throttle faults use it as well.
 */
export function promqlThrottled(message: string, retryAfterS = 1): EmuResponse {
  return json(429, { status: "error", errorType: "ThrottlingException", error: message }, { "retry-after": String(retryAfterS), "x-amzn-errortype": "ThrottlingException" });
}

export const DEFAULT_PROMQL_QUOTA: PromqlQuotaOptions = { tps: 50, concurrency: 10 };

export type Admission = { ok: true; release: () => void } | { ok: false; reason: "rate" | "concurrency"; retryAfterS: number };

interface Bucket {
  tokens: number;
  refilledAt: number;
  inFlight: number;
}

export class PromqlQuota {
  private readonly buckets = new Map<string, Bucket>();
  /** Requests refused, by reason (tests and the health endpoint read them). */
  readonly refused = { rate: 0, concurrency: 0 };

  readonly options: PromqlQuotaOptions;

  constructor(
    options: Partial<PromqlQuotaOptions> = {},
    private readonly now: () => number = () => performance.now(),
  ) {
    // An option left undefined (a flag not given) keeps its default.
    const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.options = { ...DEFAULT_PROMQL_QUOTA, ...defined };
    if (!(this.options.tps > 0) || !(this.options.concurrency >= 1)) throw new Error("PromQL quota: tps must be above 0 and concurrency at least 1");
  }

  /** Admits one request of `scope` (account/Region), or says why not and when to try again. */
  take(scope: string): Admission {
    const { tps, concurrency } = this.options;
    const t = this.now();
    const b = this.buckets.get(scope) ?? { tokens: tps, refilledAt: t, inFlight: 0 };
    this.buckets.set(scope, b);
    b.tokens = Math.min(tps, b.tokens + ((t - b.refilledAt) / 1000) * tps);
    b.refilledAt = t;
    if (b.inFlight >= concurrency) {
      this.refused.concurrency++;
      return { ok: false, reason: "concurrency", retryAfterS: 1 };
    }
    if (b.tokens < 1) {
      this.refused.rate++;
      return { ok: false, reason: "rate", retryAfterS: Math.max(1, Math.ceil((1 - b.tokens) / tps)) };
    }
    b.tokens -= 1;
    b.inFlight++;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (!released) b.inFlight--;
        released = true;
      },
    };
  }
}
