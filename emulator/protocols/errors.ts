/**
 * An error in the shape AWS services return. Each protocol codec renders it the way the real
 * service does, so the SDK raises its own exception class for it.
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Extra members of the error structure (e.g. resourceId, reason). */
    readonly fields: Record<string, unknown> = {},
    /** "Sender" or "Receiver", as the Query protocol reports it. */
    readonly fault: "Sender" | "Receiver" = status >= 500 ? "Receiver" : "Sender",
  ) {
    super(message);
  }

  /**
   * The error structure's name, when the code alone does not tell it: CloudWatch answers a missing
   * dashboard with code ResourceNotFound, as for alarms, but structure DashboardNotFoundError.
   */
  shape?: string;
}

export const validation = (message: string, fields: Record<string, unknown> = {}) =>
  new AwsError("ValidationException", message, 400, fields);
export const notFound = (message: string, fields: Record<string, unknown> = {}) =>
  new AwsError("ResourceNotFoundException", message, 404, fields);
export const throttling = (message = "Rate exceeded") => new AwsError("ThrottlingException", message, 429);
export const accessDenied = (message: string) => new AwsError("AccessDeniedException", message, 403);
export const internal = (message = "Internal server error") => new AwsError("InternalServerException", message, 500);

/** The handler of a JSON-target service's operation, or the error AWS gives for an operation it does not have. */
export function operationHandler<H>(operations: Record<string, H>, operation: string): H {
  const handler = operations[operation];
  if (!handler) throw new AwsError("UnknownOperationException", `The operation ${operation} is not served by the emulator`, 400);
  return handler;
}
