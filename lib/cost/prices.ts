import type { RegionPrice } from "../aws/config";

/**
 * Public Aurora DSQL prices per region, with where and when they were read (dsql-facts §2).
 * A region missing here is "unknown": it is never priced as us-east-1. Operators set it with
 * DSQL_OPS_PRICES='{"eu-west-1":{"dpuPerMillion":8.8,"storageGbMonth":0.36}}'.
 */

export interface PriceSource {
  source: string;
  /** ISO date the price was read. */
  readOn: string;
}

export const PUBLISHED_PRICES: Record<string, RegionPrice & PriceSource> = {
  "us-east-1": { dpuPerMillion: 8, storageGbMonth: 0.33, source: "aws.amazon.com/rds/aurora/dsql/pricing (also the DSQL docs' examples)", readOn: "2026-11-25" },
  "ap-northeast-1": { dpuPerMillion: 10, storageGbMonth: 0.4, source: "dev.classmethod.jp DSQL GA pricing analysis (May 2025)", readOn: "2026-11-25" },
};

export type Price = ({ known: true } & RegionPrice & PriceSource) | { known: false; reason: string };

/** The price of a region: configuration first, then the published table, else unknown. */
export function priceFor(region: string, overrides: Record<string, RegionPrice> = {}): Price {
  const o = overrides[region];
  if (o) return { known: true, ...o, source: "configuration (DSQL_OPS_PRICES)", readOn: "" };
  const p = PUBLISHED_PRICES[region];
  if (p) return { known: true, ...p };
  return { known: false, reason: `No published DSQL price is known for ${region}; set it in DSQL_OPS_PRICES to see dollars` };
}

/** The monthly free tier: account-wide, not per cluster; it does not expire (dsql-facts §2). */
export const FREE_TIER = { dpu: 100_000, storageGbMonth: 1 } as const;
