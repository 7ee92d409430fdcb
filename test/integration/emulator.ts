import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { DEMO_EXTERNAL_ID, DEMO_ROLE } from "../../emulator/scenario/accounts";
import { ACCOUNT_ID } from "../../emulator/scenario/fleet";
import { DRILL_VERDICTS } from "../../emulator/scenario/drills";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator/server";
import type { ClusterKey } from "../../lib/aws/scope";

/** Starts an emulator on a free port for a suite; the SDK clients get its endpoint and dummy credentials. */
export async function withEmulator(opts: EmulatorOptions = {}) {
  const emu = await startEmulator({ port: 0, ...opts });
  return {
    ...emu,
    clientConfig: (region: string) => ({ region, endpoint: emu.endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 }),
    /** A client configuration acting in a member account of the demo organisation, through its role. */
    clientConfigIn: (account: string, region: string) => {
      const { Credentials: c } = emu.identities.assumeRole(emu.identities.resolve("test"), {
        RoleArn: `arn:aws:iam::${account}:role/${DEMO_ROLE}`,
        RoleSessionName: "integration",
        ExternalId: DEMO_EXTERNAL_ID,
      });
      return { region, endpoint: emu.endpoint, credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }, maxAttempts: 1 };
    },
  };
}

/**
 * lib/ reads its configuration once, from the environment: this points it at an emulator (its AWS
 * endpoint and its SQL endpoint, as the launcher does) and a fresh data folder for the store. Call
 * before the first lib/ call of the suite.
 */
export function pointLibAt(emu: { endpoint: string; regions: string[]; sqlEndpoint: { host: string; port: number } }, name: string): void {
  Object.assign(process.env, {
    DSQL_OPS_MODE: "local",
    DSQL_OPS_REGIONS: emu.regions.join(","),
    DSQL_OPS_DATA_DIR: mkdtempSync(path.join(tmpdir(), `dsql-ops-${name}-`)),
    AWS_ENDPOINT_URL: emu.endpoint,
    DSQL_OPS_SQL_ENDPOINT: `${emu.sqlEndpoint.host}:${emu.sqlEndpoint.port}`,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_REGION: "us-east-1",
    // The emulated organisation, as local mode reads it: member accounts through their role.
    DSQL_OPS_ORG_ROLE_NAME: DEMO_ROLE,
    DSQL_OPS_ORG_EXTERNAL_ID: DEMO_EXTERNAL_ID,
  });
}

/** A seeded cluster as lib/ names it: its account, Region and id. */
export function seededCluster(emu: { scenario: { clusters: { name: string; region: string; identifier: string; account?: string }[] } }, name: string, region: string): ClusterKey {
  const c = emu.scenario.clusters.find((x) => x.name === name && x.region === region);
  if (!c) throw new Error(`no seeded cluster ${name} in ${region}`);
  return { account: c.account ?? ACCOUNT_ID, region, identifier: c.identifier };
}

/** A suite's emulator with lib/ pointed at it, started before the suite and closed after it; call the getter inside tests. */
export function emulatorForLib(name: string, opts: EmulatorOptions = {}): () => Awaited<ReturnType<typeof withEmulator>> {
  let emu: Awaited<ReturnType<typeof withEmulator>> | undefined;
  beforeAll(async () => {
    emu = await withEmulator(opts);
    pointLibAt(emu, name);
  });
  afterAll(() => emu?.close());
  return () => emu!;
}

/** How many clusters the emulated fleet lists: the scenario's, and the drill copy a past drill left behind. */
export const fleetClusterCount = (emu: { scenario: { clusters: unknown[] } }) => emu.scenario.clusters.length + DRILL_VERDICTS.filter((d) => d.leftover).length;

/** PromQL QueryMetrics calls lib/ has counted for the About page so far (lib/aws/usage.ts). */
export async function promqlCallsCounted(): Promise<number> {
  const { usageCounts } = await import("@/lib/aws/usage");
  return usageCounts()
    .filter((c) => c.api === "QueryMetrics")
    .reduce((n, c) => n + c.count, 0);
}
