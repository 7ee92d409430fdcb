import { z, type ZodType } from "zod";
import { recordAudit, redact } from "../audit";
import { requireOperator, userFromRequest, type User } from "../auth";
import { config, regionSchema } from "../aws/config";
import { ACCOUNT_ID, CLUSTER_ID } from "../aws/ids";
import { AppError, toAppError } from "../errors";
import { SharedRateLimiter } from "./shared-rate-limit";

/**
 * The one wrapper every `app/api/**` handler goes through: resolves the user; for mutations
 * checks the Origin and the operator role first (so a viewer is refused whatever the input);
 * validates params, query and body with zod (400 naming the field); applies the per-user rate
 * limit to mutations; writes the audit log for every mutation, allowed or refused. Errors
 * become JSON with a status a person can act on.
 */

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  user: User;
  req: Request;
}

export interface Spec<P, Q, B> {
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  /**
   * Present for routes that change something: the audit action name and its target. The
   * audit log records `auditParams(body)`, or the body itself, with secrets redacted.
   */
  mutation?: { action: string; target: (ctx: { params: P; body: B }) => string; auditParams?: (body: B) => Record<string, unknown> };
  /** Body size limit for this route when it needs more than the default (uploads). */
  maxBodyBytes?: number;
}

type NextCtx = { params: Promise<Record<string, string | string[] | undefined>> };

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** Refused by the per-user mutation rate limit; the response says when to retry. */
class RateLimited extends AppError {
  constructor(readonly retryAfterS: number) {
    super(429, `Too many changes in a short time: try again in ${retryAfterS} s`, "RateLimited");
  }
}

/** JSON with <, > and & escaped, so no error that quotes its input can ever be read as HTML. */
function safeJson(value: unknown, init: ResponseInit): Response {
  const text = JSON.stringify(value).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json");
  headers.set("cache-control", "no-store");
  return new Response(text, { ...init, headers });
}

export function errorResponse(err: unknown): Response {
  const e = toAppError(err);
  if (e.status >= 500) console.error(JSON.stringify({ error: e.code, status: e.status, message: e.message }));
  const headers: Record<string, string> = e instanceof RateLimited ? { "retry-after": String(e.retryAfterS) } : {};
  return safeJson({ error: e.message, code: e.code }, { status: e.status, headers });
}

function parse<T>(schema: ZodType<T> | undefined, value: unknown, where: "path" | "query" | "body"): T {
  if (!schema) return undefined as T;
  if (where !== "body") refuseNul(value as Record<string, unknown>, where);
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue.path.length ? issue.path.map(String).join(".").slice(0, 100) : where;
  throw new AppError(400, `Invalid ${where} field "${field}": ${issue.message}`, "BadRequest");
}

/**
 * A NUL character in a path or query value is refused here: nothing the dashboard names contains
 * one, and PostgreSQL text cannot hold it (the store would answer with a 500).
 */
function refuseNul(values: Record<string, unknown>, where: string) {
  for (const [key, value] of Object.entries(values)) {
    const strings = Array.isArray(value) ? value : [value];
    if (key.includes("\0") || strings.some((s) => typeof s === "string" && s.includes("\0"))) {
      throw new AppError(400, `Invalid ${where} field "${key.replace(/\0/g, "\\0").slice(0, 100)}": must not contain NUL characters`, "BadRequest");
    }
  }
}

function checkOrigin(req: Request) {
  const origin = req.headers.get("origin");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (!origin || !host) throw new AppError(403, "Changes must come from the dashboard itself (the Origin header is missing)", "Forbidden");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new AppError(403, "The Origin header is not a URL", "Forbidden");
  }
  if (originHost !== host) throw new AppError(403, "Changes must come from the dashboard itself (the Origin does not match)", "Forbidden");
}

/** The body, read up to the limit (a huge upload is cut off, not buffered) and decoded as strict UTF-8. */
async function readJson(req: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<unknown> {
  const type = (req.headers.get("content-type") ?? "").toLowerCase().split(";")[0].trim();
  if (type !== "application/json") throw new AppError(415, "The request body must be JSON (Content-Type: application/json)", "UnsupportedMediaType");
  const tooLarge = () => new AppError(413, `The request body is larger than ${maxBytes} bytes`, "PayloadTooLarge");
  if (Number(req.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError(400, "The request body is not valid UTF-8", "BadRequest");
  }
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError(400, "The request body is not valid JSON", "BadRequest");
  }
}

let limiter: SharedRateLimiter | undefined;
/** Counted in the store, so a user's changes are limited across all instances together. */
function mutationLimiter(): SharedRateLimiter {
  const { perMinute, burst } = config().mutationRateLimit;
  return (limiter ??= new SharedRateLimiter(perMinute, burst));
}

const UNKNOWN_USER: User = { name: "unauthenticated", role: "viewer", groups: [] };

export function route<P = undefined, Q = undefined, B = undefined>(spec: Spec<P, Q, B>, fn: (ctx: RouteContext<P, Q, B>) => Promise<unknown>) {
  return async (req: Request, nextCtx: NextCtx): Promise<Response> => {
    const m = spec.mutation;
    let user: User | undefined;
    let allowed = false;
    let params: P | undefined;
    let body: B | undefined;

    /** One audit record per mutation attempt, whatever happened. */
    const audit = async (status: number, message?: string) => {
      if (!m) return;
      let target: string | undefined;
      try {
        const p = params ?? (spec.params ? spec.params.safeParse(await nextCtx.params).data : undefined);
        if (p !== undefined || !spec.params) target = m.target({ params: p as P, body: body as B });
        // Refused before the body was read: a target built from the body would say "undefined".
        if (body === undefined && spec.body && target?.includes("undefined")) target = undefined;
      } catch {
        /* the target is only known once the input parsed */
      }
      let auditParams: Record<string, unknown> | undefined;
      try {
        auditParams = body === undefined ? undefined : m.auditParams ? m.auditParams(body) : (redact(body) as Record<string, unknown>);
      } catch {
        auditParams = undefined;
      }
      await recordAudit({
        user: user ?? UNKNOWN_USER,
        action: m.action,
        target: (target ?? new URL(req.url).pathname).slice(0, 300),
        params: auditParams,
        allowed,
        result: !allowed ? "refused" : status < 400 ? "ok" : "failed",
        status,
        message,
      });
    };

    try {
      user = await userFromRequest(req.headers);
      if (m) {
        checkOrigin(req);
        requireOperator(user, m.action);
        allowed = true;
      }
      params = parse(spec.params, await nextCtx.params, "path");
      const query = parse(spec.query, Object.fromEntries(new URL(req.url).searchParams), "query");
      body = spec.body ? parse(spec.body, await readJson(req, spec.maxBodyBytes), "body") : (undefined as B);
      if (m) {
        const wait = await mutationLimiter().take(user.name);
        if (wait) {
          allowed = false;
          throw new RateLimited(wait);
        }
      }
      const result = await fn({ params: params as P, query, body: body as B, user, req });
      const res = result instanceof Response ? result : safeJson(result ?? {}, { status: 200 });
      await audit(res.status);
      return res;
    } catch (err) {
      const e = toAppError(err);
      await audit(e.status, e.message);
      return errorResponse(e);
    }
  };
}

/** Common path pieces. */
export const regionParam = regionSchema;
export const accountParam = z.string().regex(ACCOUNT_ID, "must be a 12-digit AWS account id");
export const clusterIdParam = z.string().regex(CLUSTER_ID, "must be a 26-character cluster identifier");
