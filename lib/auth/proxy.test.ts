import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeAlb, TEST_ALB_ARN, type FakeAlb } from "../../test/support/alb";
import { clearAlbKeys } from "./alb";
import { PEER_HEADER } from "./peer";
import { roleFor, SECRET_HEADER, userFromProxy, type ProxyAuth } from "./proxy";

let alb: FakeAlb;
const NONCE = "test-nonce-0123456789";
const base: ProxyAuth = { mode: "proxy", trustedProxies: [], groupRoles: { dba: "operator", dev: "viewer" }, groupsClaim: "groups" };
const albAuth = (): ProxyAuth => ({ ...base, albArn: TEST_ALB_ARN, albKeyUrl: alb.keyUrl });
const withAlb = (token: string, extra: Record<string, string> = {}) => new Headers({ "x-amzn-oidc-data": token, ...extra });

beforeAll(async () => {
  alb = await startFakeAlb();
  process.env.DSQL_OPS_PEER_NONCE = NONCE;
});
afterAll(async () => {
  await alb.close();
  delete process.env.DSQL_OPS_PEER_NONCE;
});
beforeEach(() => clearAlbKeys());

describe("ALB with OIDC (x-amzn-oidc-data)", () => {
  it("accepts a padded ES256 token from the configured ALB and maps its groups", async () => {
    const token = await alb.token({ sub: "u-1", email: "ana@example.com", groups: ["dba"] });
    expect(token).toMatch(/=\./); // padded segments, as ALB sends them
    expect(await userFromProxy(withAlb(token), albAuth())).toEqual({ name: "ana@example.com", role: "operator", groups: ["dba"] });
  });

  it("accepts unpadded tokens too", async () => {
    const token = await alb.token({ sub: "u-2", email: "bo@example.com" }, {}, { pad: false });
    expect(await userFromProxy(withAlb(token), albAuth())).toMatchObject({ name: "bo@example.com", role: "viewer" });
  });

  it("reads Cognito's cognito:groups, or the configured claim, and the configured user claim", async () => {
    const cognito = await alb.token({ sub: "u-3", "cognito:groups": ["dba"] });
    expect(await userFromProxy(withAlb(cognito), albAuth())).toMatchObject({ name: "u-3", role: "operator" });
    const custom = await alb.token({ sub: "u-4", username: "cy", roles: "ops,dev" });
    const user = await userFromProxy(withAlb(custom), { ...albAuth(), groupsClaim: "roles", userClaim: "username", groupRoles: { ops: "operator" } });
    expect(user).toEqual({ name: "cy", role: "operator", groups: ["ops", "dev"] });
  });

  it("makes users in no mapped group viewers", async () => {
    const token = await alb.token({ email: "dee@example.com", groups: ["marketing"] });
    expect((await userFromProxy(withAlb(token), albAuth())).role).toBe("viewer");
  });

  it("rejects a token signed by another load balancer", async () => {
    const token = await alb.token({ email: "e@example.com" }, { signer: TEST_ALB_ARN.replace("dsql-ops", "other") });
    await expect(userFromProxy(withAlb(token), albAuth())).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/another load balancer/) });
  });

  it("rejects an expired token", async () => {
    const token = await alb.token({ email: "e@example.com" }, { exp: Math.floor(Date.now() / 1000) - 600 });
    await expect(userFromProxy(withAlb(token), albAuth())).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/expired/) });
  });

  it("rejects a bad signature and a tampered payload", async () => {
    const forged = await alb.token({ email: "mallory@example.com", groups: ["dba"] }, {}, { key: alb.otherKey });
    await expect(userFromProxy(withAlb(forged), albAuth())).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/signature/) });
    const [h, , s] = (await alb.token({ email: "v@example.com" })).split(".");
    const [, p] = (await alb.token({ email: "v@example.com", groups: ["dba"] })).split(".");
    await expect(userFromProxy(withAlb(`${h}.${p}.${s}`), albAuth())).rejects.toMatchObject({ status: 401 });
  });

  it("rejects other algorithms, and tokens that are not JWTs", async () => {
    for (const alg of ["HS256", "none", "RS256"]) {
      const token = await alb.token({ email: "e@example.com" }, { alg });
      await expect(userFromProxy(withAlb(token), albAuth())).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/not ES256/) });
    }
    for (const junk of ["", "a.b", "a.b.c.d", "<script>.x.y", "e30.e30.", "x".repeat(20_000)]) {
      await expect(userFromProxy(withAlb(junk), albAuth())).rejects.toMatchObject({ status: 401 });
    }
  });

  it("rejects an unknown or malformed key id, asking the key server once", async () => {
    const unknown = await alb.token({ email: "e@example.com" }, { kid: "00000000-0000-0000-0000-000000000000" });
    const before = alb.keyFetches();
    for (let i = 0; i < 3; i++) await expect(userFromProxy(withAlb(unknown), albAuth())).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/key id is unknown/) });
    expect(alb.keyFetches() - before).toBe(1);
    const traversal = await alb.token({ email: "e@example.com" }, { kid: "../../etc/passwd" });
    await expect(userFromProxy(withAlb(traversal), albAuth())).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/malformed/) });
  });

  it("caches keys by kid", async () => {
    const before = alb.keyFetches();
    for (let i = 0; i < 3; i++) await userFromProxy(withAlb(await alb.token({ email: `u${i}@example.com` })), albAuth());
    expect(alb.keyFetches() - before).toBe(1);
  });

  it("answers 503, not 401, when the key endpoint is unreachable", async () => {
    const token = await alb.token({ email: "e@example.com" });
    await expect(userFromProxy(withAlb(token), { ...albAuth(), albKeyUrl: "http://127.0.0.1:9/{kid}" })).rejects.toMatchObject({ status: 503 });
  });

  it("refuses a token that names no user", async () => {
    const token = await alb.token({ groups: ["dba"] });
    await expect(userFromProxy(withAlb(token), albAuth())).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/names no user/) });
  });

  it("ignores forwarded identity headers when only the ALB is configured", async () => {
    const h = new Headers({ "x-forwarded-user": "admin", "x-forwarded-groups": "dba", [PEER_HEADER]: `${NONCE} 127.0.0.1` });
    await expect(userFromProxy(h, albAuth())).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/Not signed in/) });
  });
});

describe("oauth2-proxy headers", () => {
  const fromPeer = (addr: string, extra: Record<string, string> = {}, nonce = NONCE) =>
    new Headers({ "x-forwarded-user": "fay", "x-forwarded-email": "fay@example.com", "x-forwarded-groups": "dev,dba", [PEER_HEADER]: `${nonce} ${addr}`, ...extra });

  it("trusts them from a configured proxy address or block", async () => {
    expect(await userFromProxy(fromPeer("10.0.0.5"), { ...base, trustedProxies: ["10.0.0.5"] })).toEqual({ name: "fay@example.com", role: "operator", groups: ["dev", "dba"] });
    expect((await userFromProxy(fromPeer("::ffff:10.1.2.3"), { ...base, trustedProxies: ["10.1.0.0/16"] })).name).toBe("fay@example.com");
    expect((await userFromProxy(fromPeer("fd00::7"), { ...base, trustedProxies: ["fd00::/8"] })).name).toBe("fay@example.com");
  });

  it("refuses them from any other address", async () => {
    await expect(userFromProxy(fromPeer("10.0.0.6"), { ...base, trustedProxies: ["10.0.0.5"] })).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/not trusted from 10\.0\.0\.6/) });
  });

  it("refuses them when the peer stamp is forged or missing", async () => {
    const auth = { ...base, trustedProxies: ["10.0.0.5"] };
    await expect(userFromProxy(fromPeer("10.0.0.5", {}, "guessed-nonce"), auth)).rejects.toMatchObject({ status: 401 });
    const h = fromPeer("10.0.0.5");
    h.delete(PEER_HEADER);
    h.set("x-forwarded-for", "10.0.0.5");
    await expect(userFromProxy(h, auth)).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/cannot see the caller's address/) });
  });

  it("requires the shared secret when one is set", async () => {
    const secret = "s3cret-s3cret-s3cret";
    const auth = { ...base, trustedProxies: ["10.0.0.5"], proxySecret: secret };
    await expect(userFromProxy(fromPeer("10.0.0.5"), auth)).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/shared secret/) });
    await expect(userFromProxy(fromPeer("10.0.0.5", { [SECRET_HEADER]: "wrong" }), auth)).rejects.toMatchObject({ status: 401 });
    expect((await userFromProxy(fromPeer("10.0.0.5", { [SECRET_HEADER]: secret }), auth)).name).toBe("fay@example.com");
    // Secret alone, for a server that cannot see peer addresses.
    const h = fromPeer("203.0.113.9", { [SECRET_HEADER]: secret });
    expect((await userFromProxy(h, { ...base, proxySecret: secret })).role).toBe("operator");
  });

  it("strips control characters and bounds the user name", async () => {
    const h = fromPeer("10.0.0.5", { "x-forwarded-email": `eve\t${"x".repeat(400)}` });
    const u = await userFromProxy(h, { ...base, trustedProxies: ["10.0.0.5"] });
    expect(u.name).toMatch(/^evex+$/);
    expect(u.name.length).toBe(256);
  });

  it("says 'not signed in' when no identity came through", async () => {
    await expect(userFromProxy(new Headers(), { ...base, trustedProxies: ["10.0.0.5"] })).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/Not signed in/) });
  });
});

describe("roleFor", () => {
  it("makes anyone in an operator group an operator, everyone else a viewer", () => {
    expect(roleFor(["dev", "dba"], { dba: "operator" })).toBe("operator");
    expect(roleFor(["dev"], { dba: "operator", dev: "viewer" })).toBe("viewer");
    expect(roleFor([], {})).toBe("viewer");
  });
});
