import { describe, expect, it } from "vitest";
import { ConfigError, detectMode, loadConfig, LOCAL_REGIONS } from "./config";

describe("detectMode", () => {
  it("is local with no AWS configuration at all", () => {
    expect(detectMode({})).toBe("local");
  });
  it.each(["AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"])("is aws when %s is set", (k) => {
    expect(detectMode({ [k]: "x" })).toBe("aws");
  });
  it("obeys DSQL_OPS_MODE over the signals", () => {
    expect(detectMode({ DSQL_OPS_MODE: "aws" })).toBe("aws");
    expect(detectMode({ DSQL_OPS_MODE: "local", AWS_PROFILE: "prod" })).toBe("local");
  });
  it("rejects an unknown mode", () => {
    expect(() => detectMode({ DSQL_OPS_MODE: "prod" })).toThrow(/DSQL_OPS_MODE/);
  });
});

describe("loadConfig", () => {
  it("defaults local mode to the emulator's regions, local auth and no TLS", () => {
    const c = loadConfig({});
    expect(c.mode).toBe("local");
    expect(c.regions).toEqual(LOCAL_REGIONS);
    expect(c.auth).toEqual({ mode: "local" });
    expect(c.sql.tls).toBe(false);
    expect(c.occThresholdPct).toBe(5);
    expect(c.backupStaleHours).toBe(26);
  });

  it("refuses to start in aws mode without an auth mode", () => {
    expect(() => loadConfig({ AWS_PROFILE: "p", AWS_REGION: "us-east-1" })).toThrow(ConfigError);
    expect(() => loadConfig({ AWS_PROFILE: "p", AWS_REGION: "us-east-1" })).toThrow(/DSQL_OPS_AUTH/);
  });

  it("refuses local auth in aws mode", () => {
    expect(() => loadConfig({ AWS_PROFILE: "p", AWS_REGION: "us-east-1", DSQL_OPS_AUTH: "local" })).toThrow(/only allowed in local mode/);
  });

  it("reads regions, endpoints, TLS and group roles in aws mode", () => {
    const c = loadConfig({
      AWS_PROFILE: "p",
      DSQL_OPS_REGIONS: "us-east-1, eu-west-1",
      DSQL_OPS_AUTH: "proxy",
      DSQL_OPS_GROUP_ROLES: "dba=operator,dev=viewer",
      DSQL_OPS_TRUSTED_PROXIES: "10.0.0.5",
      AWS_ENDPOINT_URL_CLOUDWATCH: "http://127.0.0.1:9999",
    });
    expect(c.regions).toEqual(["us-east-1", "eu-west-1"]);
    expect(c.sql.tls).toBe(true);
    expect(c.endpoints.cloudwatch).toBe("http://127.0.0.1:9999");
    expect(c.endpoints.dsql).toBeUndefined();
    expect(c.auth).toMatchObject({ mode: "proxy", groupRoles: { dba: "operator", dev: "viewer" }, trustedProxies: ["10.0.0.5"] });
  });

  it("falls back to AWS_REGION when no regions are listed", () => {
    expect(loadConfig({ AWS_PROFILE: "p", AWS_REGION: "eu-central-1", DSQL_OPS_AUTH: "none-readonly" }).regions).toEqual(["eu-central-1"]);
  });

  it("names the bad field", () => {
    expect(() => loadConfig({ DSQL_OPS_REGIONS: "us-east-1,narnia" })).toThrow(/regions\.1/);
    expect(() => loadConfig({ DSQL_OPS_OCC_THRESHOLD_PCT: "lots" })).toThrow(/DSQL_OPS_OCC_THRESHOLD_PCT/);
    expect(() => loadConfig({ DSQL_OPS_PRICES: "{" })).toThrow(/DSQL_OPS_PRICES/);
  });

  it("accepts price overrides per region", () => {
    const c = loadConfig({ DSQL_OPS_PRICES: JSON.stringify({ "eu-west-1": { dpuPerMillion: 9, storageGbMonth: 0.36 } }) });
    expect(c.prices["eu-west-1"]).toEqual({ dpuPerMillion: 9, storageGbMonth: 0.36 });
  });
});

describe("accounts to watch", () => {
  const prod = { id: "111122223333", name: "prod", roleArn: "arn:aws:iam::111122223333:role/DsqlOpsReadOnly", externalId: "ext-1", regions: ["us-east-1", "eu-west-1"] };

  it("watches only the dashboard's own account by default", () => {
    expect(loadConfig({}).accounts).toEqual({ list: [], watchOwn: true, monitoringAccount: false });
  });

  it("reads DSQL_OPS_ACCOUNTS, Organizations discovery and the switches", () => {
    const a = loadConfig({
      DSQL_OPS_ACCOUNTS: JSON.stringify([prod, { id: "444455556666" }]),
      DSQL_OPS_ORG_ROLE_NAME: "DsqlOpsReadOnly",
      DSQL_OPS_ORG_EXTERNAL_ID: "org-ext",
      DSQL_OPS_WATCH_OWN_ACCOUNT: "false",
      DSQL_OPS_MONITORING_ACCOUNT: "true",
    }).accounts;
    expect(a.list).toEqual([prod, { id: "444455556666" }]);
    expect(a).toMatchObject({ orgRoleName: "DsqlOpsReadOnly", orgExternalId: "org-ext", watchOwn: false, monitoringAccount: true });
  });

  it.each([
    ["not JSON", "[{", /DSQL_OPS_ACCOUNTS is not valid JSON/],
    ["a short id", JSON.stringify([{ id: "1234" }]), /accounts\.list\.0\.id: must be a 12-digit AWS account id/],
    ["a role in another account", JSON.stringify([{ ...prod, roleArn: "arn:aws:iam::999999999999:role/X" }]), /accounts\.list\.0\.roleArn: roleArn must name a role in the account itself/],
    ["a malformed role", JSON.stringify([{ ...prod, roleArn: "DsqlOpsReadOnly" }]), /must be an IAM role ARN/],
    ["a bad region", JSON.stringify([{ ...prod, regions: ["mars-1"] }]), /accounts\.list\.0\.regions\.0: must be an AWS region/],
    ["an unknown field", JSON.stringify([{ ...prod, password: "x" }]), /accounts\.list\.0/],
    ["the same account twice", JSON.stringify([prod, prod]), /accounts\.list: names an account twice/],
  ])("refuses %s with a message naming the field", (_what, value, message) => {
    expect(() => loadConfig({ DSQL_OPS_ACCOUNTS: value })).toThrow(message);
  });

  it("refuses a bad role name and a switch that is not a boolean", () => {
    expect(() => loadConfig({ DSQL_OPS_ORG_ROLE_NAME: "role/with/slash" })).toThrow(/accounts\.orgRoleName: must be an IAM role name/);
    expect(() => loadConfig({ DSQL_OPS_MONITORING_ACCOUNT: "yes" })).toThrow(/DSQL_OPS_MONITORING_ACCOUNT must be true or false/);
  });
});
