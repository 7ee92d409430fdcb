import { DEFAULT_ACCOUNT } from "../protocols/http";
import { clusterIdFor, hash32, rng } from "./random";

/**
 * The seeded fleet. Incidents are placed relative to `anchor` (the emulator's start, floored to
 * the hour), so a fresh start always shows them in the recent past or under way.
 */

export const ACCOUNT_ID = DEFAULT_ACCOUNT;
/** The demo organisation's member accounts that hold clusters (scenario/accounts.ts names them). */
export const STAGING_ACCOUNT = "210987654321";
export const DEV_ACCOUNT = "345678901234";
export const DEMO_REGIONS = ["us-east-1", "us-east-2", "eu-west-1", "ap-northeast-1"] as const;

export type IncidentKind = "occ" | "dpuSpike" | "queryTimeouts";

export interface Incident {
  kind: IncidentKind;
  /** Hours relative to the anchor (negative = before it). */
  startH: number;
  durationH: number;
  /** Multiplier or level, meaning depends on kind (occ: conflict share, e.g. 0.12 = 12 %). */
  magnitude: number;
}

/** How a cluster's load looks; the metric functions of time read this. */
export interface LoadProfile {
  /** Mean transactions per second at the daily peak. */
  peakTps: number;
  /** Share of transactions that are read-only. */
  readOnlyShare: number;
  /** Baseline OCC conflict share (0.01 = 1 %). */
  occShare: number;
  /** Mean bytes written per write transaction. */
  bytesPerWrite: number;
  /** Mean bytes read per transaction. */
  bytesPerRead: number;
  /** Storage size at the anchor, bytes, and its growth per day. */
  storageBytes: number;
  storageGrowthPerDay: number;
  /** Hours offset of the daily peak (local time zone of its users). */
  peakHourUtc: number;
  incidents: Incident[];
  /** No traffic at all (an IDLE cluster emits no datapoints). */
  idle?: boolean;
  /** Typical concurrent connections at peak. */
  connections: number;
}

export interface SeedCluster {
  /** The owning account; the default account when absent. */
  account?: string;
  name: string;
  region: string;
  identifier: string;
  status: "ACTIVE" | "IDLE" | "INACTIVE" | "CREATING";
  /** Creation time relative to the anchor, hours (negative). */
  createdH: number;
  deletionProtectionEnabled: boolean;
  tags: Record<string, string>;
  /** Name of the peer cluster (same name, other region) and the witness region, for multi-region. */
  peers?: { region: string; name: string }[];
  witnessRegion?: string;
  kmsKeyArn?: string;
  profile: LoadProfile;
  /** Hours since the last good backup at the anchor (a stale one for the backup pages). */
  lastBackupAgeH?: number;
}

export interface Scenario {
  regions: string[];
  clusters: SeedCluster[];
  /** Member accounts of a generated fleet, beyond the demo organisation's (each with the demo's read-only role). */
  extraAccounts?: string[];
}

const base: LoadProfile = {
  peakTps: 120,
  readOnlyShare: 0.7,
  occShare: 0.008,
  bytesPerWrite: 900,
  bytesPerRead: 4_000,
  storageBytes: 40e9,
  storageGrowthPerDay: 0.15e9,
  peakHourUtc: 15,
  incidents: [],
  connections: 40,
};

function seed(name: string, region: string, rest: Omit<SeedCluster, "name" | "region" | "identifier">): SeedCluster {
  return { name, region, identifier: clusterIdFor(`${region}/${name}`), ...rest };
}

/** The demo scenario: 7 clusters in 4 regions, with the incidents the dashboard should find. */
export function demoScenario(): Scenario {
  const ordersPeers = [
    { region: "us-east-1", name: "orders-prod" },
    { region: "us-east-2", name: "orders-prod" },
  ];
  const commerce = { team: "commerce", environment: "prod", application: "orders" };
  return {
    regions: [...DEMO_REGIONS],
    clusters: [
      seed("orders-prod", "us-east-1", {
        status: "ACTIVE",
        createdH: -24 * 200,
        deletionProtectionEnabled: true,
        tags: { Name: "orders-prod", ...commerce },
        peers: ordersPeers,
        witnessRegion: "us-west-2",
        kmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f`,
        // The OCC incident: a hot-key release that started two hours ago and is still under way.
        profile: { ...base, peakTps: 450, occShare: 0.012, incidents: [{ kind: "occ", startH: -2, durationH: 5, magnitude: 0.11 }, { kind: "occ", startH: -24 * 6 - 3, durationH: 2, magnitude: 0.08 }] },
        lastBackupAgeH: 5,
      }),
      seed("orders-prod", "us-east-2", {
        status: "ACTIVE",
        createdH: -24 * 200,
        deletionProtectionEnabled: true,
        tags: { Name: "orders-prod", ...commerce },
        peers: ordersPeers,
        witnessRegion: "us-west-2",
        profile: { ...base, peakTps: 260, occShare: 0.01 },
        lastBackupAgeH: 5,
      }),
      seed("analytics-dev", "us-east-1", {
        account: DEV_ACCOUNT,
        status: "IDLE",
        createdH: -24 * 45,
        deletionProtectionEnabled: false,
        tags: { Name: "analytics-dev", team: "data", environment: "dev", application: "analytics" },
        profile: { ...base, peakTps: 0, idle: true, storageBytes: 2e9, storageGrowthPerDay: 0, connections: 0 },
        lastBackupAgeH: 9,
      }),
      seed("payments-eu", "eu-west-1", {
        status: "ACTIVE",
        createdH: -24 * 120,
        deletionProtectionEnabled: true,
        tags: { Name: "payments-eu", team: "payments", environment: "prod", application: "payments" },
        // The DPU spike: a batch job that ran an hour ago, several times the usual DPU.
        profile: { ...base, peakTps: 200, readOnlyShare: 0.5, peakHourUtc: 10, incidents: [{ kind: "dpuSpike", startH: -1, durationH: 2, magnitude: 6 }] },
        lastBackupAgeH: 3,
      }),
      seed("reporting-eu", "eu-west-1", {
        account: STAGING_ACCOUNT,
        status: "ACTIVE",
        createdH: -24 * 60,
        deletionProtectionEnabled: false,
        tags: { Name: "reporting-eu", team: "data", environment: "prod", application: "reporting" },
        // The query-timeout burst, and a backup plan that stopped running three days ago.
        profile: { ...base, peakTps: 60, readOnlyShare: 0.95, bytesPerRead: 60_000, peakHourUtc: 8, incidents: [{ kind: "queryTimeouts", startH: -3, durationH: 4, magnitude: 25 }] },
        lastBackupAgeH: 74,
      }),
      seed("catalog-apac", "ap-northeast-1", {
        status: "ACTIVE",
        createdH: -24 * 90,
        deletionProtectionEnabled: true,
        tags: { Name: "catalog-apac", team: "commerce", environment: "prod", application: "catalog" },
        profile: { ...base, peakTps: 90, readOnlyShare: 0.85, peakHourUtc: 3 },
        lastBackupAgeH: 2,
      }),
      seed("search-staging", "ap-northeast-1", {
        account: STAGING_ACCOUNT,
        status: "CREATING",
        createdH: 0,
        deletionProtectionEnabled: false,
        tags: { Name: "search-staging", team: "search", environment: "staging", application: "search" },
        profile: { ...base, peakTps: 0, idle: true, storageBytes: 0, storageGrowthPerDay: 0, connections: 0 },
      }),
    ],
  };
}

/** The i-th generated member account of `--accounts K` (1-based; the 0th is the default account). */
export const generatedAccount = (i: number) => String(700_000_000_000 + i);

/** `--fleet N [--accounts K]`: N generated clusters spread over the demo regions and K accounts, for benchmarks. */
export function generatedFleet(n: number, accounts = 1): Scenario {
  const regions = ["us-east-1", "eu-west-1", "ap-northeast-1"];
  const clusters: SeedCluster[] = [];
  const extraAccounts = Array.from({ length: Math.max(0, accounts - 1) }, (_, k) => generatedAccount(k + 1));
  for (let i = 0; i < n; i++) {
    const region = regions[i % regions.length];
    // Accounts change every |regions| clusters, so each account has clusters in every Region.
    const slot = Math.floor(i / regions.length) % accounts;
    const name = `fleet-${String(i).padStart(4, "0")}`;
    const r = rng(hash32(name));
    clusters.push(
      seed(name, region, {
        account: slot === 0 ? undefined : extraAccounts[slot - 1],
        status: "ACTIVE",
        createdH: -24 * (30 + Math.floor(r() * 300)),
        deletionProtectionEnabled: r() < 0.5,
        tags: { Name: name, team: ["commerce", "data", "payments", "search"][i % 4], environment: r() < 0.7 ? "prod" : "dev" },
        profile: { ...base, peakTps: 10 + Math.round(r() * 400), occShare: 0.002 + r() * 0.02, peakHourUtc: Math.floor(r() * 24) },
        lastBackupAgeH: Math.floor(r() * 30),
      }),
    );
  }
  return { regions, clusters, extraAccounts };
}
