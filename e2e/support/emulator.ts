import { readFileSync } from "node:fs";
import path from "node:path";
import type { FaultRuleInput } from "../../emulator/faults";

/**
 * The emulator behind the e2e web server (playwright.config.ts starts `npm start`; the launcher
 * writes the emulator's endpoint to <data dir>/emulator.json) and its fault injection control.
 */

export const e2ePort = Number(process.env.E2E_PORT ?? 3100);
export const e2eDataDir = process.env.E2E_DATA_DIR ?? `.data-e2e-${e2ePort}`;

export function emulatorEndpoint(): string {
  return (JSON.parse(readFileSync(path.join(e2eDataDir, "emulator.json"), "utf8")) as { endpoint: string }).endpoint;
}

/** A fault rule as the emulator's control endpoint takes it (emulator/faults.ts). */
export type FaultRule = FaultRuleInput;

async function control(method: string, body?: unknown): Promise<{ faults: (FaultRule & { id: string; injected: number })[] }> {
  const r = await fetch(`${emulatorEndpoint()}/_emulator/faults`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!r.ok) throw new Error(`the emulator refused the faults (${r.status}): ${await r.text()}`);
  return r.json();
}

/** Replaces all faults. */
export const setFaults = async (rules: FaultRule[]) => (await control("PUT", rules)).faults;
export const listFaults = async () => (await control("GET")).faults;
export const clearFaults = async () => void (await control("DELETE"));

/** The emulated clusters, as the emulator lists them for tests. */
export async function emulatorClusters(): Promise<{ account: string; region: string; identifier: string; name: string; status: string }[]> {
  return (await fetch(`${emulatorEndpoint()}/_emulator/clusters`)).json();
}
