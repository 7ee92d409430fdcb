import { describe, expect, it } from "vitest";
import { auditQuerySchema, redact } from "./index";

describe("redact", () => {
  it("hides values under secret-sounding keys, at any depth", () => {
    expect(redact({ name: "n", password: "p", nested: { apiKey: "k", sessionToken: "t", list: [{ clientSecret: "s" }] } })).toEqual({
      name: "n",
      password: "[redacted]",
      nested: { apiKey: "[redacted]", sessionToken: "[redacted]", list: [{ clientSecret: "[redacted]" }] },
    });
  });

  it("hides presigned AWS tokens wherever they appear", () => {
    const token = "abc.dsql.us-east-1.on.aws/?Action=DbConnectAdmin&X-Amz-Credential=AKID%2F...&X-Amz-Signature=e7af";
    expect(redact({ note: token, list: [token] })).toEqual({ note: "[redacted]", list: ["[redacted]"] });
  });

  it("replaces NUL characters, which PostgreSQL text cannot store", () => {
    expect(redact({ name: "a\u0000b", list: ["\u0000"] })).toEqual({ name: "a\uFFFDb", list: ["\uFFFD"] });
  });

  it("refuses a NUL character in a filter, which the store could not compare", () => {
    expect(auditQuerySchema.safeParse({ action: "a\u0000" }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ action: "backup.start", user: " " }).data).toEqual({ action: "backup.start", user: undefined });
  });

  it("keeps ordinary parameters and bounds size", () => {
    expect(redact({ region: "us-east-1", retentionDays: 35, enabled: true, tags: { team: "data" } })).toEqual({ region: "us-east-1", retentionDays: 35, enabled: true, tags: { team: "data" } });
    expect((redact("x".repeat(2000)) as string).length).toBe(501);
    expect(redact(Array.from({ length: 100 }, (_, i) => i))).toHaveLength(50);
    expect(redact({ a: { b: { c: { d: { e: { f: 1 } } } } } })).toEqual({ a: { b: { c: { d: { e: "[…]" } } } } });
  });
});
