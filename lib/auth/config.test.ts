import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../aws/config";
import { TEST_ALB_ARN } from "../../test/support/alb";

/** The auth part of the configuration: which modes start, and what a proxy setup must name. */
const aws = { AWS_PROFILE: "prod", AWS_REGION: "us-east-1" };

describe("auth configuration", () => {
  it("refuses to start in aws mode without an auth mode, and says how to fix it", () => {
    expect(() => loadConfig(aws)).toThrow(/DSQL_OPS_AUTH is required in aws mode.*none-readonly/);
  });

  it("starts read-only without sign-in only when asked to explicitly", () => {
    expect(loadConfig({ ...aws, DSQL_OPS_AUTH: "none-readonly" }).auth).toEqual({ mode: "none-readonly" });
  });

  it("rejects an unknown auth mode and local auth outside local mode", () => {
    expect(() => loadConfig({ ...aws, DSQL_OPS_AUTH: "open" })).toThrow(/auth/);
    expect(() => loadConfig({ ...aws, DSQL_OPS_AUTH: "local" })).toThrow(/only allowed in local mode/);
  });

  it("needs an ALB ARN or trusted proxies or a shared secret in proxy mode", () => {
    expect(() => loadConfig({ ...aws, DSQL_OPS_AUTH: "proxy" })).toThrow(/DSQL_OPS_ALB_ARN/);
    expect(loadConfig({ ...aws, DSQL_OPS_AUTH: "proxy", DSQL_OPS_ALB_ARN: TEST_ALB_ARN }).auth).toMatchObject({ mode: "proxy", albArn: TEST_ALB_ARN, groupsClaim: "groups" });
    expect(loadConfig({ ...aws, DSQL_OPS_AUTH: "proxy", DSQL_OPS_TRUSTED_PROXIES: "10.0.0.5, 10.1.0.0/16, fd00::/8" }).auth).toMatchObject({ trustedProxies: ["10.0.0.5", "10.1.0.0/16", "fd00::/8"] });
    expect(loadConfig({ ...aws, DSQL_OPS_AUTH: "proxy", DSQL_OPS_PROXY_SECRET: "0123456789abcdef" }).auth).toMatchObject({ proxySecret: "0123456789abcdef" });
  });

  it("names bad proxy settings", () => {
    const proxy = { ...aws, DSQL_OPS_AUTH: "proxy" };
    expect(() => loadConfig({ ...proxy, DSQL_OPS_ALB_ARN: "arn:aws:s3:::bucket" })).toThrow(/albArn.*Application Load Balancer ARN/);
    expect(() => loadConfig({ ...proxy, DSQL_OPS_TRUSTED_PROXIES: "proxy.internal" })).toThrow(/trustedProxies\.0.*IP address/);
    expect(() => loadConfig({ ...proxy, DSQL_OPS_TRUSTED_PROXIES: "10.0.0.0/33" })).toThrow(/trustedProxies/);
    expect(() => loadConfig({ ...proxy, DSQL_OPS_PROXY_SECRET: "short" })).toThrow(/proxySecret.*16/);
    expect(() => loadConfig({ ...proxy, DSQL_OPS_ALB_ARN: TEST_ALB_ARN, DSQL_OPS_GROUP_ROLES: "dba=admin" })).toThrow(/groupRoles/);
    expect(() => loadConfig({ ...proxy, DSQL_OPS_ALB_ARN: TEST_ALB_ARN, DSQL_OPS_GROUP_ROLES: "dba" })).toThrow(/group=role/);
  });

  it("maps groups given as pairs or as JSON (for names with commas)", () => {
    const proxy = { ...aws, DSQL_OPS_AUTH: "proxy", DSQL_OPS_ALB_ARN: TEST_ALB_ARN };
    expect(loadConfig({ ...proxy, DSQL_OPS_GROUP_ROLES: "dba=operator, Domain Users=viewer" }).auth).toMatchObject({ groupRoles: { dba: "operator", "Domain Users": "viewer" } });
    const dn = "cn=dba,ou=groups,dc=example,dc=com";
    expect(loadConfig({ ...proxy, DSQL_OPS_GROUP_ROLES: JSON.stringify({ [dn]: "operator" }) }).auth).toMatchObject({ groupRoles: { [dn]: "operator" } });
  });

  it("reads the mutation rate limit", () => {
    expect(loadConfig({}).mutationRateLimit).toEqual({ perMinute: 30, burst: 20 });
    expect(loadConfig({ DSQL_OPS_MUTATIONS_PER_MINUTE: "6", DSQL_OPS_MUTATION_BURST: "2" }).mutationRateLimit).toEqual({ perMinute: 6, burst: 2 });
    expect(() => loadConfig({ DSQL_OPS_MUTATION_BURST: "0" })).toThrow(/mutationRateLimit\.burst/);
  });
});

describe("the launcher", () => {
  it("refuses to start in aws mode without an auth mode, saying why", () => {
    const root = path.resolve(__dirname, "..", "..");
    const r = spawnSync(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/start.ts"], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "test", AWS_PROFILE: "prod", AWS_REGION: "us-east-1", PORT: "1" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/configuration error: DSQL_OPS_AUTH is required in aws mode/);
  }, 40_000);
});
