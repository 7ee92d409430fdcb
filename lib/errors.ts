/**
 * Errors the dashboard shows a person. AWS SDK exceptions are mapped here once, so pages
 * and route handlers agree on status codes and wording.
 */

const APP_ERROR = Symbol.for("dsql-ops.AppError");

export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 502 | 503 | 504,
    message: string,
    readonly code: string = "Error",
  ) {
    super(message);
    Object.defineProperty(this, APP_ERROR, { value: true });
  }

  /**
   * Next.js bundles every route with its own copy of this module, while process-wide objects
   * (SQL pools, the store) are shared between routes: an AppError made by another copy of the
   * class is still an AppError. Subclasses keep the ordinary prototype check.
   */
  static [Symbol.hasInstance](v: unknown): boolean {
    if (this !== AppError) return Function.prototype[Symbol.hasInstance].call(this, v);
    return typeof v === "object" && v !== null && (v as Record<symbol, unknown>)[APP_ERROR] === true;
  }
}

export const notFound = (what: string) => new AppError(404, `${what} was not found`, "NotFound");
export const badRequest = (message: string) => new AppError(400, message, "BadRequest");
export const forbidden = (message: string) => new AppError(403, message, "Forbidden");
export const conflict = (message: string) => new AppError(409, message, "Conflict");

interface SdkLikeError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  code?: string;
}

/** The permission an AWS AccessDenied message names, if it names one. */
export function missingPermission(message: string): string | undefined {
  return /not authorized to perform:?\s*([a-z0-9-]+:[A-Za-z0-9]+)/i.exec(message)?.[1];
}

/** Turns anything thrown by lib/ or the SDK into an AppError with a message a person can act on. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as SdkLikeError;
  const name = e.name ?? "Error";
  const message = e.message ?? String(err);
  // A reset connection surfaces as a TimeoutError ("socket hang up"): it is unreachable, not slow.
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|socket hang up|ECONNRESET/.test(message)) {
    return new AppError(503, `Cannot reach the AWS endpoint: ${message}`, name);
  }
  const status = e.$metadata?.httpStatusCode;
  // The SDK could not parse the answer (an HTML error page, a truncated body): say so, not the parser's words.
  if ((name === "SyntaxError" && e.$metadata) || /Deserialization error/.test(message)) {
    return new AppError(502, status && status >= 400 ? `AWS answered with an error (${status}) the dashboard could not read` : "AWS sent a response the dashboard could not read", "BadResponse");
  }
  switch (name) {
    case "ResourceNotFoundException":
      return new AppError(404, message, name);
    case "AccessDeniedException":
    case "AccessDenied": {
      const perm = missingPermission(message);
      return new AppError(403, perm ? `AWS denied access: the dashboard's role needs ${perm}` : `AWS denied access: ${message}`, name);
    }
    case "ValidationException":
    case "InvalidParameterValue":
    case "InvalidParameterCombination":
    case "InvalidParameterValueException":
    case "MissingParameterValueException": // AWS Backup
    case "InvalidRequestException": // AWS Backup
      return new AppError(400, message, name);
    case "ConflictException":
      return new AppError(409, message, name);
    case "ThrottlingException":
    case "Throttling":
    case "LimitExceededFault":
    case "LimitExceededException": // AWS Backup
      return new AppError(429, `AWS is throttling requests, try again shortly (${message})`, name);
    case "TimeoutError":
      return new AppError(504, `AWS did not answer in time (${message})`, name);
    case "ExpiredTokenException":
    case "ExpiredToken":
    case "UnrecognizedClientException":
    case "InvalidClientTokenId":
    case "InvalidSignatureException":
    case "SignatureDoesNotMatch":
      // The message can quote request details; the name says enough.
      return new AppError(403, `AWS refused the dashboard's credentials (${name}): check the role or keys it runs with`, name);
  }
  if (status && status >= 500) return new AppError(502, `AWS answered with an error (${status}): ${message}`, name);
  return new AppError(500, message, name);
}
