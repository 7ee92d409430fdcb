import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportSPKI, generateKeyPair } from "jose";

/**
 * A stand-in for an ALB with OIDC in tests: an ES256 key pair, tokens shaped like
 * `x-amzn-oidc-data` (metadata in the header, base64url WITH "=" padding, as ALB sends them),
 * and a local server answering GET /<kid> with the PEM public key, like
 * public-keys.auth.elb.<region>.amazonaws.com.
 */

export const TEST_ALB_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/dsql-ops/50dc6c495c0c9188";

const padded = (s: string) => s + "=".repeat((4 - (s.length % 4)) % 4);
const seg = (v: unknown) => padded(Buffer.from(JSON.stringify(v)).toString("base64url"));

export interface FakeAlb {
  kid: string;
  /** The key URL template to configure (DSQL_OPS_ALB_KEY_URL). */
  keyUrl: string;
  /** How many times the key server was asked. */
  keyFetches(): number;
  token(claims: Record<string, unknown>, header?: Record<string, unknown>, opts?: { pad?: boolean; key?: CryptoKey }): Promise<string>;
  /** A key pair whose public half the server does not know. */
  otherKey: CryptoKey;
  close(): Promise<void>;
}

export async function startFakeAlb(opts: { albArn?: string; kid?: string; host?: string } = {}): Promise<FakeAlb> {
  const kid = opts.kid ?? "8a3c6f70-5c2a-4bd0-9e57-ffbc1a6c2e11";
  const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
  const other = await generateKeyPair("ES256");
  const pem = await exportSPKI(publicKey);
  let fetches = 0;
  const server: Server = createServer((req, res) => {
    fetches++;
    if (req.url === `/${kid}`) {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(pem);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, opts.host ?? "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    kid,
    keyUrl: `http://${opts.host ?? "127.0.0.1"}:${port}/{kid}`,
    keyFetches: () => fetches,
    otherKey: other.privateKey,
    async token(claims, header = {}, { pad = true, key = privateKey } = {}) {
      const h = {
        typ: "JWT",
        kid,
        alg: "ES256",
        iss: "https://idp.example.com",
        client: "dsql-ops",
        signer: opts.albArn ?? TEST_ALB_ARN,
        exp: Math.floor(Date.now() / 1000) + 120,
        ...header,
      };
      const body = { exp: h.exp, iss: h.iss, ...claims };
      const [hs, ps] = pad ? [seg(h), seg(body)] : [seg(h).replace(/=+$/, ""), seg(body).replace(/=+$/, "")];
      const input = `${hs}.${ps}`;
      const sig = new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key, new TextEncoder().encode(input)));
      const s = Buffer.from(sig).toString("base64url");
      return `${input}.${pad ? padded(s) : s}`;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
