import { parseArgs } from "node:util";
import { parseFaults, type FaultRuleInput } from "./faults";
import { startEmulator } from "./server";

/**
 * `npm run emulator -- [--port P] [--sql-port P] [--host H] [--time-scale N] [--fleet N [--accounts K]] [--faults JSON] [--promql-tps N] [--promql-concurrency N]`: runs the
 * emulator alone. `--faults` (or DSQL_OPS_EMULATOR_FAULTS) injects faults from the start, e.g.
 * `[{"kind":"down","region":"eu-west-1"},{"kind":"throttle","service":"monitoring","rate":0.3}]`.
 */
const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4566" },
    "sql-port": { type: "string", default: "0" },
    host: { type: "string", default: "127.0.0.1" },
    "time-scale": { type: "string", default: "1" },
    fleet: { type: "string" },
    accounts: { type: "string" },
    faults: { type: "string", default: process.env.DSQL_OPS_EMULATOR_FAULTS },
    "promql-tps": { type: "string" },
    "promql-concurrency": { type: "string" },
  },
});

function positive(name: string, v: string | undefined, integer = false): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    console.error(`--${name} must be a ${integer ? "whole " : ""}number, got "${v}"`);
    process.exit(2);
  }
  return n;
}

async function main() {
  let faults: FaultRuleInput[] = [];
  try {
    faults = parseFaults(values.faults);
  } catch (err) {
    console.error(`--faults: ${(err as Error).message}`);
    process.exit(2);
  }
  const emulator = await startEmulator({
    port: positive("port", values.port, true),
    sqlPort: positive("sql-port", values["sql-port"], true),
    host: values.host,
    timeScale: positive("time-scale", values["time-scale"]),
    fleet: positive("fleet", values.fleet, true),
    accounts: positive("accounts", values.accounts, true),
    faults,
    promqlQuota: { tps: positive("promql-tps", values["promql-tps"]), concurrency: positive("promql-concurrency", values["promql-concurrency"], true) },
  });
  // One JSON line on stdout: the launcher and tests read the endpoint from it.
  // `sql` is the clusters' SQL endpoint (host:port); a session picks its cluster by its IAM token.
  console.log(JSON.stringify({ endpoint: emulator.endpoint, sql: `${emulator.sqlEndpoint.host}:${emulator.sqlEndpoint.port}`, regions: emulator.regions, timeScale: emulator.clock.timeScale }));
  if (faults.length) console.error(`[emulator] injecting ${faults.length} fault rule(s) from the start`);

  const stop = () => emulator.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err) => {
  console.error("[emulator] failed to start:", err instanceof Error ? err.message : err);
  process.exit(1);
});
