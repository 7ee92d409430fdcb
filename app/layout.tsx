import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { userFromRequest } from "@/lib/auth";
import { config } from "@/lib/aws/config";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "dsql-ops", template: "%s · dsql-ops" },
  description: "Operations dashboard for Amazon Aurora DSQL",
  icons: { icon: [{ url: "/favicon.svg", type: "image/svg+xml" }], apple: "/apple-touch-icon.png" },
};

const nav = [
  { href: "/", label: "Fleet" },
  { href: "/triage", label: "Triage" },
  { href: "/cost", label: "Cost" },
  { href: "/insights", label: "Insights" },
  { href: "/assess", label: "Assess" },
  { href: "/restores", label: "Restores" },
  { href: "/drills", label: "Drills" },
  { href: "/jobs", label: "Jobs" },
  { href: "/alarms", label: "Alarms" },
  // Operators only; viewers who follow it get a 403 page that says so.
  { href: "/audit", label: "Audit" },
  { href: "/about", label: "About" },
];

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const { mode } = config();
  // Reading the request makes every page dynamic, which the per-request CSP nonce (proxy.ts) needs.
  const user = await userFromRequest(await headers()).catch(() => undefined);
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <header className="no-print border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-7xl items-center gap-6 px-4 py-3">
            <Link href="/" className="font-semibold tracking-tight">
              dsql-ops
            </Link>
            <nav className="flex gap-4 text-sm text-slate-600">
              {nav.map((n) => (
                <Link key={n.href} href={n.href} className="hover:text-slate-900">
                  {n.label}
                </Link>
              ))}
            </nav>
            {mode === "local" && (
              <span data-testid="local-mode-badge" title="Served by the built-in AWS emulator: no AWS account is used" className="ml-auto rounded-full bg-amber-100 px-3 py-1 text-xs font-medium text-amber-900">
                local mode · emulated AWS
              </span>
            )}
            {user && (
              <span data-testid="current-user" title={user.groups.length ? `groups: ${user.groups.join(", ")}` : undefined} className={`${mode === "local" ? "" : "ml-auto "}text-xs text-slate-500`}>
                {user.name} · {user.role}
              </span>
            )}
          </div>
        </header>
        <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
      </body>
    </html>
  );
}
