import { AwsError } from "../../protocols/errors";
import { hash32 } from "../../scenario/random";

/**
 * Reading CloudWatch inputs the same way whichever protocol brought them: JSON 1.0 gives numbers,
 * booleans and epoch-second timestamps; the Query protocol gives strings and ISO-8601 timestamps.
 * Errors use CloudWatch's Query-era codes (the SDK maps them to its exception classes).
 */

export const invalidValue = (message: string) => new AwsError("InvalidParameterValue", message, 400);
export const invalidCombination = (message: string) => new AwsError("InvalidParameterCombination", message, 400);
export const missing = (name: string) => new AwsError("MissingParameter", `The parameter ${name} is required.`, 400);
/** GetMetricData and the newer operations report input problems as ValidationError. */
export const validationError = (message: string) => new AwsError("ValidationError", message, 400);
export const invalidNextToken = (message = "The service couldn't process the NextToken.") => new AwsError("InvalidNextToken", message, 400);

/** CloudWatch's error structures by Query-era code, as named in the service model. */
const ERROR_SHAPES: Record<string, string> = {
  InvalidParameterValue: "InvalidParameterValueException",
  InvalidParameterCombination: "InvalidParameterCombinationException",
  MissingParameter: "MissingRequiredParameterException",
  ValidationError: "ValidationException",
  LimitExceeded: "LimitExceededFault",
  InternalServiceError: "InternalServiceFault",
  InvalidFormat: "InvalidFormatFault",
};
export const cloudWatchErrorShape = (code: string) => ERROR_SHAPES[code] ?? code;

export type Input = Record<string, unknown>;
type Err = (message: string) => AwsError;

export function str(v: unknown, name: string, opts: { required?: boolean; max?: number; err?: Err } = {}): string | undefined {
  const err = opts.err ?? invalidValue;
  if (v === undefined || v === null) {
    if (opts.required) throw opts.err ? err(`The parameter ${name} is required.`) : missing(name);
    return undefined;
  }
  if (typeof v !== "string") throw err(`The parameter ${name} must be a string.`);
  if (opts.required && !v) throw err(`The parameter ${name} must not be empty.`);
  if (opts.max !== undefined && v.length > opts.max) throw err(`The parameter ${name} must be at most ${opts.max} characters long.`);
  return v;
}

export function num(v: unknown, name: string, opts: { required?: boolean; integer?: boolean; min?: number; max?: number; err?: Err } = {}): number | undefined {
  const err = opts.err ?? invalidValue;
  if (v === undefined || v === null || v === "") {
    if (opts.required) throw opts.err ? err(`The parameter ${name} is required.`) : missing(name);
    return undefined;
  }
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw err(`The value ${String(v)} for parameter ${name} is not a number.`);
  if (opts.integer && !Number.isInteger(n)) throw err(`The value ${n} for parameter ${name} must be a whole number.`);
  if (opts.min !== undefined && n < opts.min) throw err(`The value ${n} for parameter ${name} must be greater than or equal to ${opts.min}.`);
  if (opts.max !== undefined && n > opts.max) throw err(`The value ${n} for parameter ${name} must be less than or equal to ${opts.max}.`);
  return n;
}

export function bool(v: unknown, name: string, dflt: boolean): boolean {
  if (v === undefined || v === null || v === "") return dflt;
  if (typeof v === "boolean") return v;
  if (v === "true") return true;
  if (v === "false") return false;
  throw invalidValue(`The value ${String(v)} for parameter ${name} must be true or false.`);
}

/** A list member; the Query protocol sends an empty list as `Name=` (an empty string). */
export function list(v: unknown, name: string, err: Err = invalidValue): unknown[] {
  if (v === undefined || v === null || v === "") return [];
  if (!Array.isArray(v)) throw err(`The parameter ${name} must be a list.`);
  return v;
}

export function obj(v: unknown, name: string, err: Err = invalidValue): Input | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw err(`The parameter ${name} must be a structure.`);
  return v as Input;
}

/** A timestamp: epoch seconds (JSON 1.0), an ISO-8601 string (Query), or a Date. */
export function time(v: unknown, name: string, opts: { required?: boolean; err?: Err } = {}): number | undefined {
  const err = opts.err ?? invalidValue;
  if (v === undefined || v === null || v === "") {
    if (opts.required) throw opts.err ? err(`The parameter ${name} is required.`) : missing(name);
    return undefined;
  }
  let ms = NaN;
  if (v instanceof Date) ms = v.getTime();
  else if (typeof v === "number") ms = v * 1000;
  else if (typeof v === "string") ms = /^-?\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v);
  if (!Number.isFinite(ms)) throw err(`The value ${String(v)} for parameter ${name} is not a valid timestamp.`);
  return ms;
}

export interface Dimension {
  Name: string;
  Value: string;
}

export interface MetricId {
  Namespace: string;
  MetricName: string;
  Dimensions: Dimension[];
}

export function dimensions(v: unknown, name: string, err: Err = invalidValue, valueRequired = true): Dimension[] {
  const dims = list(v, name, err).map((d, i) => {
    const o = obj(d, `${name}.member.${i + 1}`, err) ?? {};
    const n = str(o.Name, `${name}.member.${i + 1}.Name`, { required: true, max: 255, err });
    const val = str(o.Value, `${name}.member.${i + 1}.Value`, { required: valueRequired, max: 1024, err });
    return { Name: n!, Value: val ?? "" };
  });
  if (dims.length > 30) throw err(`The collection ${name} must not have more than 30 members.`);
  const names = new Set(dims.map((d) => d.Name));
  if (names.size !== dims.length) throw invalidCombination(`No metric may have duplicate dimension names (${name}).`);
  return dims;
}

export function metricId(o: Input, name: string, err: Err = invalidValue): MetricId {
  const prefix = name ? `${name}.` : "";
  return {
    Namespace: str(o.Namespace, `${prefix}Namespace`, { required: true, max: 255, err })!,
    MetricName: str(o.MetricName, `${prefix}MetricName`, { required: true, max: 255, err })!,
    Dimensions: dimensions(o.Dimensions, `${prefix}Dimensions`, err),
  };
}

/** One key per metric: namespace, name and the dimension set (order does not matter). */
export function metricKey(m: MetricId): string {
  const dims = [...m.Dimensions].sort((a, b) => a.Name.localeCompare(b.Name)).map((d) => `${d.Name}=${d.Value}`);
  return `${m.Namespace}\u0000${m.MetricName}\u0000${dims.join("\u0001")}`;
}

export const STATISTICS = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"] as const;
export type Statistic = (typeof STATISTICS)[number];
/** pNN or pNN.NN (percentiles); the other extended statistics (tm, wm, tc, ts, IQM) are not emulated. */
export const PERCENTILE = /^p(\d{1,2}(\.\d{1,10})?|100)$/;

export const isStat = (s: string) => (STATISTICS as readonly string[]).includes(s) || PERCENTILE.test(s);

/** Periods CloudWatch accepts: 1, 5, 10, 20, 30 (high resolution) or a multiple of 60. */
export const validPeriod = (p: number) => Number.isInteger(p) && p > 0 && ([1, 5, 10, 20, 30].includes(p) || p % 60 === 0);

/** Opaque page tokens: base64url JSON, checked against the request they belong to. */
export function encodeToken(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeToken<T extends object>(token: unknown, check: (t: T) => boolean): T | undefined {
  if (token === undefined || token === null || token === "") return undefined;
  if (typeof token !== "string") throw invalidNextToken();
  try {
    const v = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as T;
    if (v && typeof v === "object" && check(v)) return v;
  } catch {
    // fall through
  }
  throw invalidNextToken();
}

/** Simple paging of a list by offset, as ListMetrics/DescribeAlarms do. */
export function page<T>(items: T[], token: unknown, size: number, request: string): { items: T[]; next?: string } {
  const fingerprint = hash32(request).toString(36);
  const t = decodeToken<{ o: number; f: string }>(token, (v) => Number.isInteger(v.o) && v.o >= 0 && v.f === fingerprint);
  const start = t?.o ?? 0;
  const slice = items.slice(start, start + size);
  return { items: slice, next: start + size < items.length ? encodeToken({ o: start + size, f: fingerprint }) : undefined };
}

/** Tags as CloudWatch takes them (PutMetricAlarm, PutCompositeAlarm, TagResource): at most 50. */
export function parseTags(v: unknown): { Key: string; Value: string }[] {
  const tags = list(v, "Tags").map((t, i) => {
    const o = obj(t, `Tags.member.${i + 1}`) ?? {};
    return { Key: str(o.Key, `Tags.member.${i + 1}.Key`, { required: true, max: 128 })!, Value: str(o.Value, `Tags.member.${i + 1}.Value`, { required: true, max: 256 })! };
  });
  if (tags.length > 50) throw invalidValue("A resource can have at most 50 tags.");
  return tags;
}
