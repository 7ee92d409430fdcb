import { AwsError, operationHandler } from "../../protocols/errors";
import { describeServices, getProducts } from "./products";

/**
 * The AWS Price List Query API (JSON 1.1, target AWSPriceListService) for Aurora DSQL: GetProducts
 * answers price-list documents (as JSON strings, as AWS sends them) filtered with TERM_MATCH, and
 * DescribeServices names the service's attributes. Simplification: only the AuroraDSQL service
 * code, and only TERM_MATCH filters on the product attributes.
 */

export const PRICING_TARGET = "AWSPriceListService";

/** Every Price List operation the emulator answers, and the function answering it. */
const OPERATIONS: Record<string, (input: Record<string, unknown>) => unknown> = {
  // products.ts
  GetProducts: getProducts,
  DescribeServices: describeServices,
};

export function callPricing(operation: string, input: Record<string, unknown>): unknown {
  return operationHandler(OPERATIONS, operation)(input);
}
