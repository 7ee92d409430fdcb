// Graceful stop of an HTTP server that serves the app in this process (scripts/serve.mjs): on
// SIGTERM the instance says it is draining (lib/shutdown.ts: /api/ready answers 503), stops
// accepting connections, closes idle keep-alive ones, lets in-flight requests finish for up to
// `graceMs`, then cuts what is left, runs the app's closers (SQL pools, the store) and resolves.

const CLOSERS = Symbol.for("dsql-ops.shutdown.closers");
const DRAINING = Symbol.for("dsql-ops.shutdown.draining");

/** @param {import("node:http").Server} server @param {{ graceMs: number, log?: (m: string) => void }} opts */
export async function drain(server, { graceMs, log = () => {} }) {
  globalThis[DRAINING] = true;
  const closed = new Promise((resolve) => server.close(() => resolve("done")));
  // A keep-alive connection turns idle when its last response ends: close those as they appear.
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  const timer = new Promise((resolve) => setTimeout(() => resolve("timeout"), graceMs).unref());
  const how = await Promise.race([closed, timer]);
  clearInterval(sweep);
  if (how === "timeout") {
    log(`requests still running after ${graceMs} ms: closing their connections`);
    server.closeAllConnections();
    await closed;
  }
  const closers = [...(globalThis[CLOSERS] ?? [])];
  await Promise.allSettled(closers.map((close) => close()));
  return { how, closers: closers.length };
}
