import { z, type ZodType } from "zod";
import { recordAudit } from "../audit";
import { requireOperator, userFromRequest, type User } from "../auth";
import { AppError, toAppError } from "../errors";

/**
 * The one wrapper every `app/api/**` handler goes through: validates params, query and body
 * with zod (400 naming the field), resolves the user, and for mutations checks the role and
 * the Origin and writes the audit log. Errors become JSON with a status a person can act on.
 */

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  user: User;
  req: Request;
}

interface Spec<P, Q, B> {
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  /** Present for routes that change something: the audit action name and its target. */
  mutation?: { action: string; target: (ctx: { params: P; body: B }) => string; auditParams?: (body: B) => Record<string, unknown> };
}

type NextCtx = { params: Promise<Record<string, string | string[] | undefined>> };

const MAX_BODY_BYTES = 64 * 1024;

export function errorResponse(err: unknown): Response {
  const e = toAppError(err);
  if (e.status >= 500) console.error(JSON.stringify({ error: e.code, status: e.status, message: e.message }));
  return Response.json({ error: e.message, code: e.code }, { status: e.status });
}

function parse<T>(schema: ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue.path.length ? issue.path.join(".") : where;
  throw new AppError(400, `Invalid ${where} field "${field}": ${issue.message}`, "BadRequest");
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
  if (originHost !== host) throw new AppError(403, `Changes must come from the dashboard itself (Origin ${origin} does not match)`, "Forbidden");
}

async function readJson(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) throw new AppError(400, "The request body must be JSON (Content-Type: application/json)", "BadRequest");
  const text = await req.text();
  if (text.length > MAX_BODY_BYTES) throw new AppError(400, `The request body is larger than ${MAX_BODY_BYTES} bytes`, "BadRequest");
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError(400, "The request body is not valid JSON", "BadRequest");
  }
}

export function route<P = undefined, Q = undefined, B = undefined>(spec: Spec<P, Q, B>, fn: (ctx: RouteContext<P, Q, B>) => Promise<unknown>) {
  return async (req: Request, nextCtx: NextCtx): Promise<Response> => {
    let user: User | undefined;
    let params: P | undefined;
    let body: B | undefined;
    try {
      user = await userFromRequest(req.headers);
      params = parse(spec.params, await nextCtx.params, "path");
      const url = new URL(req.url);
      const query = parse(spec.query, Object.fromEntries(url.searchParams), "query");
      if (spec.mutation) {
        checkOrigin(req);
        requireOperator(user, spec.mutation.action);
      }
      body = spec.body ? parse(spec.body, await readJson(req), "body") : (undefined as B);
      const result = await fn({ params: params as P, query, body: body as B, user, req });
      if (spec.mutation) {
        await recordAudit({ user, action: spec.mutation.action, target: spec.mutation.target({ params: params as P, body: body as B }), params: spec.mutation.auditParams?.(body as B), allowed: true, result: "ok", status: 200 });
      }
      return result instanceof Response ? result : Response.json(result ?? {});
    } catch (err) {
      const e = toAppError(err);
      if (spec.mutation) {
        let target = "unknown";
        try {
          if (params !== undefined) target = spec.mutation.target({ params, body: body as B });
        } catch {
          /* the target is only known once the input parsed */
        }
        await recordAudit({
          user: user ?? { name: "unknown", role: "viewer", groups: [] },
          action: spec.mutation.action,
          target,
          allowed: e.status !== 403,
          result: e.status === 403 ? "refused" : "failed",
          status: e.status,
          message: e.message,
        });
      }
      return errorResponse(e);
    }
  };
}

/** Common path pieces. */
export const regionParam = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "must be an AWS region such as us-east-1");
export const clusterIdParam = z.string().regex(/^[a-z0-9]{26}$/, "must be a 26-character cluster identifier");
