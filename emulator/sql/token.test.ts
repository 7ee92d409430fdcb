import { DsqlSigner } from "@aws-sdk/dsql-signer";
import { describe, expect, it } from "vitest";
import { authorize, readToken, TokenError } from "./token";

const id = "abcdefghijklmnopqrstuvwxyz";
const hostname = `${id}.dsql.eu-west-1.on.aws`;
const signer = (expiresIn = 900) => new DsqlSigner({ hostname, region: "eu-west-1", expiresIn, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });

describe("DSQL auth tokens at the SQL endpoint", () => {
  it("reads the cluster, region, action and lifetime from a token made by the real signer", async () => {
    const before = Date.now();
    const claims = readToken(await signer(600).getDbConnectAdminAuthToken(), Date.now());
    expect(claims).toMatchObject({ clusterId: id, region: "eu-west-1", action: "DbConnectAdmin" });
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
});
