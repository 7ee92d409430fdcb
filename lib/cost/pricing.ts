import "server-only";
import { paginateGetProducts } from "@aws-sdk/client-pricing";
import { pricingClient } from "../aws/clients";
import { config } from "../aws/config";
import { TtlCache } from "../cache";
import { toAppError } from "../errors";
import { inStore } from "../store";
import { priceFor, USAGE_PREFIXES, type Price } from "./prices";

/**
 * A Region's Aurora DSQL prices, as AWS lists them: the Price List Query API (GetProducts for the
 * AuroraDSQL service code, filtered by regionCode; DPU and storage told apart by usagetype, the
 * free tier's rate-0 products left out), kept for a day in the store (every instance shares one read). DSQL_OPS_PRICES still comes first; when
 * the API cannot be read (not permitted, unreachable) or lists nothing for the Region, the
 * built-in table (prices.ts) answers, and the price says so.
 */

const DAY_MS = 86_400_000;
type Listed = { dpuPerMillion?: number; storageGbMonth?: number; usagePrefix?: string; readAt: number };
const listed = new TtlCache<Listed>(64);
export const PRICE_LIST_SOURCE = "AWS Price List API (GetProducts, AuroraDSQL)";
/** Usage-type prefixes (USE1, EU, …) the Price List named for each Region read: the bill's lines are told apart by them. */
const learnedPrefixes = new Map<string, string>();

/** The Region of a DSQL usage type's prefix: as the Price List named it, else AWS's usual billing codes (prices.ts). */
export function regionOfUsagePrefix(prefix: string): string | undefined {
  return learnedPrefixes.get(prefix) ?? USAGE_PREFIXES[prefix];
}

async function fromPriceList(region: string) {
  const found: Omit<Listed, "readAt"> = {};
  const filter = { ServiceCode: "AuroraDSQL", FormatVersion: "aws_v1", Filters: [{ Type: "TERM_MATCH" as const, Field: "regionCode", Value: region }] };
  for await (const page of paginateGetProducts({ client: pricingClient() }, filter)) {
    for (const raw of page.PriceList ?? []) {
      const doc = JSON.parse(String(raw)) as {
        product?: { attributes?: Record<string, string> };
        terms?: { OnDemand?: Record<string, { priceDimensions?: Record<string, { pricePerUnit?: { USD?: string } }> }> };
      };
      const usage = doc.product?.attributes?.usagetype ?? "";
      const prefix = usage.split("-DSQL-")[0];
      if (usage.includes("-DSQL-") && prefix !== "Global") found.usagePrefix = prefix;
      const usd = Number(Object.values(Object.values(doc.terms?.OnDemand ?? {})[0]?.priceDimensions ?? {})[0]?.pricePerUnit?.USD);
      if (!(usd > 0)) continue; // the free tier's products, or no price
      if (usage.endsWith("DSQL-DistributedProcessingUnits")) found.dpuPerMillion = Math.round(usd * 1e6 * 1e6) / 1e6;
      else if (usage.endsWith("DSQL-Storage-ByteHrs")) found.storageGbMonth = usd;
    }
  }
  return found;
}

/**
 * A Region's Price List read, shared by every instance through the store for a day (a store that
 * cannot be reached only costs another read).
 */
async function listedPrice(region: string): Promise<Listed> {
  const [row] = await inStore((db) => db.query<{ found: string; read_at: number | string }>("SELECT found, read_at FROM price_list WHERE region = $1", [region])).catch(() => []);
  if (row && Number(row.read_at) + DAY_MS > Date.now()) return { ...(JSON.parse(row.found) as Omit<Listed, "readAt">), readAt: Number(row.read_at) };
  const found = await fromPriceList(region);
  const readAt = Date.now();
  await inStore((db) =>
    db.query("INSERT INTO price_list (region, found, read_at) VALUES ($1, $2, $3) ON CONFLICT (region) DO UPDATE SET found = EXCLUDED.found, read_at = EXCLUDED.read_at", [
      region,
      JSON.stringify(found),
      readAt,
    ]),
  ).catch(() => undefined);
  return { ...found, readAt };
}

/** Forgets this process's copies (as a freshly started instance has none); the store's stay. */
export function forgetListedPrices(): void {
  listed.clear();
}

/** The price of a Region: configuration, then the Price List API, then the built-in table. */
export async function regionPrice(region: string): Promise<Price> {
  const overrides = config().prices;
  if (overrides[region]) return priceFor(region, overrides);
  try {
    const p = await listed.get(
      region,
      (l) => l.readAt + DAY_MS - Date.now(),
      () => listedPrice(region),
    );
    if (p.usagePrefix) learnedPrefixes.set(p.usagePrefix, region);
    if (p.dpuPerMillion !== undefined && p.storageGbMonth !== undefined) {
      return { known: true, dpuPerMillion: p.dpuPerMillion, storageGbMonth: p.storageGbMonth, source: PRICE_LIST_SOURCE, readOn: new Date(p.readAt).toISOString().slice(0, 10) };
    }
    return priceFor(region);
  } catch (err) {
    const fallback = priceFor(region);
    const why = `the Price List API could not be read (${toAppError(err).message})`;
    return fallback.known ? { ...fallback, source: `${fallback.source}; ${why}` } : { known: false, reason: `${fallback.reason}; ${why}` };
  }
}
