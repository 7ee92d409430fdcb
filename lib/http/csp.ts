/**
 * The Content-Security-Policy of every page: scripts only with the per-request nonce (Next.js
 * puts it on its own scripts when it finds this header on the request), 'strict-dynamic' for the
 * chunks they load, nothing from other origins. Inline styles stay allowed: Recharts and React
 * set style attributes, which nonces cannot cover. Dev mode needs eval for React's debugging.
 */
export function pageCsp(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join("; ");
}
