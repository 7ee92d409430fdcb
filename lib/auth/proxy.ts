import type { AuthConfig } from "../aws/config";
import { AppError } from "../errors";
import { verifyAlbToken } from "./alb";
import type { Role, User } from "./user";
import { isTrustedProxy, peerAddress, sameSecret } from "./peer";

/**
 * The identity an authenticating proxy passes on. Two kinds, either or both configured:
 * - an ALB with OIDC: the signed `x-amzn-oidc-data` token, verified (see alb.ts);
 * - oauth2-proxy-style X-Forwarded-User/-Email/-Groups headers, which anyone could send, so
 *   they count only from a configured proxy address and, if a shared secret is set, with it.
 * Groups map to roles through config; users in no mapped group are viewers.
 */

export type ProxyAuth = Extract<AuthConfig, { mode: "proxy" }>;

export const ALB_HEADER = "x-amzn-oidc-data";
export const SECRET_HEADER = "x-dsql-ops-proxy-secret";

const unauthorized = (message: string) => new AppError(401, message, "Unauthorized");

/** Header and claim values end up in the audit log and on pages: printable and bounded. */
function clean(v: unknown): string {
  return typeof v === "string" ? v.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, 256) : "";
}

export function roleFor(groups: string[], groupRoles: Record<string, Role>): Role {
  return groups.some((g) => groupRoles[g] === "operator") ? "operator" : "viewer";
}

function groupList(v: unknown): string[] {
  // oauth2-proxy joins groups with commas; names may hold spaces ("Domain Admins").
  const list = Array.isArray(v) ? v : typeof v === "string" ? v.split(",") : [];
  return list.map(clean).filter(Boolean).slice(0, 200);
}

async function fromAlb(token: string, auth: ProxyAuth & { albArn: string }): Promise<User> {
  const { claims } = await verifyAlbToken(token, { albArn: auth.albArn, keyUrl: auth.albKeyUrl });
  const nameClaims = auth.userClaim ? [auth.userClaim] : ["email", "preferred_username", "username", "sub"];
  const name = nameClaims.map((c) => clean(claims[c])).find(Boolean);
  if (!name) throw unauthorized(`The load balancer's identity token names no user (claims ${nameClaims.join(", ")})`);
  const groups = groupList(claims[auth.groupsClaim] ?? (auth.groupsClaim === "groups" ? claims["cognito:groups"] : undefined));
  return { name, role: roleFor(groups, auth.groupRoles), groups };
}

function fromHeaders(headers: Headers, auth: ProxyAuth): User {
  if (auth.trustedProxies.length) {
    const peer = peerAddress(headers);
    if (!peer) throw unauthorized("Identity headers are trusted only from the configured proxies, and this server cannot see the caller's address (start it with `npm start`)");
    if (!isTrustedProxy(peer, auth.trustedProxies)) throw unauthorized(`Identity headers are not trusted from ${peer}: it is not one of DSQL_OPS_TRUSTED_PROXIES`);
  }
  if (auth.proxySecret && !sameSecret(headers.get(SECRET_HEADER) ?? "", auth.proxySecret)) {
    throw unauthorized("Identity headers came without the proxy's shared secret");
  }
  const name = clean(headers.get("x-forwarded-email")) || clean(headers.get("x-forwarded-preferred-username")) || clean(headers.get("x-forwarded-user"));
  if (!name) throw unauthorized("The proxy passed no user (X-Forwarded-User or X-Forwarded-Email)");
  const groups = groupList(headers.get("x-forwarded-groups") ?? "");
  return { name, role: roleFor(groups, auth.groupRoles), groups };
}

export async function userFromProxy(headers: Headers, auth: ProxyAuth): Promise<User> {
  const token = headers.get(ALB_HEADER);
  if (auth.albArn && token) return fromAlb(token, { ...auth, albArn: auth.albArn });
  const headerTrust = auth.trustedProxies.length > 0 || !!auth.proxySecret;
  if (headerTrust && (headers.has("x-forwarded-user") || headers.has("x-forwarded-email"))) return fromHeaders(headers, auth);
  throw unauthorized(
    auth.albArn ? "Not signed in: the request did not come through the load balancer's authentication" : "Not signed in: the request did not come through the authenticating proxy",
  );
}
