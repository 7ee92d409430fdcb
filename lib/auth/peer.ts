import { BlockList, isIP } from "node:net";
import { timingSafeEqual } from "node:crypto";

/**
 * The TCP peer of a request. Next.js route handlers cannot see the socket, and the
 * X-Forwarded-For that Next fills in keeps whatever the client sent, so the launcher's server
 * (scripts/serve.mjs) stamps every request with `<nonce> <address>`, overwriting anything the
 * client sent. The nonce is random per process: without it (the app started some other way)
 * the peer is unknown and header-based identities are not trusted on the address alone.
 */

export const PEER_HEADER = "x-dsql-ops-peer";

/** Constant-time string comparison. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function peerAddress(headers: Headers, nonce = process.env.DSQL_OPS_PEER_NONCE): string | undefined {
  const v = headers.get(PEER_HEADER);
  if (!nonce || !v) return undefined;
  const space = v.indexOf(" ");
  if (space < 0 || !sameSecret(v.slice(0, space), nonce)) return undefined;
  const addr = normalise(v.slice(space + 1));
  return isIP(addr) ? addr : undefined;
}

/** IPv4 clients of a dual-stack socket appear as ::ffff:a.b.c.d. */
function normalise(addr: string): string {
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(addr) ? addr.slice(7) : addr;
}

const lists = new Map<string, BlockList>();

/** Whether an address is one of the configured proxies (addresses or CIDR blocks). */
export function isTrustedProxy(addr: string, trusted: string[]): boolean {
  const key = trusted.join(",");
  let list = lists.get(key);
  if (!list) {
    list = new BlockList();
    for (const t of trusted) {
      const [ip, bits] = t.split("/");
      const type = isIP(ip) === 6 ? "ipv6" : "ipv4";
      if (bits === undefined) list.addAddress(normalise(ip), type);
      else list.addSubnet(ip, Number(bits), type);
    }
    lists.set(key, list);
  }
  const a = normalise(addr);
  return list.check(a, isIP(a) === 6 ? "ipv6" : "ipv4");
}
