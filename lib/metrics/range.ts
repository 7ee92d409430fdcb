import { z } from "zod";
import { AppError } from "../errors";
import { MAX_AGE_S } from "./period";
import { DEFAULT_RANGE, RANGE_LABEL, RANGE_MS, RANGES, REFRESHES, type RangeKey, type RangeParams, type RefreshKey } from "./range-presets";

/** Resolving the URL's time range to a window, with a 400 naming the field when it is wrong. */

export const rangeQuery = z.object({
  range: z.enum(RANGES as [RangeKey, ...RangeKey[]]).optional(),
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  refresh: z.enum(REFRESHES as [RefreshKey, ...RefreshKey[]]).optional(),
});
export type RangeQuery = z.infer<typeof rangeQuery>;

export interface ResolvedRange {
  key: RangeKey | "custom";
  label: string;
  startMs: number;
  endMs: number;
  /** The same range as URL parameters (custom ranges keep their ISO instants). */
  params: RangeParams;
}

const MIN_SPAN_MS = 5 * 60_000;

function instant(field: "from" | "to", v: string): number {
  // Plain dates and times without a zone are read as UTC, so a shared link means the same everywhere.
  const s = /[zZ]|[+-]\d\d:?\d\d$/.test(v) || /^\d{4}-\d\d-\d\d$/.test(v) ? v : `${v}Z`;
  const t = Date.parse(s);
  if (!Number.isFinite(t)) throw new AppError(400, `Invalid query field "${field}": "${v}" is not a date and time (use ISO 8601, e.g. 2026-11-20T08:00Z)`, "BadRequest");
  return t;
}

export function resolveRange(q: RangeQuery, nowMs: number): ResolvedRange {
  if (q.from === undefined && q.to === undefined) {
    const key = q.range ?? DEFAULT_RANGE;
    return { key, label: RANGE_LABEL[key], startMs: nowMs - RANGE_MS[key], endMs: nowMs, params: { range: key } };
  }
  if (q.from === undefined) throw new AppError(400, 'Invalid query field "from": a custom range needs both "from" and "to"', "BadRequest");
  const startMs = instant("from", q.from);
  const endMs = q.to === undefined ? nowMs : Math.min(instant("to", q.to), nowMs);
  if (endMs - startMs < MIN_SPAN_MS) throw new AppError(400, 'Invalid query field "to": the range must end at least 5 minutes after "from", and not in the future', "BadRequest");
  if (startMs < nowMs - MAX_AGE_S * 1000) throw new AppError(400, `Invalid query field "from": CloudWatch keeps metrics for ${MAX_AGE_S / 86_400} days`, "BadRequest");
  const iso = (t: number) => new Date(t).toISOString().replace(/:00\.000Z$/, "Z");
  return { key: "custom", label: `${iso(startMs)} – ${iso(endMs)}`, startMs, endMs, params: { from: iso(startMs), to: iso(endMs) } };
}

/** Metrics and alarms are served only for the regions the dashboard watches. */
export function requireWatchedRegion(region: string, watched: string[]): void {
  if (!watched.includes(region)) throw new AppError(404, `Region ${region} is not watched by this dashboard (DSQL_OPS_REGIONS: ${watched.join(", ")})`, "NotFound");
}

/**
 * The range of a page's URL: a bad range does not break the page, it falls back to the default
 * and says why.
 */
export function rangeFromSearch(search: Record<string, string | undefined>, nowMs = Date.now()): { range: ResolvedRange; refresh: RefreshKey; problem?: string } {
  const parsed = rangeQuery.safeParse(search);
  const refresh = REFRESHES.find((r) => r === search.refresh) ?? "off";
  try {
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError(400, `Invalid query field "${issue.path.join(".")}": ${issue.message}`, "BadRequest");
    }
    return { range: resolveRange(parsed.data, nowMs), refresh };
  } catch (err) {
    return { range: resolveRange({}, nowMs), refresh, problem: err instanceof Error ? err.message : String(err) };
  }
}
