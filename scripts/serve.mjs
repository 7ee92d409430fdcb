// Serves the built dashboard as `next start` does, from a plain Node server so that each request
// can carry the address of its TCP peer: Next.js route handlers cannot see the socket, and the
// X-Forwarded-For it fills in keeps whatever a client sent. The stamp is `<nonce> <address>`,
// always overwritten here; the nonce is random per process and handed to the app through the
// environment, so a request that bypassed this server cannot forge it (lib/auth/peer.ts).
// Usage: node scripts/serve.mjs [--host H] [--port P]
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { drain } from "./shutdown.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const host = arg("host", "127.0.0.1");
const port = Number(arg("port", "3000"));

const nonce = randomBytes(24).toString("base64url");
process.env.DSQL_OPS_PEER_NONCE = nonce;
process.env.NODE_ENV = "production";

// In the container image (Next's standalone output) the configuration was resolved at build time
// and next.config.js is not shipped: hand Next the built one, as the standalone server.js does.
const built = path.join(root, process.env.NEXT_DIST_DIR || ".next", "required-server-files.json");
if (!existsSync(path.join(root, "next.config.js")) && existsSync(built)) {
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(JSON.parse(readFileSync(built, "utf8")).config);
}

const { default: next } = await import("next");
const app = next({ dev: false, dir: root, hostname: host, port });
const handle = app.getRequestHandler();
await app.prepare();

/** Next.js answers 500 when a dynamic segment is not valid percent-encoding ("/api/x/%ZZ"): refuse it here. */
function malformedPath(url) {
  try {
    decodeURIComponent((url ?? "/").split("?")[0]);
    return false;
  } catch {
    return true;
  }
}

const server = createServer((req, res) => {
  if (malformedPath(req.url)) {
    const api = (req.url ?? "").startsWith("/api/");
    res.writeHead(400, { "content-type": api ? "application/json" : "text/plain; charset=utf-8", "x-content-type-options": "nosniff", "x-frame-options": "DENY", "cache-control": "no-store" });
    res.end(api ? JSON.stringify({ error: "The URL is not valid: malformed percent-encoding", code: "BadRequest" }) : "Bad request: the URL is not valid (malformed percent-encoding)");
    return;
  }
  req.headers["x-dsql-ops-peer"] = `${nonce} ${req.socket.remoteAddress ?? ""}`;
  // While draining, no connection is kept alive for another request.
  if (stopping) res.setHeader("connection", "close");
  handle(req, res).catch((err) => {
    console.error("[dsql-ops] request failed:", err instanceof Error ? err.message : err);
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
    res.end("Internal error");
  });
});
server.listen(port, host, () => console.log(`[dsql-ops] ready on http://${host}:${port}`));

// SIGTERM (ECS, Kubernetes, the launcher): drain, then close the app's pools and exit.
const graceMs = Number(process.env.DSQL_OPS_SHUTDOWN_GRACE_MS ?? 10_000);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log(`[dsql-ops] stopping: finishing in-flight requests (up to ${graceMs} ms)`);
  await drain(server, { graceMs, log: (m) => console.log(`[dsql-ops] ${m}`) });
  await app.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
