import "server-only";
import { GetCostAndUsageCommand, GetCostAndUsageWithResourcesCommand, type GetCostAndUsageCommandOutput, type GetCostAndUsageWithResourcesCommandOutput } from "@aws-sdk/client-cost-explorer";
import { ownAccountId } from "../aws/accounts";
import { costExplorerClient } from "../aws/clients";
import { inStore } from "../store";
import { type BilledLine, type Bill, parseUsageType } from "./bill-model";
import { regionOfUsagePrefix } from "./pricing";

/**
 * The DSQL bill as Cost Explorer reports it to the dashboard's own account: daily, filtered to
 * Aurora DSQL, grouped by usage type (which names the Region and DPU or storage) and linked
 * account. Cost Explorer charges $0.01 per request, so each day's lines are kept in the store: a
 * closed day (three days old: past the bill's 24 to 48 hours of lag) is never asked for again, an
 * open one again after OPEN_DAY_MS; a review asks once, for the span of days it lacks.
 */

const DAY_MS = 86_400_000;
const CLOSED_AFTER_MS = 3 * DAY_MS;
const OPEN_DAY_MS = 6 * 3_600_000;
const SERVICE = "Amazon Aurora DSQL";
/** A runaway NextPageToken loop stops here. */
const MAX_PAGES = 20;

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

type Row = { day: string; lines: string; read_at: number | string; closed: boolean };

/**
 * The two views of the bill: by usage type and linked account (every account the payer sees), and
 * per resource (GetCostAndUsageWithResources: opt-in, the last 14 days, the cluster's ARN as
 * RESOURCE_ID). Each keeps its days in its own table.
 */
export type BillView = "usage" | "resources";
const TABLES: Record<BillView, string> = { usage: "billed_days", resources: "billed_resource_days" };
/** Resource-level data covers the last 14 days. */
export const RESOURCE_DAYS = 14;

const accountOfArn = (arn: string) => arn.split(":")[4] ?? "";

/** Sends one request per page for the days in [fromMs, toMs); returns the lines by day and the requests made. */
async function fromCostExplorer(view: BillView, fromMs: number, toMs: number): Promise<{ byDay: Map<string, BilledLine[]>; requests: number; names: Record<string, string> }> {
  const byDay = new Map<string, BilledLine[]>();
  for (let t = fromMs; t < toMs; t += DAY_MS) byDay.set(iso(t), []);
  const names: Record<string, string> = {};
  let token: string | undefined;
  let requests = 0;
  do {
    const input = {
      TimePeriod: { Start: iso(fromMs), End: iso(toMs) },
      Granularity: "DAILY" as const,
      Metrics: ["UnblendedCost", "UsageQuantity"],
      Filter: { Dimensions: { Key: "SERVICE" as const, Values: [SERVICE] } },
      GroupBy: [
        { Type: "DIMENSION" as const, Key: view === "usage" ? "LINKED_ACCOUNT" : "RESOURCE_ID" },
        { Type: "DIMENSION" as const, Key: "USAGE_TYPE" },
      ],
      NextPageToken: token,
    };
    const client = costExplorerClient();
    const out: GetCostAndUsageCommandOutput | GetCostAndUsageWithResourcesCommandOutput =
      view === "usage" ? await client.send(new GetCostAndUsageCommand(input)) : await client.send(new GetCostAndUsageWithResourcesCommand(input));
    requests++;
    for (const a of out.DimensionValueAttributes ?? []) if (a.Value) names[a.Value] = a.Attributes?.description ?? a.Value;
    for (const r of out.ResultsByTime ?? []) {
      const day = r.TimePeriod?.Start;
      if (!day) continue;
      const lines = byDay.get(day) ?? [];
      for (const g of r.Groups ?? []) {
        const [who = "", usageType = ""] = g.Keys ?? [];
        const parsed = parseUsageType(usageType, regionOfUsagePrefix);
        if (!parsed) continue;
        const owner = view === "usage" ? { account: who } : { account: accountOfArn(who), resource: who };
        lines.push({ day, ...owner, usageType, ...parsed, quantity: Number(g.Metrics?.UsageQuantity?.Amount ?? 0), usd: Number(g.Metrics?.UnblendedCost?.Amount ?? 0), estimated: !!r.Estimated });
      }
      byDay.set(day, lines);
    }
    token = out.NextPageToken || undefined;
  } while (token && requests < MAX_PAGES);
  return { byDay, requests, names };
}

export async function readBill(fromMs: number, toMs: number, nowMs = Date.now(), view: BillView = "usage"): Promise<Bill> {
  const payer = await ownAccountId();
  const table = TABLES[view];
  const first = Math.floor(fromMs / DAY_MS) * DAY_MS;
  const end = Math.min(Math.ceil(toMs / DAY_MS) * DAY_MS, Math.floor(nowMs / DAY_MS) * DAY_MS + DAY_MS);
  const days: string[] = [];
  for (let t = first; t < end; t += DAY_MS) days.push(iso(t));
  if (!days.length) return { lines: [], requests: 0, payer, names: {}, billedThrough: null };

  const rows = await inStore((db) => db.query<Row>(`SELECT day, lines, read_at, closed FROM ${table} WHERE payer = $1 AND day >= $2 AND day <= $3`, [payer, days[0], days[days.length - 1]]));
  const kept = new Map(rows.filter((r) => r.closed || Number(r.read_at) + OPEN_DAY_MS > nowMs).map((r) => [r.day, JSON.parse(r.lines) as BilledLine[]]));
  const missing = days.filter((d) => !kept.has(d));
  let requests = 0;
  let names: Record<string, string> = {};
  if (missing.length) {
    const from = Date.parse(`${missing[0]}T00:00:00Z`);
    const to = Date.parse(`${missing[missing.length - 1]}T00:00:00Z`) + DAY_MS;
    const got = await fromCostExplorer(view, from, to);
    requests = got.requests;
    names = got.names;
    await inStore(async (db) => {
      for (const [day, lines] of got.byDay) {
        const closed = Date.parse(`${day}T00:00:00Z`) + DAY_MS + CLOSED_AFTER_MS <= nowMs;
        // The same rows again change nothing: a retried write is harmless.
        await db.query(
          `INSERT INTO ${table} (payer, day, lines, read_at, closed) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (payer, day) DO UPDATE SET lines = EXCLUDED.lines, read_at = EXCLUDED.read_at, closed = EXCLUDED.closed`,
          [payer, day, JSON.stringify(lines), nowMs, closed],
        );
        kept.set(day, lines);
      }
    });
  }
  const lines = days.flatMap((d) => kept.get(d) ?? []);
  const withUsage = days.filter((d) => (kept.get(d) ?? []).length > 0);
  return { lines, requests, payer, names, billedThrough: withUsage.length ? withUsage[withUsage.length - 1] : null };
}
