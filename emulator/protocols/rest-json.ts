import { AwsError, validation } from "./errors";
import { DEFAULT_ACCOUNT, json, type EmuRequest, type EmuResponse } from "./http";

/**
 * REST-JSON (restJson1), as DSQL and AWS Backup speak it: the operation is chosen by method and
 * path, labels are percent-encoded path segments, errors carry `x-amzn-errortype`.
 */

export interface RestCall {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  region: string;
  /** The caller's account (from the access key): every resource belongs to one. */
  account: string;
  headers: EmuRequest["headers"];
}

export interface RestRoute {
  method: string;
  /** e.g. "/cluster/{identifier}"; a label matches one path segment. */
  path: string;
  operation: string;
  handler: (call: RestCall) => unknown | Promise<unknown>;
  /** The status of a successful answer when the model says other than 200; 204 answers no body. */
  responseCode?: number;
}

interface CompiledRoute extends RestRoute {
  pattern: RegExp;
  labels: string[];
}

export function compileRoutes(routes: RestRoute[]): CompiledRoute[] {
  return routes.map((r) => {
    const labels: string[] = [];
    const src = r.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      labels.push(name);
      return "([^/]+)";
    });
    return { ...r, labels, pattern: new RegExp(`^${src}/?$`) };
  });
}

/** Renders an error the way restJson1 services do; `style` picks the member casing of the service. */
export function restJsonError(err: AwsError, style: "lower" | "pascal"): EmuResponse {
  const body = style === "lower" ? { message: err.message, ...err.fields } : { Message: err.message, Code: err.code, ...err.fields };
  return json(err.status, body, { "x-amzn-errortype": err.code });
}

export async function dispatchRestJson(req: EmuRequest, routes: CompiledRoute[], style: "lower" | "pascal"): Promise<EmuResponse> {
  try {
    for (const route of routes) {
      if (route.method !== req.method) continue;
      const m = route.pattern.exec(req.path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.labels.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])));
      let body: Record<string, unknown> = {};
      if (req.body.length) {
        try {
          body = JSON.parse(req.body.toString("utf8"));
        } catch {
          throw new AwsError(style === "lower" ? "ValidationException" : "InvalidParameterValueException", "Request body is not valid JSON", 400, style === "lower" ? { reason: "cannotParse" } : {});
        }
        if (!body || typeof body !== "object" || Array.isArray(body)) throw validation("Request body must be a JSON object");
      }
      const result = await route.handler({ params, query: req.query, body, region: req.region, account: req.account ?? DEFAULT_ACCOUNT, headers: req.headers });
      if (route.responseCode === 204) return { status: 204, headers: {}, body: "" };
      return json(route.responseCode ?? 200, result ?? {});
    }
    throw new AwsError("UnknownOperationException", `No operation at ${req.method} ${req.path}`, 404);
  } catch (err) {
    if (err instanceof AwsError) return restJsonError(err, style);
    throw err;
  }
}

/** A route whose handler takes the service's state: the routing tables list these, then `bindRoutes` gives the codec plain routes. */
export type StateRoute<S> = Omit<RestRoute, "handler"> & { handler: (state: S, call: RestCall) => unknown };

export function bindRoutes<S>(state: S, routes: StateRoute<S>[]): RestRoute[] {
  return routes.map((r) => ({ ...r, handler: (call: RestCall) => r.handler(state, call) }));
}
