import { DsqlSigner } from "@aws-sdk/dsql-signer";
import { describe, expect, it } from "vitest";
import { admit, authorize, authorizeAccount, readToken, TokenError } from "./token";

const id = "abcdefghijklmnopqrstuvwxyz";
const hostname = `${id}.dsql.eu-west-1.on.aws`;
const signer = (expiresIn = 900) => new DsqlSigner({ hostname, region: "eu-west-1", expiresIn, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });

describe("DSQL auth tokens at the SQL endpoint", () => {
  it("reads the cluster, region, action and lifetime from a token made by the real signer", async () => {
    const before = Date.now();
    const claims = readToken(await signer(600).getDbConnectAdminAuthToken(), Date.now());
    expect(claims).toMatchObject({ accessKeyId: "AKIDEXAMPLE", clusterId: id, region: "eu-west-1", action: "DbConnectAdmin" });
    expect(claims.expiresAtMs - claims.issuedAtMs).toBe(600_000);
    expect(Math.abs(claims.issuedAtMs - before)).toBeLessThan(2_000);
    expect(readToken(await signer().getDbConnectAuthToken(), Date.now()).action).toBe("DbConnect");
  });

  it("refuses a missing, malformed or expired token with 28P01", async () => {
    const token = await signer(900).getDbConnectAdminAuthToken();
    for (const bad of [undefined, "", "hunter2", "example.com/?Action=DbConnectAdmin", token.replace(/X-Amz-Signature=[^&]+&?/, "")]) {
      expect(() => readToken(bad, Date.now())).toThrow(TokenError);
      try {
        readToken(bad, Date.now());
      } catch (e) {
        expect((e as TokenError).code).toBe("28P01");
      }
    }
    expect(() => readToken(token, Date.now() + 901_000)).toThrow(/expired/);
    expect(() => readToken(token, Date.now() + 899_000)).not.toThrow();
  });

  it("needs a DbConnectAdmin token for admin and a DbConnect token for other roles (28000)", async () => {
    const admin = readToken(await signer().getDbConnectAdminAuthToken(), Date.now());
    const custom = readToken(await signer().getDbConnectAuthToken(), Date.now());
    expect(() => authorize(admin, "admin")).not.toThrow();
    expect(() => authorize(custom, "reporting")).not.toThrow();
    expect(() => authorize(custom, "admin")).toThrow(/dsql:DbConnectAdmin/);
    expect(() => authorize(admin, "reporting")).toThrow(expect.objectContaining({ code: "28000" }));
  });

  it("refuses a token whose credential scope is for another region or service", async () => {
    const other = await new DsqlSigner({ hostname, region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } }).getDbConnectAdminAuthToken();
    expect(() => readToken(other, Date.now())).toThrow(/region/);
  });

  it("admits a token signed in another account only where the cluster's policy allows that account the action", async () => {
    const claims = readToken(await signer().getDbConnectAdminAuthToken(), Date.now());
    const cluster = (document?: unknown) => ({ account: "111111111111", identifier: id, policy: document === undefined ? undefined : { document: JSON.stringify(document) } });
    const allow = (principal: unknown, action: unknown = "dsql:DbConnectAdmin") => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: principal, Action: action, Resource: "*" }] });
    expect(() => authorizeAccount(claims, "111111111111", cluster())).not.toThrow();
    expect(() => authorizeAccount(claims, "222222222222", cluster())).toThrow(expect.objectContaining({ code: "28000", message: expect.stringContaining("belongs to account 111111111111") }));
    expect(() => authorizeAccount(claims, "222222222222", cluster(allow({ AWS: "arn:aws:iam::222222222222:role/dsql-ops" })))).not.toThrow();
    expect(() => authorizeAccount(claims, "222222222222", cluster(allow({ AWS: ["333333333333", "222222222222"] }, ["dsql:*"])))).not.toThrow();
    expect(() => authorizeAccount(claims, "222222222222", cluster(allow({ AWS: "333333333333" })))).toThrow(/does not allow/);
    expect(() => authorizeAccount(claims, "222222222222", cluster(allow({ AWS: "222222222222" }, "dsql:DbConnect")))).toThrow(/dsql:DbConnectAdmin/);
    expect(() => authorizeAccount(claims, "222222222222", cluster({ Statement: [{ Effect: "Deny", Principal: "*", Action: "*" }] }))).toThrow(TokenError);
    // The role's action is checked first.
    expect(() => admit(claims, "reporting", "111111111111", cluster())).toThrow(/needs a token for dsql:DbConnect/);
  });
});
