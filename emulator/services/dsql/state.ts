import { randomBytes } from "node:crypto";
import type { Clock } from "../../clock";
import { notFound, validation } from "../../protocols/errors";
import { ACCOUNT_ID, type LoadProfile, type Scenario } from "../../scenario/fleet";
import { clusterIdFor } from "../../scenario/random";
import { demoClusterPolicies, demoStreams } from "../../scenario/security";
import { CLUSTER_ID } from "../../../lib/aws/ids";

/** The DSQL control plane: clusters per region, with statuses that move over time. */

export type ClusterStatus = "CREATING" | "ACTIVE" | "IDLE" | "INACTIVE" | "UPDATING" | "DELETING" | "PENDING_SETUP" | "FAILED";

export interface ClusterRecord {
  /** The account the cluster belongs to: only that account's callers see it. */
  account: string;
  identifier: string;
  arn: string;
  region: string;
  name: string;
  creationTime: number;
  deletionProtectionEnabled: boolean;
  tags: Record<string, string>;
  multiRegion?: { witnessRegion?: string; clusters: string[] };
  kmsKeyArn?: string;
  /** The settled status; CREATING/UPDATING/DELETING are derived from the timestamps below. */
  baseStatus: "ACTIVE" | "IDLE" | "INACTIVE";
  createStartedAt?: number;
  updateStartedAt?: number;
  deleteStartedAt?: number;
  profile: LoadProfile;
  /** Set for clusters made by a restore: the recovery point they came from. */
  restoredFrom?: string;
  /** The resource-based policy (PutClusterPolicy; none while `document` is absent) and its version, a counter that survives a DeleteClusterPolicy. */
  policy?: { document?: string; version: number };
  /** The cluster's CDC streams by id; they go with the cluster. */
  streams: Map<string, StreamRecord>;
}

export type StreamStatus = "CREATING" | "ACTIVE" | "DELETING" | "DELETED" | "FAILED" | "IMPAIRED";

/** A change data capture stream of a cluster, to a Kinesis data stream. */
export interface StreamRecord {
  clusterIdentifier: string;
  streamIdentifier: string;
  arn: string;
  kinesisStreamArn: string;
  roleArn: string;
  /** The settled status; CREATING/DELETING are derived from the timestamps below. */
  baseStatus: "ACTIVE" | "IMPAIRED" | "FAILED";
  /** Why the stream is IMPAIRED or FAILED (StreamFailureErrorCode), and since when. */
  statusReason?: { error: string; updatedMs: number };
  creationTime: number;
  createStartedAt?: number;
  deleteStartedAt?: number;
  tags: Record<string, string>;
}

// Durations at time scale 1; the real service takes a minute or two to create a cluster.
export const CREATE_MS = 90_000;
const UPDATE_MS = 20_000;
const DELETE_MS = 60_000;
// Streams: how long creation and deletion take is not documented; these are our guesses.
const STREAM_CREATE_MS = 60_000;
const STREAM_DELETE_MS = 30_000;

const quietProfile: LoadProfile = {
  peakTps: 0,
  readOnlyShare: 0.7,
  occShare: 0.005,
  bytesPerWrite: 800,
  bytesPerRead: 3000,
  storageBytes: 0,
  storageGrowthPerDay: 0,
  peakHourUtc: 12,
  incidents: [],
  idle: true,
  connections: 0,
};

export const clusterArn = (region: string, id: string, account: string = ACCOUNT_ID) => `arn:aws:dsql:${region}:${account}:cluster/${id}`;

export class DsqlState {
  readonly regions = new Map<string, Map<string, ClusterRecord>>();
  readonly clientTokens = new Map<string, string>();
  /** Clusters whose deletion has run, no longer found: CloudWatch keeps serving their history. */
  readonly deleted: ClusterRecord[] = [];

  constructor(
    readonly clock: Clock,
    scenario: Scenario,
    anchorMs: number,
  ) {
    for (const r of scenario.regions) this.regions.set(r, new Map());
    const policies = demoClusterPolicies(scenario);
    for (const c of scenario.clusters) {
      const account = c.account ?? ACCOUNT_ID;
      const peers = c.peers?.map((p) => clusterArn(p.region, clusterIdFor(`${p.region}/${p.name}`), account));
      const creationTime = anchorMs + c.createdH * 3_600_000;
      this.put({
        account,
        identifier: c.identifier,
        arn: clusterArn(c.region, c.identifier, account),
        region: c.region,
        name: c.name,
        creationTime,
        deletionProtectionEnabled: c.deletionProtectionEnabled,
        tags: { ...c.tags },
        multiRegion: peers ? { witnessRegion: c.witnessRegion, clusters: peers } : undefined,
        kmsKeyArn: c.kmsKeyArn,
        baseStatus: c.status === "CREATING" ? "ACTIVE" : c.status,
        createStartedAt: c.status === "CREATING" ? clock.now() : undefined,
        profile: c.profile,
        policy: policies.has(c.identifier) ? { document: policies.get(c.identifier)!, version: 1 } : undefined,
        streams: new Map(),
      });
    }
    for (const s of demoStreams(scenario, anchorMs)) {
      const c = [...this.regions.values()].map((m) => m.get(s.clusterIdentifier)).find(Boolean)!;
      const { kinesisStreamArn, roleArn, status, statusReason, createdMs, tags, streamIdentifier } = s;
      c.streams.set(streamIdentifier, {
        clusterIdentifier: c.identifier,
        streamIdentifier,
        arn: streamArn(c, streamIdentifier),
        kinesisStreamArn,
        roleArn,
        baseStatus: status,
        statusReason,
        creationTime: createdMs,
        tags,
      });
    }
  }

  put(c: ClusterRecord) {
    let region = this.regions.get(c.region);
    if (!region) this.regions.set(c.region, (region = new Map()));
    region.set(c.identifier, c);
  }

  regionNames(): string[] {
    return [...this.regions.keys()];
  }

  status(c: ClusterRecord): ClusterStatus {
    if (c.deleteStartedAt !== undefined) return "DELETING";
    if (c.createStartedAt !== undefined && this.clock.progress(c.createStartedAt, CREATE_MS) < 1) return "CREATING";
    if (c.updateStartedAt !== undefined && this.clock.progress(c.updateStartedAt, UPDATE_MS) < 1) return "UPDATING";
    return c.baseStatus;
  }

  /** Clusters of a region as they are now (of one account, when given); deleted ones disappear once their deletion has run. */
  list(region: string, account?: string): ClusterRecord[] {
    const map = this.regions.get(region);
    if (!map) return [];
    for (const c of [...map.values()]) this.pruneIfDeleted(map, c);
    return [...map.values()].filter((c) => account === undefined || c.account === account).sort((a, b) => (a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0));
  }

  pruneIfDeleted(map: Map<string, ClusterRecord>, c: ClusterRecord): boolean {
    if (c.deleteStartedAt === undefined || this.clock.progress(c.deleteStartedAt, DELETE_MS) < 1) return false;
    map.delete(c.identifier);
    this.deleted.push(c);
    return true;
  }

  /** Every cluster in every region, for the other services (metrics, backups) and the control endpoints. */
  all(): ClusterRecord[] {
    return this.regionNames().flatMap((r) => this.list(r));
  }

  /** A cluster by id; with `account`, only if it belongs to that account (another account's cluster is not found, as on AWS). */
  find(region: string, id: string, account?: string): ClusterRecord | undefined {
    const map = this.regions.get(region);
    const c = map?.get(id);
    return c && map && (account === undefined || c.account === account) && !this.pruneIfDeleted(map, c) ? c : undefined;
  }

  get(region: string, id: string, account?: string): ClusterRecord {
    if (!CLUSTER_ID.test(id)) {
      throw validation(`Cluster identifier '${id}' is not valid: it must be 26 lower-case letters and digits`, {
        reason: "fieldValidationFailed",
        fieldList: [{ name: "identifier", message: "must match [a-z0-9]{26}" }],
      });
    }
    const c = this.find(region, id, account);
    if (!c) throw notFound(`Cluster ${id} not found`, { resourceId: id, resourceType: "cluster" });
    return c;
  }

  /** Creates a cluster (the API, and restores). */
  create(
    region: string,
    opts: {
      account?: string;
      deletionProtectionEnabled?: boolean;
      tags?: Record<string, string>;
      kmsKeyArn?: string;
      name?: string;
      profile?: LoadProfile;
      restoredFrom?: string;
      witnessRegion?: string;
      /** A fixed identifier (the scenario's own clusters); otherwise a new random one. */
      identifier?: string;
    },
  ): ClusterRecord {
    const identifier = opts.identifier ?? clusterIdFor(`${region}/${randomBytes(8).toString("hex")}`);
    const now = this.clock.now();
    const account = opts.account ?? ACCOUNT_ID;
    const c: ClusterRecord = {
      account,
      identifier,
      arn: clusterArn(region, identifier, account),
      region,
      name: opts.name ?? opts.tags?.Name ?? identifier,
      creationTime: now,
      deletionProtectionEnabled: opts.deletionProtectionEnabled ?? true,
      tags: { ...(opts.tags ?? {}) },
      kmsKeyArn: opts.kmsKeyArn,
      baseStatus: "ACTIVE",
      createStartedAt: now,
      profile: opts.profile ?? quietProfile,
      restoredFrom: opts.restoredFrom,
      streams: new Map(),
    };
    if (opts.witnessRegion) c.multiRegion = { witnessRegion: opts.witnessRegion, clusters: [c.arn] };
    this.put(c);
    return c;
  }

  byArn(region: string, arn: string, account?: string): ClusterRecord {
    const m = /^arn:aws:dsql:([a-z0-9-]+):(\d{12}):cluster\/([a-z0-9]+)$/.exec(arn);
    if (!m) throw validation(`'${arn}' is not a cluster ARN`, { reason: "fieldValidationFailed" });
    if (m[1] !== region || (account !== undefined && m[2] !== account)) throw notFound(`Resource ${arn} not found in ${region}`, { resourceId: arn, resourceType: "cluster" });
    return this.get(region, m[3], account);
  }

  // ---- streams -------------------------------------------------------------------------------

  streamStatus(s: StreamRecord): StreamStatus {
    if (s.deleteStartedAt !== undefined) return "DELETING";
    if (s.createStartedAt !== undefined && this.clock.progress(s.createStartedAt, STREAM_CREATE_MS) < 1) return "CREATING";
    return s.baseStatus;
  }

  /** A cluster's streams as they are now, oldest first; deleted ones disappear once their deletion has run. */
  streamsOf(c: ClusterRecord): StreamRecord[] {
    for (const s of [...c.streams.values()]) {
      if (s.deleteStartedAt !== undefined && this.clock.progress(s.deleteStartedAt, STREAM_DELETE_MS) >= 1) c.streams.delete(s.streamIdentifier);
    }
    return [...c.streams.values()].sort((a, b) => a.creationTime - b.creationTime || (a.streamIdentifier < b.streamIdentifier ? -1 : 1));
  }

  stream(c: ClusterRecord, id: string): StreamRecord {
    if (!CLUSTER_ID.test(id)) {
      throw validation(`Stream identifier '${id}' is not valid: it must be 26 lower-case letters and digits`, {
        reason: "fieldValidationFailed",
        fieldList: [{ name: "streamIdentifier", message: "must match [a-z0-9]{26}" }],
      });
    }
    const s = this.streamsOf(c).find((x) => x.streamIdentifier === id);
    if (!s) throw notFound(`Stream ${id} not found for cluster ${c.identifier}`, { resourceId: id, resourceType: "stream" });
    return s;
  }

  /** Starts a stream to a Kinesis data stream: CREATING, then ACTIVE. */
  createStream(c: ClusterRecord, target: { kinesisStreamArn: string; roleArn: string }, tags: Record<string, string>): StreamRecord {
    const now = this.clock.now();
    const streamIdentifier = clusterIdFor(`${c.arn}/stream/${randomBytes(8).toString("hex")}`);
    const s: StreamRecord = {
      clusterIdentifier: c.identifier,
      streamIdentifier,
      arn: streamArn(c, streamIdentifier),
      ...target,
      baseStatus: "ACTIVE",
      creationTime: now,
      createStartedAt: now,
      tags: { ...tags },
    };
    c.streams.set(streamIdentifier, s);
    return s;
  }
}

export const streamArn = (c: ClusterRecord, streamIdentifier: string) => `${c.arn}/stream/${streamIdentifier}`;
