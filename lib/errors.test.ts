import { describe, expect, it } from "vitest";
import { AppError, missingPermission, toAppError } from "./errors";

const sdkError = (name: string, message: string, httpStatusCode?: number) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });

describe("toAppError", () => {
  it("keeps AppErrors as they are", () => {
    const e = new AppError(404, "Cluster x was not found", "NotFound");
    expect(toAppError(e)).toBe(e);
  });

  it("turns AccessDenied into 403 naming the missing permission", () => {
    const e = toAppError(sdkError("AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/dash/i-1 is not authorized to perform: dsql:GetCluster on resource: arn:aws:dsql:us-east-1:123456789012:cluster/abc", 403));
    expect(e.status).toBe(403);
    expect(e.message).toBe("AWS denied access: the dashboard's role needs dsql:GetCluster");
    // CloudWatch's query-compatible name, and a message that names no action.
    expect(toAppError(sdkError("AccessDenied", "User is not authorized to perform: cloudwatch:GetMetricData", 403)).message).toMatch(/cloudwatch:GetMetricData/);
    expect(toAppError(sdkError("AccessDeniedException", "Access denied", 403))).toMatchObject({ status: 403, message: "AWS denied access: Access denied" });
  });

  it("maps not found, validation, conflict and throttling", () => {
    expect(toAppError(sdkError("ResourceNotFoundException", "Cluster not found", 404)).status).toBe(404);
    expect(toAppError(sdkError("ValidationException", "bad", 400)).status).toBe(400);
    expect(toAppError(sdkError("ConflictException", "busy", 409)).status).toBe(409);
    expect(toAppError(sdkError("ThrottlingException", "Rate exceeded", 429))).toMatchObject({ status: 429, message: expect.stringMatching(/throttling/) });
    expect(toAppError(sdkError("Throttling", "Rate exceeded", 400)).status).toBe(429);
  });

  it("calls a reset connection unreachable, not slow", () => {
    expect(toAppError(sdkError("TimeoutError", "socket hang up")).status).toBe(503);
    expect(toAppError(sdkError("Error", "connect ECONNREFUSED 127.0.0.1:1")).message).toMatch(/Cannot reach/);
    expect(toAppError(sdkError("TimeoutError", "Connection timed out after 5000 ms")).status).toBe(504);
  });

  it("says an unreadable answer is AWS's, without the parser's words", () => {
    const malformed = toAppError(sdkError("SyntaxError", "Unexpected end of JSON input\n  Deserialization error: to see the raw response...", 200));
    expect(malformed).toMatchObject({ status: 502, message: "AWS sent a response the dashboard could not read" });
    const html503 = toAppError(sdkError("SyntaxError", "Unexpected token '<', \"<html><bod\"... is not valid JSON", 503));
    expect(html503).toMatchObject({ status: 502, message: "AWS answered with an error (503) the dashboard could not read" });
    // Our own JSON.parse failures are not blamed on AWS.
    expect(toAppError(new SyntaxError("Unexpected token")).status).toBe(500);
  });

  it("maps AWS 5xx to 502 and refused credentials to 403 without echoing the message", () => {
    expect(toAppError(sdkError("InternalServerException", "boom", 500))).toMatchObject({ status: 502 });
    const creds = toAppError(sdkError("UnrecognizedClientException", "The security token included in the request is invalid: AKIA...", 400));
    expect(creds.status).toBe(403);
    expect(creds.message).not.toMatch(/AKIA/);
  });

  it("falls back to 500 for anything else", () => {
    expect(toAppError(new Error("oops")).status).toBe(500);
    expect(toAppError("string thrown").message).toBe("string thrown");
    expect(toAppError(undefined).status).toBe(500);
  });
});

describe("missingPermission", () => {
  it("finds the action in an AccessDenied message", () => {
    expect(missingPermission("is not authorized to perform: backup:StartRestoreJob on resource")).toBe("backup:StartRestoreJob");
    expect(missingPermission("nothing here")).toBeUndefined();
  });
});
