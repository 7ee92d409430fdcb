/** What the metrics engine keeps of a CloudWatch answer: in each process's cache, and shared through the store by several instances. */

import type { MetricKey, MetricUnit } from "./catalog";

export type SeriesStatus = "complete" | "partial" | "error";

export interface MetricSeries {
  /** `${cluster}:${metric}@${period}`. */
  id: string;
  cluster: string;
  metric: MetricKey;
  label: string;
  unit: MetricUnit;
  period: number;
  /** [epoch ms, value], ascending. Counters are zero-filled up to now; gauges keep gaps. */
  points: [number, number][];
  status: SeriesStatus;
  /** What CloudWatch said about this query (partial data, errors). */
  messages: string[];
}

export interface RawSeries {
  timestamps: number[];
  values: number[];
  status: SeriesStatus;
  messages: string[];
}

export interface Loaded {
  byKey: Map<string, RawSeries>;
  messages: string[];
  calls: number;
  queries: number;
  /** When CloudWatch was asked (epoch ms): the answer's age counts from here on every instance. */
  loadedAt: number;
  /** The assembled series of the minute (each process assembles its own; never shared). */
  assembled?: { minute: number; series: MetricSeries[] };
}

/**
 * Answers shared by every instance of the dashboard (lib/metrics/shared-answers.ts keeps them in
 * the store): an answer another instance loaded is read instead of asking CloudWatch again, and
 * while one instance loads, the others wait for it rather than sending the same calls.
 */
export interface SharedAnswers {
  get(key: string): Promise<Loaded | undefined>;
  /** Takes the right to load `key` for `leaseMs`; false when another instance holds it or a fresh answer exists. */
  claim(key: string, leaseMs: number): Promise<boolean>;
  put(key: string, loaded: Loaded, ttlMs: number): Promise<void>;
}
