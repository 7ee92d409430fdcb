import type { Clock } from "../../clock";
import { AwsError } from "../../protocols/errors";
import { DAY_MS } from "../../scenario/metrics";
import type { Organization } from "../../scenario/accounts";
import type { Caller } from "../sts/identity";
import { billLines, SERVICE, type BillLine, type BillSource } from "./bill";

/**
 * AWS Cost Explorer (JSON 1.1, target AWSInsightsIndexService) for the DSQL bill: GetCostAndUsage
 * with DAILY or MONTHLY granularity, up to two GroupBy dimensions, a Dimensions filter (And of
 * them), the cost metrics and UsageQuantity, paged by NextPageToken. The management account sees
 * every account of the organisation, another account its own. Simplifications: only Aurora DSQL's
 * usage exists; no TAG or COST_CATEGORY grouping, no HOURLY data, no Or/Not filters; a page holds
 * at most PAGE_PERIODS time periods (AWS pages by size).
 */

export const COST_EXPLORER_TARGET = "AWSInsightsIndexService";

const COST_METRICS = ["UnblendedCost", "BlendedCost", "NetUnblendedCost", "AmortizedCost", "NetAmortizedCost"];
const METRICS = [...COST_METRICS, "UsageQuantity", "NormalizedUsageAmount"];
const DIMENSIONS = ["SERVICE", "LINKED_ACCOUNT", "REGION", "USAGE_TYPE", "RECORD_TYPE", "RESOURCE_ID"] as const;
type Dimension = (typeof DIMENSIONS)[number];
/** A group definition: a dimension, or a cost allocation tag (TAG). */
type Group = { dim: Dimension } | { tag: string };
/**
 * The organisation's Cost Explorer settings, as its management account set them: resource-level
 * daily data turned on, and the `team` tag activated as a cost allocation tag (other tags are not).
 */
export const COST_SETTINGS = { resourceLevel: true, activatedTags: ["team"] };
/** Resource-level data covers the last 14 days. */
const RESOURCE_DAYS = 14;
const PAGE_PERIODS = 31;
/** Cost Explorer keeps 13 months of history (38 with multi-year data turned on, not emulated). */
const HISTORY_MONTHS = 13;

const invalid = (message: string) => new AwsError("ValidationException", message, 400);

function day(value: unknown, field: string): number {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw invalid(`${field} must be a date of the form YYYY-MM-DD`);
  const t = Date.parse(`${value}T00:00:00Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== value) throw invalid(`${field} is not a valid date: ${value}`);
  return t;
}

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const monthStart = (t: number) => Date.UTC(new Date(t).getUTCFullYear(), new Date(t).getUTCMonth(), 1);
const nextMonth = (t: number) => Date.UTC(new Date(t).getUTCFullYear(), new Date(t).getUTCMonth() + 1, 1);

function keyOf(line: BillLine, g: Dimension | Group): string {
  if (typeof g === "object" && "tag" in g) return `${g.tag}$${line.tags[g.tag] ?? ""}`;
  const d = typeof g === "object" ? g.dim : g;
  switch (d) {
    case "SERVICE":
      return SERVICE;
    case "LINKED_ACCOUNT":
      return line.account;
    case "REGION":
      return line.region;
    case "USAGE_TYPE":
      return line.usageType;
    case "RECORD_TYPE":
      return "Usage";
    case "RESOURCE_ID":
      return line.resource;
  }
}

/** The Dimensions filter as a predicate: a Dimensions expression, or an And of them. */
function filterOf(expr: unknown): (line: BillLine) => boolean {
  if (expr === undefined) return () => true;
  const e = expr as Record<string, unknown>;
  if (Array.isArray(e.And)) {
    const parts = e.And.map(filterOf);
    if (parts.length < 2) throw invalid("And needs at least two expressions");
    return (l) => parts.every((p) => p(l));
  }
  if (e.Or !== undefined || e.Not !== undefined || e.Tags !== undefined || e.CostCategories !== undefined) throw invalid("The emulator filters on Dimensions (and And of them) only");
  const dims = e.Dimensions as { Key?: unknown; Values?: unknown; MatchOptions?: unknown } | undefined;
  if (!dims) throw invalid("An expression needs Dimensions, Tags, CostCategories, And, Or or Not");
  if (!DIMENSIONS.includes(dims.Key as Dimension)) throw invalid(`Dimension ${String(dims.Key)} is not supported by the emulator`);
  if (!Array.isArray(dims.Values) || dims.Values.length === 0) throw invalid("Dimensions needs at least one value");
  const values = new Set(dims.Values.map(String));
  return (l) => values.has(keyOf(l, dims.Key as Dimension));
}

export function callCostExplorer(ctx: { org: Organization; clock: Clock; bill: BillSource }, caller: Caller, operation: string, input: Record<string, unknown>): unknown {
  if (operation !== "GetCostAndUsage" && operation !== "GetCostAndUsageWithResources") throw new AwsError("UnknownOperationException", `The operation ${operation} is not served by the emulator`, 400);
  const withResources = operation === "GetCostAndUsageWithResources";
  const now = ctx.clock.now();
  const period = (input.TimePeriod ?? {}) as { Start?: unknown; End?: unknown };
  const start = day(period.Start, "TimePeriod.Start");
  const end = day(period.End, "TimePeriod.End");
  if (start >= end) throw invalid("Start date (and hour) should be before end date (and hour)");
  if (start < monthStart(Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth() - HISTORY_MONTHS + 1, 1)))
    throw invalid(`Historical data beyond ${HISTORY_MONTHS} months is not available`);
  const granularity = input.Granularity;
  if (withResources) {
    // The error for data not turned on is our reading: AWS documents the opt-in, not the answer without it.
    if (!COST_SETTINGS.resourceLevel) throw new AwsError("DataUnavailableException", "Resource-level data is not enabled: turn it on in Cost Explorer's settings", 400);
    if (input.Filter === undefined) throw invalid("Filter is required");
    if (start < Math.floor(now / DAY_MS) * DAY_MS - RESOURCE_DAYS * DAY_MS) throw invalid(`The start date must be within the last ${RESOURCE_DAYS} days for resource-level data`);
    if (granularity === "HOURLY") throw invalid("Hourly granularity is only available for EC2-Instances resource-level data");
  }
  if (granularity !== "DAILY" && granularity !== "MONTHLY")
    throw invalid(granularity === "HOURLY" ? "Hourly granularity is not enabled for this account" : "Granularity must be DAILY, MONTHLY or HOURLY");
  const metrics = input.Metrics;
  if (!Array.isArray(metrics) || metrics.length === 0) throw invalid("Metrics is required");
  for (const m of metrics) if (!METRICS.includes(String(m))) throw invalid(`Invalid metric: ${String(m)}`);
  const groupBy = (Array.isArray(input.GroupBy) ? input.GroupBy : []) as { Type?: unknown; Key?: unknown }[];
  if (groupBy.length > 2) throw invalid("GroupBy can have at most 2 definitions");
  const dims: Group[] = groupBy.map((g) => {
    if (g.Type === "TAG") {
      // A tag that is not activated for cost allocation has no data in Cost Explorer.
      if (!COST_SETTINGS.activatedTags.includes(String(g.Key))) throw invalid(`The tag ${String(g.Key)} is not an active cost allocation tag`);
      return { tag: String(g.Key) };
    }
    if (g.Type !== "DIMENSION") throw invalid(`GroupBy type ${String(g.Type)} is not supported by the emulator (DIMENSION or TAG)`);
    const allowed = DIMENSIONS.filter((d) => withResources || d !== "RESOURCE_ID");
    if (!allowed.includes(g.Key as Dimension)) throw invalid(`Group Definition dimension is invalid. Valid values are ${allowed.join(", ")}`);
    return { dim: g.Key as Dimension };
  });
  const keep = filterOf(input.Filter);

  // The periods of the answer, then the page asked for.
  const periods: { start: number; end: number }[] = [];
  for (let t = start; t < end;) {
    const next = granularity === "DAILY" ? t + DAY_MS : Math.min(nextMonth(t), end);
    periods.push({ start: t, end: Math.min(next, end) });
    t = next;
  }
  const first = input.NextPageToken === undefined ? 0 : Number(Buffer.from(String(input.NextPageToken), "base64url").toString("utf8"));
  if (!Number.isInteger(first) || first < 0 || first >= periods.length) throw new AwsError("InvalidNextTokenException", "The NextPageToken is not valid", 400);
  const page = periods.slice(first, first + PAGE_PERIODS);

  const org = ctx.org;
  const visible = caller.account === org.managementAccountId ? org.accounts.filter((a) => a.status === "ACTIVE").map((a) => a.id) : [caller.account];
  const lines = billLines(ctx.bill, visible, page[0].start, page[page.length - 1].end, now).filter(keep);
  const amounts = (ls: BillLine[]) =>
    Object.fromEntries(
      metrics.map((m) => {
        const cost = COST_METRICS.includes(String(m));
        const v = ls.reduce((s, l) => s + (cost ? l.usd : l.quantity), 0);
        return [m, { Amount: v.toFixed(10).replace(/\.?0+$/, "") || "0", Unit: cost ? "USD" : "N/A" }];
      }),
    );
  const thisMonth = monthStart(now);
  const results = page.map((p) => {
    const mine = lines.filter((l) => l.day >= p.start && l.day < p.end);
    const base = { TimePeriod: { Start: iso(p.start), End: iso(p.end) }, Estimated: p.end > thisMonth };
    if (!dims.length) return { ...base, Total: amounts(mine), Groups: [] };
    const groups = new Map<string, BillLine[]>();
    for (const l of mine) {
      const k = JSON.stringify(dims.map((d) => keyOf(l, d)));
      groups.set(k, [...(groups.get(k) ?? []), l]);
    }
    return { ...base, Total: {}, Groups: [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, ls]) => ({ Keys: JSON.parse(k) as string[], Metrics: amounts(ls) })) };
  });
  const names = new Map(org.accounts.map((a) => [a.id, a.name]));
  return {
    GroupDefinitions: groupBy.map((g) => ({ Type: g.Type, Key: g.Key })),
    ResultsByTime: results,
    DimensionValueAttributes: dims.some((g) => "dim" in g && g.dim === "LINKED_ACCOUNT") ? visible.map((id) => ({ Value: id, Attributes: { description: names.get(id) ?? id } })) : [],
    NextPageToken: first + PAGE_PERIODS < periods.length ? Buffer.from(String(first + PAGE_PERIODS)).toString("base64url") : undefined,
  };
}
