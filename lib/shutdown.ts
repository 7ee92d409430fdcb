/**
 * What a stopping instance must do besides closing its HTTP server: the server wrapper
 * (scripts/serve.mjs, which loads the app in its own process) sets the draining flag on SIGTERM,
 * so /api/ready turns 503 and the load balancer stops sending traffic, then runs the closers
 * registered here (SQL pools, the store) once in-flight requests are done. Both live on globalThis
 * under Symbol.for keys: Next.js bundles lib/ once per route, and serve.mjs is not bundled at all.
 */

const CLOSERS = Symbol.for("dsql-ops.shutdown.closers");
const DRAINING = Symbol.for("dsql-ops.shutdown.draining");
const g = globalThis as Record<symbol, unknown>;

/** Registers work to do when the instance stops (close a pool); returns a function that unregisters it. */
export function onShutdown(close: () => Promise<void> | void): () => void {
  const closers = (g[CLOSERS] ??= new Set()) as Set<() => Promise<void> | void>;
  closers.add(close);
  return () => closers.delete(close);
}

/** True once the instance has been told to stop: it finishes what it has and takes nothing new. */
export function isDraining(): boolean {
  return g[DRAINING] === true;
}
