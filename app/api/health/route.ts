export const dynamic = "force-dynamic";

/**
 * Liveness for load balancers and orchestrators: the process is up and serving. No AWS call, no
 * store, no sign-in (a probe has no identity), and nothing in the answer but that.
 */
export function GET() {
  return Response.json({ status: "ok", uptimeS: Math.round(process.uptime()) }, { headers: { "cache-control": "no-store" } });
}
