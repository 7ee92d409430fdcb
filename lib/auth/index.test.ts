import { afterEach, describe, expect, it, vi } from "vitest";

/** userFromRequest in each auth mode; config() is read once per module instance, so each test loads afresh. */
async function authWith(env: Record<string, string>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  return import("./index");
}

afterEach(() => vi.unstubAllEnvs());

describe("userFromRequest", () => {
  it("local mode: the single local operator", async () => {
    const { userFromRequest, canOperate } = await authWith({ DSQL_OPS_MODE: "local" });
    const u = await userFromRequest(new Headers({ "x-forwarded-user": "mallory" }));
    expect(u).toEqual({ name: "local-operator", role: "operator", groups: [] });
    expect(canOperate(u)).toBe(true);
  });

  it("none-readonly: everyone is an anonymous viewer, whatever the headers say", async () => {
    const { userFromRequest, requireOperator } = await authWith({ DSQL_OPS_MODE: "aws", AWS_REGION: "us-east-1", DSQL_OPS_AUTH: "none-readonly" });
    const u = await userFromRequest(new Headers({ "x-forwarded-user": "admin", "x-forwarded-groups": "dba" }));
    expect(u).toEqual({ name: "anonymous", role: "viewer", groups: [] });
    expect(() => requireOperator(u, "alarm.put")).toThrow("alarm.put needs the operator role; anonymous is a viewer");
  });

  it("proxy: asks the proxy identity, and refuses a request without one", async () => {
    const { userFromRequest } = await authWith({ DSQL_OPS_MODE: "aws", AWS_REGION: "us-east-1", DSQL_OPS_AUTH: "proxy", DSQL_OPS_PROXY_SECRET: "0123456789abcdef", DSQL_OPS_GROUP_ROLES: "dba=operator" });
    await expect(userFromRequest(new Headers())).rejects.toMatchObject({ status: 401 });
    const u = await userFromRequest(new Headers({ "x-forwarded-user": "ana", "x-forwarded-groups": "dba", "x-dsql-ops-proxy-secret": "0123456789abcdef" }));
    expect(u).toEqual({ name: "ana", role: "operator", groups: ["dba"] });
  });
});
