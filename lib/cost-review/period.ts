import { z } from "zod";
import { monthBounds } from "../cost";
import { AppError } from "../errors";
import { MAX_AGE_S } from "../metrics/period";

/**
 * The periods a cost review compares: a calendar month (`?month=2026-11`) against the month
 * before it, or whole UTC days (`?from=2026-11-01&to=2026-11-14`, both days included) against
 * the same number of days just before. A period still under way is compared with the same span
 * of the previous period (November 1–25 so far against October 1–25), so a half-month never
 * reads as a 50 % drop. Pure; bad input is a 400 naming the field.
 */

export const DAY_MS = 86_400_000;
export const MAX_CUSTOM_DAYS = 366;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Tag keys as DSQL accepts them (letters, digits, spaces and _.:/=+-@), value after the first colon. */
const TAG_KEY = /^[\p{L}\p{N} _.:/=+\-@]{1,128}$/u;

/** A `tag=key:value` filter (the value after the first colon); parseTagFilter reads it. */
export const tagFilterParam = z
  .string()
  .max(300)
  .regex(/^[^:]{1,128}:.{0,256}$/u, "must be key:value, such as team:data");

/** An empty form field ("?groupBy=") means "not chosen". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

export const costQuery = z.object({
  month: optional(z.string().regex(MONTH, "must be a month such as 2026-11")),
  from: optional(z.string().regex(DAY, "must be a date such as 2026-11-01")),
  to: optional(z.string().regex(DAY, "must be a date such as 2026-11-30")),
  groupBy: optional(z.string().regex(TAG_KEY, "must be a tag key such as team")),
  tag: optional(tagFilterParam),
});
export type CostQuery = z.infer<typeof costQuery>;

export interface Period {
  startMs: number;
  /** Exclusive end of the period as chosen. */
  endMs: number;
  /** Where its data ends: `endMs`, or now for a period under way. */
  toMs: number;
  label: string;
  /** The dates it covers so far, e.g. "Oct 1 – Oct 25, 2026". */
  span: string;
}

export interface Comparison {
  kind: "month" | "custom";
  current: Period;
  previous: Period;
  /** The current period is not over: its figures are to date, and a forecast applies (months). */
  inProgress: boolean;
  /** Its URL form, for links and the CSV's file name. */
  params: { month: string } | { from: string; to: string };
  /** How the two periods line up, in a sentence. */
  basis: string;
}

const bad = (field: string, message: string) => new AppError(400, `Invalid query field "${field}": ${message}`, "BadRequest");
const ymd = (t: number) => new Date(t).toISOString().slice(0, 10);
const monthKey = (t: number) => new Date(t).toISOString().slice(0, 7);
const monthName = (t: number) => new Date(t).toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
const dayName = (t: number) => new Date(t).toLocaleString("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
/** "Nov 1 – Nov 14, 2026" for [start, end). */
export const spanLabel = (startMs: number, endMs: number) => {
  const last = Math.max(startMs, endMs - 1);
  return ymd(startMs) === ymd(last) ? dayName(startMs) : `${dayName(startMs).replace(/, \d{4}$/, "")} – ${dayName(last)}`;
};

function checkRetention(field: string, startMs: number, nowMs: number) {
  if (startMs < nowMs - MAX_AGE_S * 1000) throw bad(field, `the comparison would start ${ymd(startMs)}, but CloudWatch keeps metrics for ${MAX_AGE_S / 86_400} days`);
}

export function resolveComparison(q: Pick<CostQuery, "month" | "from" | "to">, nowMs: number): Comparison {
  if (q.month && (q.from || q.to)) throw bad("month", "choose a month or a from/to period, not both");
  if (q.from || q.to) return custom(q.from, q.to, nowMs);
  return month(q.month ?? monthKey(nowMs), nowMs);
}

function month(key: string, nowMs: number): Comparison {
  const [y, m] = key.split("-").map(Number);
  const startMs = Date.UTC(y, m - 1, 1);
  if (startMs > nowMs) throw bad("month", `${key} has not started yet`);
  const { endMs } = monthBounds(startMs);
  const prev = monthBounds(startMs - 1);
  checkRetention("month", prev.startMs, nowMs);
  const inProgress = endMs > nowMs;
  const toMs = Math.min(endMs, nowMs);
  const prevTo = inProgress ? Math.min(prev.startMs + (toMs - startMs), prev.endMs) : prev.endMs;
  return {
    kind: "month",
    current: { startMs, endMs, toMs, label: inProgress ? `${monthName(startMs)} to date` : monthName(startMs), span: spanLabel(startMs, toMs) },
    previous: {
      startMs: prev.startMs,
      endMs: prev.endMs,
      toMs: prevTo,
      label: inProgress ? `${spanLabel(prev.startMs, prevTo)} (same span)` : monthName(prev.startMs),
      span: spanLabel(prev.startMs, prevTo),
    },
    inProgress,
    params: { month: key },
    basis: inProgress ? `${monthName(startMs)} so far against the same span of ${monthName(prev.startMs)}` : `${monthName(startMs)} against ${monthName(prev.startMs)}`,
  };
}

function day(field: "from" | "to", v: string): number {
  const t = Date.parse(`${v}T00:00:00Z`);
  if (!Number.isFinite(t) || ymd(t) !== v) throw bad(field, `"${v}" is not a calendar date`);
  return t;
}

function custom(from: string | undefined, to: string | undefined, nowMs: number): Comparison {
  if (!from) throw bad("from", "a custom period needs both from and to");
  if (!to) throw bad("to", "a custom period needs both from and to");
  const startMs = day("from", from);
  const endMs = day("to", to) + DAY_MS;
  if (endMs <= startMs) throw bad("to", "must be on or after from");
  if (startMs > nowMs) throw bad("from", "the period has not started yet");
  if (endMs > Math.floor(nowMs / DAY_MS) * DAY_MS + DAY_MS) throw bad("to", "must not be after today (UTC)");
  const days = (endMs - startMs) / DAY_MS;
  if (days > MAX_CUSTOM_DAYS) throw bad("to", `a period can be at most ${MAX_CUSTOM_DAYS} days`);
  const len = endMs - startMs;
  checkRetention("from", startMs - len, nowMs);
  const toMs = Math.min(endMs, nowMs);
  const inProgress = endMs > nowMs;
  return {
    kind: "custom",
    current: { startMs, endMs, toMs, label: `${spanLabel(startMs, endMs)}${inProgress ? " (to date)" : ""}`, span: spanLabel(startMs, toMs) },
    previous: {
      startMs: startMs - len,
      endMs: startMs,
      toMs: startMs - len + (toMs - startMs),
      label: spanLabel(startMs - len, startMs),
      span: spanLabel(startMs - len, startMs - len + (toMs - startMs)),
    },
    inProgress,
    params: { from, to },
    basis: `${days} day${days === 1 ? "" : "s"} against the ${days} day${days === 1 ? "" : "s"} before`,
  };
}

/** The UTC days of [startMs, toMs), as their start instants. */
export function daysOf(p: Pick<Period, "startMs" | "toMs">): number[] {
  const out: number[] = [];
  for (let t = Math.floor(p.startMs / DAY_MS) * DAY_MS; t < p.toMs; t += DAY_MS) out.push(t);
  return out;
}

/** Parses `tag=key:value`. */
export function parseTagFilter(tag: string | undefined): { key: string; value: string } | undefined {
  if (!tag) return undefined;
  const i = tag.indexOf(":");
  return { key: tag.slice(0, i), value: tag.slice(i + 1) };
}
