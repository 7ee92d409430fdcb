import { createHash } from "node:crypto";
import { SCENARIO_PRICES } from "../../scenario/prices";

/** The price list the emulator serves: one product per price, and its price-list document as AWS writes it. */

export const SERVICE_CODE = "AuroraDSQL";
export const ATTRIBUTES = ["servicecode", "servicename", "location", "locationType", "regionCode", "usagetype", "operation", "group", "groupDescription"];

export interface Product {
  sku: string;
  attributes: Record<string, string>;
  unit: string;
  usd: string;
  description: string;
}

const sku = (s: string) => createHash("sha1").update(s).digest("hex").slice(0, 16).toUpperCase();

/** The price-list products of Aurora DSQL: DPU and storage per Region of the scenario, and the free tier. */
export function products(): Product[] {
  const out: Product[] = [];
  for (const [regionCode, p] of Object.entries(SCENARIO_PRICES)) {
    const base = { servicecode: SERVICE_CODE, servicename: "Amazon Aurora DSQL", location: p.location, locationType: "AWS Region", regionCode };
    out.push({
      sku: sku(`${regionCode}/dpu`),
      attributes: { ...base, usagetype: `${p.usagePrefix}-DSQL-DistributedProcessingUnits`, operation: "", group: "DPU" },
      unit: "DPU",
      usd: (p.dpuPerMillion / 1e6).toFixed(10),
      description: `$${p.dpuPerMillion} per 1M Distributed Processing Units in ${p.location}`,
    });
    out.push({
      sku: sku(`${regionCode}/storage`),
      attributes: { ...base, usagetype: `${p.usagePrefix}-DSQL-Storage-ByteHrs`, operation: "", group: "Storage" },
      unit: "GB-Mo",
      usd: p.storageGbMonth.toFixed(10),
      description: `$${p.storageGbMonth} per GB-month of storage in ${p.location}`,
    });
  }
  // The account-wide free tier appears as its own product at rate 0.
  out.push({ sku: sku("global/free-dpu"), attributes: { servicecode: SERVICE_CODE, servicename: "Amazon Aurora DSQL", location: "Any", locationType: "AWS Region", regionCode: "global", usagetype: "Global-DSQL-DistributedProcessingUnits", operation: "", group: "DPU" }, unit: "DPU", usd: "0.0000000000", description: "$0 per DPU within the free tier" });
  return out;
}

/** A product as GetProducts returns it: a price-list document, serialised as AWS sends it. */
export function document(p: Product): string {
  const offer = `${p.sku}.JRTCKXETXF`;
  return JSON.stringify({
    product: { productFamily: "Database Usage", attributes: p.attributes, sku: p.sku },
    serviceCode: SERVICE_CODE,
    terms: {
      OnDemand: {
        [offer]: {
          priceDimensions: { [`${offer}.6YS6EN2CT7`]: { unit: p.unit, endRange: "Inf", description: p.description, appliesTo: [], rateCode: `${offer}.6YS6EN2CT7`, beginRange: "0", pricePerUnit: { USD: p.usd } } },
          sku: p.sku,
          effectiveDate: "2026-09-01T00:00:00Z",
          offerTermCode: "JRTCKXETXF",
          termAttributes: {},
        },
      },
    },
    version: "20260901000000",
    publicationDate: "2026-09-01T00:00:00Z",
  });
}
