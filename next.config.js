// Security headers on every response; the CSP allows inline styles (Recharts sets style attributes)
// and inline scripts (Next's bootstrap), but nothing from other origins. Pages get a stricter,
// nonce-based script policy from proxy.ts, which replaces this one.
const isDev = process.env.NODE_ENV !== "production";
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");

/** @type {import('next').NextConfig} */
module.exports = {
  // Separate build folders let several builds (a developer's and a test run's) live side by side.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // The container image (Dockerfile) ships the standalone output: the server and only the modules it needs.
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  poweredByHeader: false,
  // `npm test` type-checks the whole tree once (tsc --noEmit); the build need not do it again.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ["pg", "@electric-sql/pglite", "libpg-query"],
  // forbidden() / unauthorized(): real 403 and 401 pages (app/forbidden.tsx, app/unauthorized.tsx).
  experimental: { authInterrupts: true },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: csp },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};
