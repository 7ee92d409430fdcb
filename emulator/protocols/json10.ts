import { AwsError } from "./errors";
import type { EmuRequest, EmuResponse } from "./http";

/**
 * AWS JSON 1.0, as the current JS SDK speaks to CloudWatch: POST /, the operation in
 * `X-Amz-Target: <ServiceTarget>.<Operation>`. CloudWatch is "awsQueryCompatible": errors also
 * carry `x-amzn-query-error: Code;Fault` so SDKs can report the Query-era error code.
 */

export const CONTENT_TYPE = "application/x-amz-json-1.0";
/** AWS JSON 1.1 (Organizations, Cost Explorer, Pricing) differs only in its content type. */
export type JsonVersion = "1.0" | "1.1";
const contentType = (v: JsonVersion) => `application/x-amz-json-${v}`;

export function json10Operation(req: EmuRequest, serviceTarget: string): string | undefined {
  const target = req.headers["x-amz-target"];
  if (typeof target !== "string") return undefined;
  const [prefix, op] = target.split(".");
  if (prefix !== serviceTarget || !op) throw new AwsError("UnknownOperationException", `Unknown target ${target}`, 400);
  return op;
}

export function json10Input(req: EmuRequest): Record<string, unknown> {
  if (!req.body.length) return {};
  let v: unknown;
  try {
    v = JSON.parse(req.body.toString("utf8"));
  } catch {
    throw new AwsError("SerializationException", "Request body is not valid JSON", 400);
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) throw new AwsError("SerializationException", "Request body must be a JSON object", 400);
  return v as Record<string, unknown>;
}

/**
 * Services hand back Date objects; on this protocol they travel as epoch seconds. (A walk before
 * stringifying is several times faster than a replacer on answers with 100k datapoints; AWS lists
 * are homogeneous, so a list of numbers or strings is kept as it is.)
 */
function epochDates(v: unknown): unknown {
  if (v instanceof Date) return v.getTime() / 1000;
  if (Array.isArray(v)) return v.length && (typeof v[0] === "number" || typeof v[0] === "string") ? v : v.map(epochDates);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = epochDates(x);
    return out;
  }
  return v;
}

export function json10Response(value: unknown, version: JsonVersion = "1.0"): EmuResponse {
  return { status: 200, headers: { "content-type": contentType(version) }, body: JSON.stringify(epochDates(value ?? {})) };
}

/**
 * `shapeOf` names the error structure for `__type` when it differs from the Query-era code
 * (CloudWatch: code InvalidParameterValue, shape InvalidParameterValueException), unless the
 * error names its own (`err.shape`).
 */
export function json10Error(err: AwsError, namespace: string, shapeOf: (code: string) => string = (c) => c, version: JsonVersion = "1.0"): EmuResponse {
  return {
    status: err.status,
    headers: { "content-type": contentType(version), "x-amzn-query-error": `${err.code};${err.fault}` },
    body: JSON.stringify({ __type: `${namespace}#${err.shape ?? shapeOf(err.code)}`, message: err.message, ...err.fields }),
  };
}
