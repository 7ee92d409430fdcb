import { randomUUID } from "node:crypto";
import { z } from "zod";
import { AwsError } from "./protocols/errors";
import type { EmuResponse } from "./protocols/http";
import { json } from "./protocols/http";
import { queryError } from "./protocols/query";
import { rng } from "./scenario/random";
import { EC2_QUERY } from "./services/ec2";
import { promqlThrottled } from "./services/promql/quota";

/**
 * Fault injection: throttling, server errors, added latency, a region down and malformed
 * answers, scoped by service, region and operation, so tests and demos can watch the dashboard
 * degrade. Set at start (`--faults` / DSQL_OPS_EMULATOR_FAULTS, a JSON array of rules) or at run
 * time through `/_emulator/faults`. Each error is rendered in the shape the real service uses,
 * so the SDK classifies it (and retries it) as it would in AWS.
 */

const service = z
  .enum(["dsql", "monitoring", "cloudwatch", "backup", "pricing", "ce", "sns", "sts", "organizations", "ec2", "config", "servicequotas", "sql"])
  .transform((s) => (s === "cloudwatch" ? "monitoring" : s))
  .optional();

const scope = {
  /** SigV4 service name: dsql, monitoring (alias cloudwatch), backup, pricing, ce, sns, sts, organizations, ec2, config or servicequotas; sql for the SQL endpoint. All when absent. */
  service,
  region: z.string().min(1).optional(),
  /** The API operation, e.g. ListClusters, GetMetricData. */
  operation: z.string().min(1).optional(),
  /** Share of matching calls that fail, 0..1. */
  rate: z.number().min(0).max(1).default(1),
  /** Stop after this many injections. */
  times: z.number().int().positive().optional(),
};

export const faultRuleSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("throttle"), ...scope }).strict(),
  z.object({ kind: z.literal("error"), status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).default(500), ...scope }).strict(),
  z.object({ kind: z.literal("latency"), latencyMs: z.number().int().min(0).max(120_000).default(2000), ...scope }).strict(),
  /** The region's endpoint is unreachable: the connection is reset, or a load balancer answers 503. */
  z.object({ kind: z.literal("down"), mode: z.enum(["reset", "unavailable"]).default("reset"), ...scope }).strict(),
  /** A 200 whose body is not valid JSON. */
  z.object({ kind: z.literal("malformed"), ...scope }).strict(),
  /** The caller's policy does not allow the call: AccessDeniedException naming the IAM action, as AWS words it. */
  z.object({ kind: z.literal("denied"), ...scope }).strict(),
  /**
   * On the SQL endpoint: a write that commits on its own fails with DSQL's OCC error (SQLSTATE
   * 40001, OC000 data or OC001 schema conflict) and changes nothing, as when another transaction
   * committed first. A simplification: COMMITs of explicit transactions are not failed.
   */
  z.object({ kind: z.literal("conflict"), code: z.enum(["OC000", "OC001"]).default("OC000"), ...scope }).strict(),
]);
export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultRule = z.output<typeof faultRuleSchema> & { id: string; injected: number };

export interface FaultTarget {
  service: string;
  region: string;
  operation?: string;
  /** CloudWatch over the Query protocol (AWS CLI, older SDKs): errors in XML. */
  query?: boolean;
  /** CloudWatch's PromQL API: throttling in the Prometheus error shape. */
  promql?: boolean;
}

/** What the server should do instead of (or before) dispatching the call. */
export type FaultOutcome = { delayMs: number; response?: EmuResponse; reset?: boolean };

const CW_JSON = "application/x-amz-json-1.0";

/** An error in the wire shape of the call: Query XML or JSON 1.0 (query-compatible) for CloudWatch, restJson1 otherwise. */
function awsError(t: FaultTarget, status: number, code: string, message: string, queryCode = code, extra: Record<string, string> = {}): EmuResponse {
  const svc = t.service;
  if (t.query) {
    const fault = status >= 500 ? "Receiver" : "Sender";
    return {
      status,
      headers: { "content-type": "text/xml", ...extra },
      body: `<ErrorResponse><Error><Type>${fault}</Type><Code>${queryCode}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
    };
  }
  if (svc === "monitoring") {
    // CloudWatch's throttling is a Coral availability error; the query-compatible header carries the Query code.
    const ns = code === "ThrottlingException" || code === "ServiceUnavailableException" ? "com.amazon.coral.availability" : "com.amazonaws.cloudwatch";
    const fault = status >= 500 ? "Receiver" : "Sender";
    return {
      status,
      headers: { "content-type": CW_JSON, "x-amzn-query-error": `${queryCode};${fault}`, ...extra },
      body: JSON.stringify({ __type: `${ns}#${code}`, message }),
    };
  }
  // restJson1: DSQL uses lowerCamel members, Backup PascalCase.
  const body = svc === "backup" ? { Message: message, Code: code } : { message };
  return json(status, body, { "x-amzn-errortype": code, ...extra });
}

/** EC2 has error codes of its own, in its own XML (`<Response><Errors>`). */
const ec2Fault = (status: number, code: string, message: string): EmuResponse => queryError(new AwsError(code, message, status), randomUUID(), EC2_QUERY);

function throttled(t: FaultTarget): EmuResponse {
  if (t.promql) return promqlThrottled("Rate exceeded (injected fault)");
  if (t.service === "ec2") return ec2Fault(503, "RequestLimitExceeded", "Request limit exceeded. (injected fault)");
  // DSQL models ThrottlingException as HTTP 429; CloudWatch answers 400 "Throttling"; Backup 400 ThrottlingException.
  if (t.service === "dsql") return awsError(t, 429, "ThrottlingException", "Request rate exceeded (injected fault)", undefined, { "retry-after": "1" });
  return awsError(t, 400, "ThrottlingException", "Rate exceeded (injected fault)", "Throttling");
}

/** The IAM prefix of a service by its SigV4 name (they differ for CloudWatch only, among ours). */
const iamPrefix = (service: string) => (service === "monitoring" ? "cloudwatch" : service);

function denied(t: FaultTarget): EmuResponse {
  const action = `${iamPrefix(t.service)}:${t.operation ?? "*"}`;
  if (t.service === "ec2") return ec2Fault(403, "UnauthorizedOperation", `You are not authorized to perform this operation. User is not authorized to perform: ${action} (injected fault)`);
  return awsError(
    t,
    t.service === "dsql" || t.service === "backup" ? 403 : 400,
    "AccessDeniedException",
    `User: arn:aws:sts::123456789012:assumed-role/dsql-ops/dashboard is not authorized to perform: ${action} because no identity-based policy allows the ${action} action (injected fault)`,
    "AccessDenied",
  );
}

function serverError(t: FaultTarget, status: number): EmuResponse {
  const msg = `Injected ${status} fault`;
  if (t.service === "ec2") return ec2Fault(status, status === 503 ? "Unavailable" : "InternalError", msg);
  if (status === 503) return awsError(t, 503, "ServiceUnavailableException", msg, "ServiceUnavailable");
  if (t.service === "monitoring") return awsError(t, status, "InternalServiceFault", msg, "InternalServiceError");
  return awsError(t, status, t.service === "backup" ? "ServiceUnavailableException" : "InternalServerException", msg);
}

function malformed(t: FaultTarget): EmuResponse {
  const xml = t.query || t.service === "ec2";
  const type = xml ? "text/xml" : t.service === "monitoring" ? CW_JSON : "application/json";
  return { status: 200, headers: { "content-type": type }, body: xml ? "<DescribeAlarmsResponse><DescribeAlarmsResult>" : '{"truncated": [1, 2, ' };
}

/** A 503 from the load balancer in front of the service: HTML, no AWS error type. */
const unavailable: EmuResponse = { status: 503, headers: { "content-type": "text/html" }, body: "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>" };

export class FaultInjector {
  private rules: FaultRule[] = [];
  // Seeded so a run with rate < 1 fails the same calls every time.
  private readonly random: () => number;

  constructor(initial: FaultRuleInput[] = [], seed = 42) {
    this.random = rng(seed);
    this.add(initial);
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Validates and adds rules; throws a ZodError naming the bad field. */
  add(input: FaultRuleInput | FaultRuleInput[]): FaultRule[] {
    const parsed = z.array(faultRuleSchema).parse(Array.isArray(input) ? input : [input]);
    const added = parsed.map((r) => ({ ...r, id: randomUUID(), injected: 0 }));
    this.rules.push(...added);
    return added;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  private matches(r: FaultRule, t: FaultTarget): boolean {
    return (!r.service || r.service === t.service) && (!r.region || r.region === t.region) && (!r.operation || r.operation === t.operation);
  }

  private fire(r: FaultRule): boolean {
    if (r.rate < 1 && this.random() >= r.rate) return false;
    r.injected++;
    if (r.times !== undefined && r.injected >= r.times) this.remove(r.id);
    return true;
  }

  /** Decides the fate of one call: added latency (all matching latency rules add up), then the first failing rule. */
  decide(t: FaultTarget): FaultOutcome {
    let delayMs = 0;
    for (const r of [...this.rules]) {
      if (r.kind === "conflict" || !this.matches(r, t)) continue;
      if (r.kind === "latency") {
        if (this.fire(r)) delayMs += r.latencyMs;
        continue;
      }
      if (!this.fire(r)) continue;
      switch (r.kind) {
        case "throttle":
          return { delayMs, response: throttled(t) };
        case "error":
          return { delayMs, response: serverError(t, r.status) };
        case "down":
          return r.mode === "reset" ? { delayMs, reset: true } : { delayMs, response: unavailable };
        case "malformed":
          return { delayMs, response: malformed(t) };
        case "denied":
          return { delayMs, response: denied(t) };
      }
    }
    return { delayMs };
  }

  /** For a write on the SQL endpoint: the OCC conflict code to fail it with, if a conflict rule fires. */
  sqlConflict(region: string): "OC000" | "OC001" | undefined {
    for (const r of [...this.rules]) {
      if (r.kind !== "conflict" || !this.matches(r, { service: "sql", region, operation: "commit" })) continue;
      if (this.fire(r)) return r.code;
    }
    return undefined;
  }

  /**
   * `/_emulator/faults`: GET lists, POST adds (a rule or an array), PUT replaces all,
   * DELETE clears all, DELETE /_emulator/faults/<id> removes one.
   */
  control(method: string, path: string, body: Buffer): EmuResponse {
    const id = path.replace(/^\/_emulator\/faults\/?/, "");
    if (id) {
      if (method !== "DELETE") return json(405, { message: "Only DELETE applies to one fault" });
      return this.remove(decodeURIComponent(id)) ? json(200, { removed: id }) : json(404, { message: `No fault ${id}` });
    }
    if (method === "GET") return json(200, { faults: this.list() });
    if (method === "DELETE") {
      this.clear();
      return json(200, { faults: [] });
    }
    if (method !== "POST" && method !== "PUT") return json(405, { message: `${method} is not supported on /_emulator/faults` });
    let input: unknown;
    try {
      input = body.length ? JSON.parse(body.toString("utf8")) : undefined;
    } catch {
      return json(400, { message: "The body is not valid JSON" });
    }
    const rules = (input as { faults?: unknown })?.faults ?? input;
    const r = z.array(faultRuleSchema).safeParse(Array.isArray(rules) ? rules : [rules]);
    if (!r.success) {
      const issue = r.error.issues[0];
      return json(400, { message: `Invalid fault at ${issue.path.join(".") || "(root)"}: ${issue.message}` });
    }
    if (method === "PUT") this.clear();
    return json(200, { faults: this.add(r.data as FaultRuleInput[]) });
  }
}

/** Parses a `--faults` / DSQL_OPS_EMULATOR_FAULTS value: a JSON rule or array of rules. */
export function parseFaults(text: string | undefined): FaultRuleInput[] {
  if (!text?.trim()) return [];
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error("the faults are not valid JSON (expected a rule or an array of rules)");
  }
  const r = z.array(faultRuleSchema).safeParse(Array.isArray(v) ? v : [v]);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`invalid fault at ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return r.data as FaultRuleInput[];
}
