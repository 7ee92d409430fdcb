import { describe, expect, it } from "vitest";
import { AwsError } from "./errors";
import { json10Error, json10Operation } from "./json10";
import { compileRoutes, dispatchRestJson, restJsonError } from "./rest-json";
import { parseCredentialScope } from "./sigv4";
import type { EmuRequest } from "./http";

const req = (over: Partial<EmuRequest>): EmuRequest => ({
  method: "GET",
  path: "/",
  query: new URLSearchParams(),
  headers: {},
  body: Buffer.alloc(0),
  region: "us-east-1",
  service: "dsql",
  requestId: "r1",
  ...over,
});

describe("SigV4 credential scope", () => {
  it("reads region and service from the Authorization header", () => {
    const h = "AWS4-HMAC-SHA256 Credential=AKID/20261125/eu-west-1/monitoring/aws4_request, SignedHeaders=host, Signature=abc";
    expect(parseCredentialScope(h)).toEqual({ accessKeyId: "AKID", date: "20261125", region: "eu-west-1", service: "monitoring" });
  });
  it("reads a presigned query", () => {
    const q = new URLSearchParams({ "X-Amz-Credential": "AKID/20261125/us-east-2/dsql/aws4_request" });
    expect(parseCredentialScope(undefined, q)?.region).toBe("us-east-2");
  });
  it("rejects unsigned and malformed requests", () => {
    expect(parseCredentialScope(undefined)).toBeUndefined();
    expect(parseCredentialScope("Bearer xyz")).toBeUndefined();
    expect(parseCredentialScope("AWS4-HMAC-SHA256 Credential=AKID/2026/us-east-1")).toBeUndefined();
  });
});

describe("JSON 1.0", () => {
  it("takes the operation from X-Amz-Target", () => {
    expect(json10Operation(req({ headers: { "x-amz-target": "GraniteServiceVersion20100801.GetMetricData" } }), "GraniteServiceVersion20100801")).toBe("GetMetricData");
    expect(() => json10Operation(req({ headers: { "x-amz-target": "Other.GetMetricData" } }), "GraniteServiceVersion20100801")).toThrow(AwsError);
  });
  it("renders errors with __type and the query-compatible error header", () => {
    const r = json10Error(new AwsError("InvalidParameterValue", "bad period", 400), "com.amazonaws.cloudwatch");
    expect(r.status).toBe(400);
    expect(r.headers["x-amzn-query-error"]).toBe("InvalidParameterValue;Sender");
    expect(JSON.parse(r.body)).toEqual({ __type: "com.amazonaws.cloudwatch#InvalidParameterValue", message: "bad period" });
  });
});

describe("REST-JSON", () => {
  const routes = compileRoutes([
    { method: "GET", path: "/cluster/{identifier}", operation: "GetCluster", handler: ({ params }) => ({ id: params.identifier }) },
    { method: "GET", path: "/tags/{resourceArn}", operation: "ListTags", handler: ({ params }) => ({ arn: params.resourceArn }) },
  ]);
  it("matches labels and percent-decodes them", async () => {
    const r = await dispatchRestJson(req({ path: "/tags/arn%3Aaws%3Adsql%3Aus-east-1%3A1%3Acluster%2Fabc" }), routes, "lower");
    expect(JSON.parse(r.body)).toEqual({ arn: "arn:aws:dsql:us-east-1:1:cluster/abc" });
  });
  it("renders errors with x-amzn-errortype, in the service's casing", () => {
    const e = new AwsError("ResourceNotFoundException", "gone", 404, { resourceId: "abc" });
    const lower = restJsonError(e, "lower");
    expect(lower.headers["x-amzn-errortype"]).toBe("ResourceNotFoundException");
    expect(JSON.parse(lower.body)).toEqual({ message: "gone", resourceId: "abc" });
    expect(JSON.parse(restJsonError(e, "pascal").body)).toMatchObject({ Message: "gone", Code: "ResourceNotFoundException" });
  });
  it("answers the route's response code, 204 with no body", async () => {
    const put = compileRoutes([{ method: "PUT", path: "/jobs/{id}/validations", operation: "PutResult", handler: () => ({ ignored: true }), responseCode: 204 }]);
    const r = await dispatchRestJson(req({ method: "PUT", path: "/jobs/j1/validations" }), put, "pascal");
    expect(r).toEqual({ status: 204, headers: {}, body: "" });
  });
  it("answers an unknown path with a 404 error, not a crash", async () => {
    const r = await dispatchRestJson(req({ path: "/nope" }), routes, "lower");
    expect(r.status).toBe(404);
  });
  it("rejects a body that is not JSON", async () => {
    const r = await dispatchRestJson(req({ path: "/cluster/abc", body: Buffer.from("{not json") }), routes, "lower");
    expect(r.status).toBe(400);
    expect(r.headers["x-amzn-errortype"]).toBe("ValidationException");
  });
});
