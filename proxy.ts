import { randomBytes } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { userFromRequest } from "@/lib/auth";
import { toAppError } from "@/lib/errors";
import { pageCsp } from "@/lib/http/csp";

/**
 * Runs before every page request (Next.js 16 "proxy", formerly middleware):
 * 1. Nobody reads anything without an identity: in proxy auth mode a page request that did not
 *    come through the authenticating proxy gets 401 here, before the page fetches any data.
 *    API routes are left to route(), which answers the same 401 and audits refused mutations.
 * 2. Pages get a fresh CSP nonce, so inline scripts other than Next's own cannot run.
 */
export async function proxy(request: NextRequest) {
  try {
    await userFromRequest(request.headers);
  } catch (err) {
    const e = toAppError(err);
    const title = e.status === 401 ? "Not signed in" : "Sign-in is unavailable";
    return new NextResponse(`<!doctype html><meta charset="utf-8"><title>${title} · dsql-ops</title><h1>${title}</h1><p>${e.message.replace(/[<>&"]/g, "")}</p>`, {
      status: e.status,
      headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": "default-src 'none'", "cache-control": "no-store" },
    });
  }
  const nonce = randomBytes(16).toString("base64");
  const csp = pageCsp(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  headers.set("x-nonce", nonce);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("content-security-policy", csp);
  return res;
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
