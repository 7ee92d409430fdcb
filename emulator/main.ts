import { parseArgs } from "node:util";
import { startEmulator } from "./server";

/** `npm run emulator -- [--port P] [--host H] [--time-scale N] [--fleet N]`: runs the emulator alone. */
const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4566" },
    host: { type: "string", default: "127.0.0.1" },
    "time-scale": { type: "string", default: "1" },
    fleet: { type: "string" },
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
const emulator = await startEmulator({
  port: positive("port", values.port, true),
  host: values.host,
  timeScale: positive("time-scale", values["time-scale"]),
  fleet: positive("fleet", values.fleet, true),
});
// One JSON line on stdout: the launcher and tests read the endpoint from it.
console.log(JSON.stringify({ endpoint: emulator.endpoint, regions: emulator.regions, timeScale: emulator.clock.timeScale }));

const stop = () => emulator.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
}

main().catch((err) => {
  console.error("[emulator] failed to start:", err instanceof Error ? err.message : err);
  process.exit(1);
});
