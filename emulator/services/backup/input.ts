import { pageOf } from "../../protocols/paging";
import { invalidParam, missingParam } from "./errors";

/** The input checks AWS Backup's operations share: members of the JSON body, query parameters, paging. */

export const KMS_ARN = /^arn:aws:kms:([a-z0-9-]+):\d{12}:(key|alias)\/[A-Za-z0-9/_-]+$/;
export const KMS_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|alias\/[A-Za-z0-9/_-]+|mrk-[0-9a-f]{32})$/;
export const ROLE_ARN = /^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/;
export const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

export function requiredString(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  if (v === undefined || v === null || v === "") throw missingParam(name);
  if (typeof v !== "string") throw invalidParam(`${name} must be a string`);
  return v;
}

export function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw invalidParam(`${name} must be a string`);
  return v;
}

/** Query timestamps arrive as ISO 8601 (the SDK's default for httpQuery) or epoch seconds. */
export function timeParam(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v === null) return undefined;
  const ms = /^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v);
  if (!Number.isFinite(ms)) throw invalidParam(`${name} is not a valid timestamp`);
  return ms;
}

/** A page of a list operation (maxResults, nextToken); most accept up to 1000 items a page. */
export function paged<T>(items: T[], query: URLSearchParams, limit = 1000) {
  return pageOf(items, { max: query.get("maxResults"), token: query.get("nextToken"), limit, invalid: invalidParam });
}
