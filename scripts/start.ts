import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { ConfigError, detectMode, loadConfig } from "../lib/aws/config";
import { DEMO_EXTERNAL_ID, DEMO_ROLE } from "../emulator/scenario/accounts";

/**
 * `npm start`: in local mode, starts the emulator, waits until it is healthy, then serves the
 * dashboard pointed at it through the standard AWS endpoint variables. In aws mode it only
 * serves the dashboard. Builds first when there is no build yet. `--dev` runs `next dev`.
 */

const root = path.resolve(__dirname, "..");
const dev = process.argv.includes("--dev");
const children: ChildProcess[] = [];

function stopAll(code: number) {
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
  process.exit(code);
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const tsxCli = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");

function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, args, { cwd: root, env, stdio: "inherit" });
    children.push(p);
    p.on("exit", (code) => resolve(code ?? 1));
  });
}

/** Newest modification time under the folders that make up the built app. */
function newestSource(dirs: string[]): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === "node_modules" || e.name.startsWith(".")) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of dirs) if (existsSync(path.join(root, d))) walk(path.join(root, d));
  return newest;
}

/** A build is missing, or older than the sources it was built from (after a pull, say). */
function needsBuild(distDir: string): boolean {
  const stamp = path.join(root, distDir, "BUILD_ID");
  if (!existsSync(stamp)) return true;
  return newestSource(["app", "components", "lib", "public"]) > statSync(stamp).mtimeMs;
}

async function startEmulator(): Promise<{ endpoint: string; sql: string; regions: string[] }> {
  const args = [tsxCli, "emulator/main.ts", "--port", process.env.DSQL_OPS_EMULATOR_PORT ?? "0", "--time-scale", process.env.DSQL_OPS_EMULATOR_TIME_SCALE ?? "1"];
  if (process.env.DSQL_OPS_EMULATOR_FLEET) args.push("--fleet", process.env.DSQL_OPS_EMULATOR_FLEET);
  if (process.env.DSQL_OPS_EMULATOR_FAULTS) args.push("--faults", process.env.DSQL_OPS_EMULATOR_FAULTS);
  const emu = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  children.push(emu);
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: emu.stdout! });
    let ready = false;
    lines.on("line", (line) => {
      if (ready) return void console.log(`[emulator] ${line}`);
      try {
        const info = JSON.parse(line) as { endpoint: string; sql: string; regions: string[] };
        ready = true;
        resolve(info);
      } catch {
        console.log(`[emulator] ${line}`);
      }
    });
    emu.on("exit", (code) => {
      if (!ready) reject(new Error(`the emulator exited with code ${code} before it was ready`));
      else {
        console.error(`[dsql-ops] the emulator stopped (code ${code}); stopping the dashboard`);
        stopAll(1);
      }
    });
  });
}

async function main() {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const mode = detectMode(env);
  const port = env.PORT ?? "3000";
  let host = env.DSQL_OPS_HOST ?? "127.0.0.1";

  if (mode === "local") {
    // Local mode is a single operator with no sign-in: it must not be reachable from other machines.
    host = "127.0.0.1";
    const emu = await startEmulator();
    const health = await fetch(`${emu.endpoint}/_emulator/health`);
    if (!health.ok) throw new Error(`the emulator is not healthy (${health.status})`);
    Object.assign(env, {
      DSQL_OPS_MODE: "local",
      DSQL_OPS_REGIONS: env.DSQL_OPS_REGIONS ?? emu.regions.join(","),
      DSQL_OPS_EMULATOR_ENDPOINT: emu.endpoint,
      AWS_ENDPOINT_URL: emu.endpoint,
      // SQL goes to the emulator's one SQL port; each connection's IAM token still names its cluster.
      DSQL_OPS_SQL_ENDPOINT: emu.sql,
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_REGION: env.AWS_REGION ?? "us-east-1",
      AWS_EC2_METADATA_DISABLED: "true",
      // The demo organisation: its member accounts are read through the role each one holds.
      DSQL_OPS_ORG_ROLE_NAME: env.DSQL_OPS_ORG_ROLE_NAME ?? DEMO_ROLE,
      DSQL_OPS_ORG_EXTERNAL_ID: env.DSQL_OPS_ORG_EXTERNAL_ID ?? DEMO_EXTERNAL_ID,
    });
    console.log(`[dsql-ops] local mode: emulated AWS at ${emu.endpoint} (regions ${env.DSQL_OPS_REGIONS})`);
    // Tests find the emulator (and its /_emulator/faults control) here.
    const dataDir = path.resolve(root, loadConfig(env).dataDir); // the dashboard runs with cwd = root
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, "emulator.json"), JSON.stringify({ endpoint: emu.endpoint, sql: emu.sql, regions: emu.regions }));
  }
  loadConfig(env); // fail here, with the reason, rather than on the first page load

  const distDir = env.NEXT_DIST_DIR ?? ".next";
  if (!dev && needsBuild(distDir)) {
    console.log("[dsql-ops] no up-to-date build: running next build first");
    const code = await run([nextBin, "build"], { ...env, NODE_ENV: "production" });
    if (code !== 0) return stopAll(code);
  }
  console.log(`[dsql-ops] dashboard on http://${host}:${port}`);
  // Production runs through scripts/serve.mjs (next start plus the peer address that proxy auth checks).
  const server = dev ? [nextBin, "dev", "-H", host, "-p", port] : [path.join(root, "scripts", "serve.mjs"), "--host", host, "--port", port];
  const code = await run(server, env);
  stopAll(code);
}

main().catch((err) => {
  console.error(`[dsql-ops] ${err instanceof ConfigError ? "configuration error: " : ""}${err instanceof Error ? err.message : String(err)}`);
  stopAll(1);
});
