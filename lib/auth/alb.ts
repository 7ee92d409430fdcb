import { compactVerify, importSPKI } from "jose";
import { TtlCache } from "../cache";
import { AppError } from "../errors";

/**
 * Verifies the `x-amzn-oidc-data` token an Application Load Balancer with OIDC authentication
 * adds to each request: ES256, the ALB's ARN in the header's `signer`, `exp` in the header, the
 * public key fetched by `kid` from the region's key endpoint. ALB pads its base64url segments
 * with "=" and signs the padded text, so the token is verified exactly as received (jose
 * accepts the padding); stripping it would break the signature.
 */

export interface AlbIdentity {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

export interface AlbVerifyOptions {
  albArn: string;
  /** URL template with {region} and {kid}; AWS's key endpoint when unset. */
  keyUrl?: string;
  now?: () => number;
}

const TOKEN = /^[A-Za-z0-9_-]+={0,2}\.[A-Za-z0-9_-]+={0,2}\.[A-Za-z0-9_-]+={0,2}$/;
const KID = /^[A-Za-z0-9_-]{1,128}$/;
const MAX_TOKEN = 16 * 1024;
const CLOCK_SKEW_S = 60;
const KEY_TTL_MS = 24 * 3600_000;
const UNKNOWN_KID_TTL_MS = 5 * 60_000;

const unauthorized = (why: string) => new AppError(401, `The load balancer's identity token is not valid: ${why}`, "Unauthorized");

export function albKeyUrl(template: string | undefined, albArn: string, kid: string): string {
  const region = albArn.split(":")[3];
  // GovCloud keys live in S3 (AWS ELB docs, "User claims encoding and signature verification").
  const t = template ?? (region.startsWith("us-gov-") ? `https://s3-${region}.amazonaws.com/aws-elb-public-keys-prod-${region}/{kid}` : "https://public-keys.auth.elb.{region}.amazonaws.com/{kid}");
  return t.replaceAll("{region}", region).replaceAll("{kid}", encodeURIComponent(kid));
}

// Keys never change for a kid: cache them long, coalesce concurrent fetches. Unknown kids are
// remembered briefly so forged tokens cannot make us fetch on every request.
const keys = new TtlCache<CryptoKey>(256);
const unknownKids = new Map<string, number>();

async function fetchKey(url: string): Promise<CryptoKey> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: "error" });
  } catch (err) {
    throw new AppError(503, `Cannot fetch the load balancer's public key (${(err as Error).message})`, "KeyUnavailable");
  }
  if (res.status === 404 || res.status === 403) throw unauthorized("its key id is unknown");
  if (!res.ok) throw new AppError(503, `Cannot fetch the load balancer's public key (HTTP ${res.status})`, "KeyUnavailable");
  const pem = (await res.text()).slice(0, 10_000).trim();
  try {
    return await importSPKI(pem, "ES256");
  } catch {
    throw new AppError(503, "The load balancer's key endpoint did not answer with an ES256 public key", "KeyUnavailable");
  }
}

async function publicKey(url: string, kid: string): Promise<CryptoKey> {
  if ((unknownKids.get(kid) ?? 0) > Date.now()) throw unauthorized("its key id is unknown");
  try {
    return await keys.get(kid, KEY_TTL_MS, () => fetchKey(url));
  } catch (err) {
    if (err instanceof AppError && err.status === 401) {
      if (unknownKids.size >= 1024) unknownKids.clear();
      unknownKids.set(kid, Date.now() + UNKNOWN_KID_TTL_MS);
    }
    throw err;
  }
}

function segmentJson(seg: string, what: string): Record<string, unknown> {
  try {
    const v = JSON.parse(Buffer.from(seg, "base64url").toString("utf8"));
    if (v && typeof v === "object" && !Array.isArray(v)) return v;
  } catch {
    /* reported below */
  }
  throw unauthorized(`its ${what} is not a JSON object`);
}

export async function verifyAlbToken(token: string, opts: AlbVerifyOptions): Promise<AlbIdentity> {
  if (token.length > MAX_TOKEN || !TOKEN.test(token)) throw unauthorized("it is not a JWT");
  const [h, p] = token.split(".");
  const header = segmentJson(h, "header");
  if (header.alg !== "ES256") throw unauthorized(`it is signed with ${String(header.alg).slice(0, 20)}, not ES256`);
  if (header.signer !== opts.albArn) throw unauthorized("it was signed by another load balancer");
  const nowS = (opts.now?.() ?? Date.now()) / 1000;
  if (typeof header.exp !== "number") throw unauthorized("it has no expiry");
  if (header.exp + CLOCK_SKEW_S < nowS) throw unauthorized("it has expired");
  if (typeof header.kid !== "string" || !KID.test(header.kid)) throw unauthorized("its key id is malformed");

  const key = await publicKey(albKeyUrl(opts.keyUrl, opts.albArn, header.kid), header.kid);
  try {
    await compactVerify(token, key, { algorithms: ["ES256"] });
  } catch {
    throw unauthorized("its signature does not verify");
  }
  const claims = segmentJson(p, "payload");
  if (typeof claims.exp === "number" && claims.exp + CLOCK_SKEW_S < nowS) throw unauthorized("it has expired");
  return { header, claims };
}

/** Forget cached keys (tests). */
export function clearAlbKeys() {
  keys.clear();
  unknownKids.clear();
}
