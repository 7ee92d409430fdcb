import { XMLBuilder } from "fast-xml-parser";
import { AwsError } from "./errors";
import type { EmuRequest, EmuResponse } from "./http";

/**
 * The AWS Query protocol (form-encoded `Action=...&Version=...`, XML answers), as the AWS CLI and
 * older SDKs speak to CloudWatch. Requests decode into the same input shape the JSON 1.0 path
 * gives (lists from `Name.member.N`, maps from `Name.entry.N.key/value`, numbers and booleans
 * coerced by field); timestamps stay ISO-8601 strings, which the services accept as well as
 * epoch seconds. Answers wrap the result in `<ActionResponse><ActionResult>`, lists as `<member>`.
 */

export const XML_NAMESPACE = "http://monitoring.amazonaws.com/doc/2010-08-01/";
export const QUERY_VERSION = "2010-08-01";

// Field types of CloudWatch inputs, by path with the list indices left out.
const NUMBERS = new Set([
  "MaxDatapoints",
  "MaxRecords",
  "MaxResults",
  "Period",
  "EvaluationPeriods",
  "DatapointsToAlarm",
  "Threshold",
  "MetricDataQueries.Period",
  "MetricDataQueries.MetricStat.Period",
  "Metrics.Period",
  "Metrics.MetricStat.Period",
  "MetricData.Value",
  "MetricData.Values",
  "MetricData.Counts",
  "MetricData.StorageResolution",
  "MetricData.StatisticValues.SampleCount",
  "MetricData.StatisticValues.Sum",
  "MetricData.StatisticValues.Minimum",
  "MetricData.StatisticValues.Maximum",
]);
const BOOLEANS = new Set(["ActionsEnabled", "IncludeLinkedAccounts", "StrictEntityValidation", "MetricDataQueries.ReturnData", "Metrics.ReturnData"]);
/** Output members that are maps (rendered as `<entry><key/><value/></entry>`). */
const MAPS = new Set(["ExtendedStatistics"]);

/** What tells one Query service from another: its XML namespace, API version and typed input fields. */
export interface QueryService {
  namespace: string;
  version: string;
  numbers?: ReadonlySet<string>;
  booleans?: ReadonlySet<string>;
  /**
   * EC2's dialect of the protocol: lists in requests are flattened (`Filter.1.Value.2`, no
   * `.member.`), answers carry the output members directly under `<ActionResponse>` with a
   * `<requestId>` and lists as `<item>` (the service names each member, lowerCamel, itself), and
   * errors are `<Response><Errors><Error>…</Error></Errors><RequestID>`.
   */
  ec2?: boolean;
}
export const CLOUDWATCH_QUERY: QueryService = { namespace: XML_NAMESPACE, version: QUERY_VERSION, numbers: NUMBERS, booleans: BOOLEANS };

export function isQueryRequest(req: EmuRequest): boolean {
  return String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded") || (req.method === "GET" && req.query.has("Action"));
}

function coerce(path: string, raw: string, svc: QueryService): unknown {
  if (svc.numbers?.has(path)) {
    const n = Number(raw);
    return raw !== "" && Number.isFinite(n) ? n : raw;
  }
  if (svc.booleans?.has(path)) return raw === "true" ? true : raw === "false" ? false : raw;
  return raw;
}

type Tree = Record<string, unknown>;
/** Lists decoded from `entry.N` (maps), told apart from `member.N` lists. */
const mapLists = new WeakSet<unknown[]>();

/** Decodes form parameters into nested input: `A.member.2.B=x` → `{A: [ , {B: "x"}]}` (compacted). */
export function decodeQueryParams(params: URLSearchParams, svc: QueryService = CLOUDWATCH_QUERY): Tree {
  const root: Tree = {};
  for (const [key, value] of params) {
    if (key === "Action" || key === "Version" || key.startsWith("X-Amz-")) continue;
    const parts = key.split(".");
    let node: Tree = root;
    const path: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i];
      if (!name) throw new AwsError("MalformedQueryString", `The parameter name ${key} is malformed.`, 400);
      // A list is `Name.member.N` (maps `Name.entry.N`), or `Name.N` in EC2's dialect.
      const wrapped = !svc.ec2 && (parts[i + 1] === "member" || parts[i + 1] === "entry") && /^\d+$/.test(parts[i + 2] ?? "");
      const flat = !!svc.ec2 && /^\d+$/.test(parts[i + 1] ?? "");
      const slot = node;
      if (wrapped || flat) {
        const kind = wrapped ? parts[i + 1] : "member";
        const index = Number(parts[i + (wrapped ? 2 : 1)]) - 1;
        if (index < 0) throw new AwsError("MalformedQueryString", `The parameter name ${key} has an invalid list index.`, 400);
        path.push(name);
        const list = (Array.isArray(slot[name]) ? slot[name] : (slot[name] = [])) as unknown[];
        if (kind === "entry") mapLists.add(list);
        i += wrapped ? 2 : 1;
        if (i === parts.length - 1) {
          list[index] = coerce(path.join("."), value, svc);
          break;
        }
        if (!list[index] || typeof list[index] !== "object") list[index] = {};
        node = list[index] as Tree;
        continue;
      }
      path.push(name);
      if (i === parts.length - 1) slot[name] = coerce(path.join("."), value, svc);
      else node = (slot[name] = slot[name] && typeof slot[name] === "object" ? slot[name] : {}) as Tree;
    }
  }
  return compact(root) as Tree;
}

/** Drops list holes (members may be numbered with gaps) and turns `entry` lists into objects. */
function compact(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.filter((x) => x !== undefined).map(compact);
    if (mapLists.has(v)) return Object.fromEntries((items as Tree[]).map((e) => [String(e.key), e.value]));
    return items;
  }
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, compact(x)]));
  return v;
}

export function queryInput(req: EmuRequest, svc: QueryService = CLOUDWATCH_QUERY): { action: string; input: Record<string, unknown> } {
  const params = req.method === "GET" ? req.query : new URLSearchParams(req.body.toString("utf8"));
  const action = params.get("Action");
  if (!action) throw new AwsError("MissingAction", "The request must contain the parameter Action.", 400);
  const version = params.get("Version");
  if (version && version !== svc.version) throw new AwsError("InvalidParameterValue", `The value ${version} for parameter Version is not supported; use ${svc.version}.`, 400);
  return { action, input: decodeQueryParams(params, svc) };
}

/** A service result as the XML tree the Query protocol sends; list items are `<member>` (`<item>` in EC2's dialect). */
function toXmlTree(v: unknown, key = "", item = "member"): unknown {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.length ? { [item]: v.map((x) => toXmlTree(x, "", item)) } : "";
  if (v && typeof v === "object") {
    if (MAPS.has(key)) return { entry: Object.entries(v).map(([k, x]) => ({ key: k, value: toXmlTree(x) })) };
    const out: Tree = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined && x !== null) out[k] = toXmlTree(x, k, item);
    return out;
  }
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : v > 0 ? "Infinity" : v < 0 ? "-Infinity" : "NaN";
  return v;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@_", suppressEmptyNode: false });

const xml = (status: number, tree: Tree): EmuResponse => ({
  status,
  headers: { "content-type": "text/xml" },
  body: `<?xml version="1.0" encoding="UTF-8"?>${builder.build(tree)}`,
});

export function queryResponse(action: string, result: unknown, requestId: string, svc: QueryService = CLOUDWATCH_QUERY): EmuResponse {
  if (svc.ec2) return xml(200, { [`${action}Response`]: { "@_xmlns": svc.namespace, requestId, ...(toXmlTree(result ?? {}, "", "item") as Tree) } });
  const body = toXmlTree(result ?? {}) as Tree;
  const hasResult = Object.keys(body).length > 0;
  return xml(200, {
    [`${action}Response`]: {
      "@_xmlns": svc.namespace,
      ...(hasResult ? { [`${action}Result`]: body } : {}),
      ResponseMetadata: { RequestId: requestId },
    },
  });
}

export function queryError(err: AwsError, requestId: string, svc: QueryService = CLOUDWATCH_QUERY): EmuResponse {
  if (svc.ec2) return xml(err.status, { Response: { Errors: { Error: { Code: err.code, Message: err.message } }, RequestID: requestId } });
  return xml(err.status, {
    ErrorResponse: {
      "@_xmlns": svc.namespace,
      // The error structure's other members follow, as AWS sends them (lists as <member>).
      Error: { Type: err.fault, Code: err.code, Message: err.message, ...(toXmlTree(err.fields) as Tree) },
      RequestId: requestId,
    },
  });
}
