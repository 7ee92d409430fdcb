import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { root } from "./routes";

/** Another dashboard server on the e2e build (scripts/serve.mjs), for specs that need their own configuration. */

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface ExtraServer {
  proc: ChildProcess;
  base: string;
  /** Everything it printed, for a failing test's attachment and for leak checks. */
  log: string[];
}

/** Starts the build on `port` with only `env` (and what any Node process needs) in its environment. */
export function serveBuild(port: number, env: Record<string, string>): ExtraServer {
  const log: string[] = [];
  const proc = spawn(process.execPath, [path.join(root, "scripts", "serve.mjs"), "--host", "127.0.0.1", "--port", String(port)], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next", ...env },
  });
  proc.stdout!.on("data", (d) => log.push(String(d)));
  proc.stderr!.on("data", (d) => log.push(String(d)));
  return { proc, base: `http://127.0.0.1:${port}`, log };
}
