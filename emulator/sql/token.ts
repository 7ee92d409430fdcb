/**
 * DSQL IAM authentication tokens as the SQL endpoint sees them: a SigV4-presigned URL without its
 * scheme, `<id>.dsql.<region>.on.aws/?Action=DbConnectAdmin&X-Amz-Credential=...&X-Amz-Date=...`.
 * The emulator reads the cluster, region, action and expiry from it; like the HTTP side it cannot
 * verify the signature (it holds no secret keys).
 */

import { DSQL_HOSTNAME } from "../../lib/aws/ids";

export type ConnectAction = "DbConnect" | "DbConnectAdmin";

export interface TokenClaims {
  /** The access key that signed the token (X-Amz-Credential): it names the calling account. */
  accessKeyId: string;
  clusterId: string;
  region: string;
  action: ConnectAction;
  issuedAtMs: number;
  expiresAtMs: number;
}

export class TokenError extends Error {
  constructor(
    /** 28P01: not a usable token; 28000: a valid token that does not grant this connection. */
    readonly code: "28P01" | "28000",
    message: string,
  ) {
    super(message);
  }
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
/** The longest lifetime DSQL accepts (one week). */
const MAX_EXPIRES_S = 604_800;

function amzDate(v: string | null): number | undefined {
  const m = v ? AMZ_DATE.exec(v) : null;
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : undefined;
}

/** Reads a token; throws TokenError (28P01) when it is missing, malformed or expired at `nowMs`. */
export function readToken(password: string | undefined, nowMs: number): TokenClaims {
  const invalid = (why: string) => new TokenError("28P01", `unable to accept connection, access denied: ${why}`);
  if (!password) throw invalid("no authentication token was sent as the password");
  let url: URL;
  try {
    url = new URL(`https://${password}`);
  } catch {
    throw invalid("the password is not a DSQL authentication token");
  }
  const host = DSQL_HOSTNAME.exec(url.hostname);
  const q = url.searchParams;
  const action = q.get("Action");
  const credential = q.get("X-Amz-Credential")?.split("/");
  const issuedAtMs = amzDate(q.get("X-Amz-Date"));
  const expiresS = Number(q.get("X-Amz-Expires"));
  if (!host || (action !== "DbConnect" && action !== "DbConnectAdmin") || !q.get("X-Amz-Signature") || !credential || credential.length !== 5 || issuedAtMs === undefined) {
    throw invalid("the password is not a DSQL authentication token");
  }
  if (credential[3] !== "dsql" || credential[2] !== host[2]) throw invalid("the token was not signed for dsql in this cluster's region");
  if (!Number.isInteger(expiresS) || expiresS < 1 || expiresS > MAX_EXPIRES_S) throw invalid("the token's X-Amz-Expires is out of range");
  const expiresAtMs = issuedAtMs + expiresS * 1000;
  // A small allowance for clock skew, as SigV4 services allow for signing dates in the future.
  if (issuedAtMs > nowMs + 5 * 60_000) throw invalid("the token's signing date is in the future");
  if (expiresAtMs <= nowMs) throw invalid("the authentication token has expired; generate a new one");
  return { accessKeyId: credential[0], clusterId: host[1], region: host[2], action, issuedAtMs, expiresAtMs };
}

/** The role `admin` needs a DbConnectAdmin token; every other role a DbConnect one. */
export function authorize(claims: TokenClaims, user: string): void {
  const needed: ConnectAction = user === "admin" ? "DbConnectAdmin" : "DbConnect";
  if (claims.action !== needed) {
    throw new TokenError("28000", `unable to accept connection, access denied: role "${user}" needs a token for dsql:${needed}, this one is for dsql:${claims.action}`);
  }
}

/**
 * A token signed in another account than the cluster's connects only where the cluster's
 * resource-based policy allows that account the connect action. Simplified policy reading: an
 * Allow statement whose Action covers it (`dsql:DbConnect`, `dsql:DbConnectAdmin`, `dsql:*`, `*`)
 * and whose AWS principal names the account (its id, root ARN or any ARN in it, or `*`); Deny
 * statements and conditions are not evaluated here.
 */
export function authorizeAccount(claims: TokenClaims, callerAccount: string, cluster: { account: string; identifier: string; policy?: { document?: string } }): void {
  if (callerAccount === cluster.account) return;
  const denied = new TokenError(
    "28000",
    `unable to accept connection, access denied: the token was signed with credentials of account ${callerAccount}; cluster ${cluster.identifier} belongs to account ${cluster.account} and its resource-based policy does not allow that account dsql:${claims.action}`,
  );
  let doc: { Statement?: unknown };
  try {
    doc = JSON.parse(cluster.policy?.document ?? "{}") as { Statement?: unknown };
  } catch {
    throw denied;
  }
  const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const statements = list(doc.Statement as Record<string, unknown> | Record<string, unknown>[] | undefined);
  const allows = statements.some((st) => {
    if (st.Effect !== "Allow") return false;
    const actions = list(st.Action as string | string[] | undefined);
    if (!actions.some((a) => a === "*" || a === "dsql:*" || a === `dsql:${claims.action}`)) return false;
    const principal = st.Principal as string | { AWS?: string | string[] } | undefined;
    const names = principal === "*" ? ["*"] : list(typeof principal === "object" ? principal.AWS : undefined);
    return names.some((n) => n === "*" || n === callerAccount || n.startsWith(`arn:aws:iam::${callerAccount}:`));
  });
  if (!allows) throw denied;
}

/** Whether this token lets `user` into `cluster`: the role's action, then the signing account. */
export function admit(claims: TokenClaims, user: string, callerAccount: string, cluster: Parameters<typeof authorizeAccount>[2]): void {
  authorize(claims, user);
  authorizeAccount(claims, callerAccount, cluster);
}
