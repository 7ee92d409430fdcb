import { AwsError } from "./errors";
import type { EmuRequest, EmuResponse } from "./http";

/** The AWS Query protocol (form-encoded Action=..., XML answers), as the AWS CLI and older SDKs speak to CloudWatch. */

export function isQueryRequest(req: EmuRequest): boolean {
  return String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
}

export function queryInput(_req: EmuRequest): { action: string; input: Record<string, unknown> } {
  throw new AwsError("InvalidAction", "The Query protocol is not implemented yet", 400);
}

export function queryResponse(_action: string, _result: unknown, _requestId: string): EmuResponse {
  throw new AwsError("InvalidAction", "The Query protocol is not implemented yet", 400);
}

export function queryError(err: AwsError, requestId: string): EmuResponse {
  return {
    status: err.status,
    headers: { "content-type": "text/xml" },
    body: `<ErrorResponse><Error><Type>${err.fault}</Type><Code>${err.code}</Code><Message>${err.message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}
