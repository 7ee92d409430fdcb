import { createHash } from "node:crypto";
import { AwsError } from "../../protocols/errors";
import { SCENARIO_PRICES } from "../../scenario/prices";

/**
 * The AWS Price List Query API (JSON 1.1, target AWSPriceListService) for Aurora DSQL: GetProducts
 * answers price-list documents (as JSON strings, as AWS sends them) filtered with TERM_MATCH, and
 * DescribeServices names the service's attributes. Simplification: only the AuroraDSQL service
 * code, and only TERM_MATCH filters on the product attributes.
 */

export const PRICING_TARGET = "AWSPriceListService";
const SERVICE_CODE = "AuroraDSQL";
const ATTRIBUTES = ["servicecode", "servicename", "location", "locationType", "regionCode", "usagetype", "operation", "group", "groupDescription"];

interface Product {
  sku: string;
  attributes: Record<string, string>;
  unit: string;
  usd: string;
  description: string;
}

const sku = (s: string) => createHash("sha1").update(s).digest("hex").slice(0, 16).toUpperCase();

function products(): Product[] {
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

function document(p: Product): string {
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

const invalid = (message: string) => new AwsError("InvalidParameterException", message, 400);

function getProducts(input: Record<string, unknown>) {
  if (input.ServiceCode !== SERVICE_CODE) throw new AwsError("NotFoundException", `The service code ${String(input.ServiceCode)} is not served by the emulator (only ${SERVICE_CODE})`, 400);
  const filters = Array.isArray(input.Filters) ? (input.Filters as Record<string, unknown>[]) : [];
  for (const f of filters) {
    if (f.Type !== "TERM_MATCH") throw invalid(`Filter type ${String(f.Type)} is not valid: use TERM_MATCH`);
    if (typeof f.Field !== "string" || typeof f.Value !== "string") throw invalid("A filter needs a Field and a Value");
  }
  const max = input.MaxResults === undefined ? 100 : input.MaxResults;
  if (typeof max !== "number" || !Number.isInteger(max) || max < 1 || max > 100) throw invalid("MaxResults must be between 1 and 100");
  const matching = products().filter((p) => filters.every((f) => p.attributes[String(f.Field)] === f.Value));
  const start = input.NextToken === undefined ? 0 : Number(Buffer.from(String(input.NextToken), "base64url").toString("utf8"));
  if (!Number.isInteger(start) || start < 0 || start > matching.length) throw new AwsError("InvalidNextTokenException", "The NextToken is not valid", 400);
  const page = matching.slice(start, start + max);
  return { FormatVersion: "aws_v1", PriceList: page.map(document), NextToken: start + max < matching.length ? Buffer.from(String(start + max)).toString("base64url") : undefined };
}

function describeServices(input: Record<string, unknown>) {
  if (input.ServiceCode !== undefined && input.ServiceCode !== SERVICE_CODE) return { Services: [], FormatVersion: "aws_v1" };
  return { Services: [{ ServiceCode: SERVICE_CODE, AttributeNames: ATTRIBUTES }], FormatVersion: "aws_v1" };
}

/** Every Price List operation the emulator answers. */
const OPERATIONS: Record<string, (input: Record<string, unknown>) => unknown> = {
  GetProducts: getProducts,
  DescribeServices: describeServices,
};

export function callPricing(operation: string, input: Record<string, unknown>): unknown {
  const handler = OPERATIONS[operation];
  if (!handler) throw new AwsError("UnknownOperationException", `The operation ${operation} is not served by the emulator`, 400);
  return handler(input);
}
