/**
 * Errors the dashboard shows a person. AWS SDK exceptions are mapped here once, so pages
 * and route handlers agree on status codes and wording.
 */

export class AppError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 429 | 500 | 502 | 503 | 504,
    message: string,
    readonly code: string = "Error",
  ) {
    super(message);
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
      return new AppError(400, message, name);
    case "ConflictException":
      return new AppError(409, message, name);
    case "ThrottlingException":
    case "Throttling":
    case "LimitExceededFault":
      return new AppError(429, `AWS is throttling requests, try again shortly (${message})`, name);
    case "TimeoutError":
      return new AppError(504, `AWS did not answer in time (${message})`, name);
  }
  const status = e.$metadata?.httpStatusCode;
  if (status && status >= 500) return new AppError(502, `AWS answered with an error (${status}): ${message}`, name);
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|socket hang up|ECONNRESET/.test(message)) {
    return new AppError(503, `Cannot reach the AWS endpoint: ${message}`, name);
  }
  return new AppError(500, message, name);
}
