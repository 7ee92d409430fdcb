import { AwsError } from "../../protocols/errors";
import { ATTRIBUTES, document, products, SERVICE_CODE } from "./price-list";

/** GetProducts (TERM_MATCH filters, paging) and DescribeServices. */

const invalid = (message: string) => new AwsError("InvalidParameterException", message, 400);

export function getProducts(input: Record<string, unknown>) {
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

export function describeServices(input: Record<string, unknown>) {
  if (input.ServiceCode !== undefined && input.ServiceCode !== SERVICE_CODE) return { Services: [], FormatVersion: "aws_v1" };
  return { Services: [{ ServiceCode: SERVICE_CODE, AttributeNames: ATTRIBUTES }], FormatVersion: "aws_v1" };
}
