import type { RegionPrice } from "../aws/config";

/**
 * Public Aurora DSQL prices per Region, each with where and when it was read (dsql-facts §2 and
 * the December 2026 additions). A Region missing here is "unknown": it is never priced as
 * us-east-1. Operators set it with
 * DSQL_OPS_PRICES='{"eu-west-1":{"dpuPerMillion":8.8,"storageGbMonth":0.36}}'.
 */

export interface PriceSource {
  source: string;
  /** ISO date the price was read, or the date its source states. */
  readOn: string;
}

/**
 * The Regions Aurora DSQL runs in. The AWS Config rule page lists 16; the newer copy of the
 * service's own endpoints page also has Hong Kong and Melbourne, so they are kept (AWS's pages
 * disagree; the endpoint list is the service's own word on where it answers).
 */
export const DSQL_REGIONS = [
  "us-east-1", "us-east-2", "us-west-2", "ca-central-1", "ca-west-1",
  "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "eu-south-2",
  "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1",
  "ap-east-1", "ap-southeast-4",
] as const;

export const DSQL_REGIONS_SOURCE: PriceSource = {
  source: "docs.aws.amazon.com/config/latest/developerguide/dsql-cluster-multi-region-replication-enabled.html (16 Regions); docs.aws.amazon.com/general/latest/gr/dsql.md (adds ap-east-1, ap-southeast-4)",
  readOn: "2026-12-04",
};

export const PUBLISHED_PRICES: Record<string, RegionPrice & PriceSource> = {
  "us-east-1": { dpuPerMillion: 8, storageGbMonth: 0.33, source: "aws.amazon.com/rds/aurora/dsql/pricing (also the DSQL docs' examples, and the Price List's USE1-DSQL-DistributedProcessingUnits at $0.000008 per DPU)", readOn: "2026-12-04" },
  "us-east-2": { dpuPerMillion: 8, storageGbMonth: 0.33, source: "dsql-facts.md, December 2026 additions (third party; not on an AWS page we could read)", readOn: "2026-12-04" },
  "eu-north-1": { dpuPerMillion: 9.5, storageGbMonth: 0.36, source: "AWS Price List offer AuroraDSQL/20260714190804, EUN1-DSQL-* usage types, as quoted by a third-party cost write-up; the same in dsql-facts.md", readOn: "2026-07-14" },
  "ap-northeast-1": { dpuPerMillion: 10, storageGbMonth: 0.4, source: "dev.classmethod.jp/articles/amazon-aurora-dsql-ga-pricing-analysis", readOn: "2025-05-28" },
  "ap-northeast-2": { dpuPerMillion: 10, storageGbMonth: 0.4, source: "dsql-facts.md, December 2026 additions (third party, from the Price List of 2026-09-11)", readOn: "2026-09-11" },
};

/**
 * DSQL Regions with no published price in any source we could read (the AWS pricing page's
 * regional table was not readable; searched its copies, the user guide, the endpoints page, AWS
 * announcements, third-party write-ups and public rate cards, 2026-12-04). They stay unknown until
 * a source is found; the Price List API or DSQL_OPS_PRICES prices them meanwhile.
 */
export const NO_PUBLISHED_PRICE: readonly string[] = [
  "us-west-2", "ca-central-1", "ca-west-1",
  "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-south-2",
  "ap-northeast-3", "ap-south-1", "ap-southeast-1", "ap-east-1", "ap-southeast-4",
];

export type Price = ({ known: true } & RegionPrice & PriceSource) | { known: false; reason: string };

/** The price of a region: configuration first, then the published table, else unknown. */
export function priceFor(region: string, overrides: Record<string, RegionPrice> = {}): Price {
  const o = overrides[region];
  if (o) return { known: true, ...o, source: "configuration (DSQL_OPS_PRICES)", readOn: "" };
  const p = PUBLISHED_PRICES[region];
  if (p) return { known: true, ...p };
  return { known: false, reason: `No published DSQL price is known for ${region}; set it in DSQL_OPS_PRICES to see dollars` };
}

/**
 * AWS's billing-location prefixes of usage types (USE1-DSQL-DistributedProcessingUnits is
 * us-east-1's DPUs), for the DSQL Regions whose code we could confirm in AWS's price lists; the
 * Price List API teaches the dashboard the rest (pricing.ts). An unknown prefix is shown as is.
 */
// prettier-ignore
export const USAGE_PREFIXES: Record<string, string> = {
  USE1: "us-east-1", USE2: "us-east-2", USW2: "us-west-2", CAN1: "ca-central-1",
  EU: "eu-west-1", EUW2: "eu-west-2", EUW3: "eu-west-3", EUC1: "eu-central-1", EUN1: "eu-north-1", EUS2: "eu-south-2",
  APN1: "ap-northeast-1", APN2: "ap-northeast-2", APN3: "ap-northeast-3", APS1: "ap-southeast-1", APS3: "ap-south-1", APE1: "ap-east-1",
};

/**
 * The monthly free tier: account-wide, not per cluster; it does not expire (dsql-facts §2; the
 * pricing page, and the Price List's Global-DSQL-* products at rate 0, "first 100k DPUs").
 */
export const FREE_TIER = { dpu: 100_000, storageGbMonth: 1 } as const;
