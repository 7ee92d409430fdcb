import { randomBytes } from "node:crypto";
import type { Clock } from "../clock";
import { AwsError, notFound, validation } from "../protocols/errors";
import { epochSeconds } from "../protocols/http";
import type { RestRoute } from "../protocols/rest-json";
import { ACCOUNT_ID, type LoadProfile, type Scenario } from "../scenario/fleet";
import { clusterIdFor } from "../scenario/random";
import { CLUSTER_ID } from "../../lib/aws/ids";

/** The DSQL control plane: clusters per region, with statuses that move over time. */

export type ClusterStatus = "CREATING" | "ACTIVE" | "IDLE" | "INACTIVE" | "UPDATING" | "DELETING" | "PENDING_SETUP" | "FAILED";

export interface ClusterRecord {
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
}

// Durations at time scale 1; the real service takes a minute or two to create a cluster.
export const CREATE_MS = 90_000;
const UPDATE_MS = 20_000;
const DELETE_MS = 60_000;

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

export const clusterArn = (region: string, id: string) => `arn:aws:dsql:${region}:${ACCOUNT_ID}:cluster/${id}`;

export class DsqlService {
  private readonly regions = new Map<string, Map<string, ClusterRecord>>();
  private readonly clientTokens = new Map<string, string>();

  constructor(
    private readonly clock: Clock,
    scenario: Scenario,
    anchorMs: number,
  ) {
    for (const r of scenario.regions) this.regions.set(r, new Map());
    for (const c of scenario.clusters) {
      const peers = c.peers?.map((p) => clusterArn(p.region, clusterIdFor(`${p.region}/${p.name}`)));
      const creationTime = anchorMs + c.createdH * 3_600_000;
      this.put({
        identifier: c.identifier,
        arn: clusterArn(c.region, c.identifier),
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
      });
    }
  }

  private put(c: ClusterRecord) {
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

  /** Clusters of a region as they are now; deleted ones disappear once their deletion has run. */
  list(region: string): ClusterRecord[] {
    const map = this.regions.get(region);
    if (!map) return [];
    for (const c of [...map.values()]) this.pruneIfDeleted(map, c);
    return [...map.values()].sort((a, b) => (a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0));
  }

  private pruneIfDeleted(map: Map<string, ClusterRecord>, c: ClusterRecord): boolean {
    if (c.deleteStartedAt === undefined || this.clock.progress(c.deleteStartedAt, DELETE_MS) < 1) return false;
    map.delete(c.identifier);
    return true;
  }

  /** Every cluster in every region, for the other services (metrics, backups) and the control endpoints. */
  all(): ClusterRecord[] {
    return this.regionNames().flatMap((r) => this.list(r));
  }

  find(region: string, id: string): ClusterRecord | undefined {
    const map = this.regions.get(region);
    const c = map?.get(id);
    return c && map && !this.pruneIfDeleted(map, c) ? c : undefined;
  }

  get(region: string, id: string): ClusterRecord {
    if (!CLUSTER_ID.test(id)) {
      throw validation(`Cluster identifier '${id}' is not valid: it must be 26 lower-case letters and digits`, {
        reason: "fieldValidationFailed",
        fieldList: [{ name: "identifier", message: "must match [a-z0-9]{26}" }],
      });
    }
    const c = this.find(region, id);
    if (!c) throw notFound(`Cluster ${id} not found`, { resourceId: id, resourceType: "cluster" });
    return c;
  }

  /** Creates a cluster (the API, and restores). */
  create(region: string, opts: { deletionProtectionEnabled?: boolean; tags?: Record<string, string>; kmsKeyArn?: string; name?: string; profile?: LoadProfile; restoredFrom?: string; witnessRegion?: string }): ClusterRecord {
    const identifier = clusterIdFor(`${region}/${randomBytes(8).toString("hex")}`);
    const now = this.clock.now();
    const c: ClusterRecord = {
      identifier,
      arn: clusterArn(region, identifier),
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
    };
    if (opts.witnessRegion) c.multiRegion = { witnessRegion: opts.witnessRegion, clusters: [c.arn] };
    this.put(c);
    return c;
  }

  view(c: ClusterRecord) {
    return {
      identifier: c.identifier,
      arn: c.arn,
      status: this.status(c),
      creationTime: epochSeconds(c.creationTime),
      deletionProtectionEnabled: c.deletionProtectionEnabled,
      multiRegionProperties: c.multiRegion ? { witnessRegion: c.multiRegion.witnessRegion, clusters: c.multiRegion.clusters } : undefined,
      tags: c.tags,
      encryptionDetails: c.kmsKeyArn
        ? { encryptionType: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyArn: c.kmsKeyArn, encryptionStatus: "ENABLED" }
        : { encryptionType: "AWS_OWNED_KMS_KEY", encryptionStatus: "ENABLED" },
      endpoint: `${c.identifier}.dsql.${c.region}.on.aws`,
    };
  }

  private byArn(region: string, arn: string): ClusterRecord {
    const m = /^arn:aws:dsql:([a-z0-9-]+):\d{12}:cluster\/([a-z0-9]+)$/.exec(arn);
    if (!m) throw validation(`'${arn}' is not a cluster ARN`, { reason: "fieldValidationFailed" });
    if (m[1] !== region) throw notFound(`Resource ${arn} not found in ${region}`, { resourceId: arn, resourceType: "cluster" });
    return this.get(region, m[2]);
  }

  routes(): RestRoute[] {
    const bool = (v: unknown, name: string): boolean | undefined => {
      if (v === undefined) return undefined;
      if (typeof v !== "boolean") throw validation(`${name} must be a boolean`, { reason: "fieldValidationFailed" });
      return v;
    };
    const tagMap = (v: unknown): Record<string, string> | undefined => {
      if (v === undefined) return undefined;
      if (!v || typeof v !== "object" || Array.isArray(v) || Object.values(v).some((x) => typeof x !== "string")) {
        throw validation("tags must be a map of strings", { reason: "fieldValidationFailed" });
      }
      if (Object.keys(v).length > 50) throw validation("A resource can have at most 50 tags", { reason: "fieldValidationFailed" });
      return v as Record<string, string>;
    };
    return [
      {
        method: "GET",
        path: "/cluster",
        operation: "ListClusters",
        handler: ({ query, region }) => {
          const max = query.get("max-results");
          const maxResults = max === null ? 20 : Number(max);
          if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
            throw validation("maxResults must be an integer from 1 to 100", { reason: "fieldValidationFailed" });
          }
          const token = query.get("next-token");
          let start = 0;
          if (token) {
            start = Number(Buffer.from(token, "base64url").toString("utf8"));
            if (!Number.isInteger(start) || start < 0) throw validation("The nextToken is not valid", { reason: "fieldValidationFailed" });
          }
          const all = this.list(region);
          const page = all.slice(start, start + maxResults);
          const next = start + maxResults < all.length ? Buffer.from(String(start + maxResults)).toString("base64url") : undefined;
          return { clusters: page.map((c) => ({ identifier: c.identifier, arn: c.arn })), nextToken: next };
        },
      },
      {
        method: "POST",
        path: "/cluster",
        operation: "CreateCluster",
        handler: ({ body, region }) => {
          const token = typeof body.clientToken === "string" ? body.clientToken : undefined;
          const existing = token && this.clientTokens.get(`${region}/${token}`);
          const c =
            (existing && this.find(region, existing)) ||
            this.create(region, {
              deletionProtectionEnabled: bool(body.deletionProtectionEnabled, "deletionProtectionEnabled"),
              tags: tagMap(body.tags),
              kmsKeyArn: typeof body.kmsEncryptionKey === "string" ? body.kmsEncryptionKey : undefined,
              witnessRegion: (body.multiRegionProperties as { witnessRegion?: string } | undefined)?.witnessRegion,
            });
          if (token) this.clientTokens.set(`${region}/${token}`, c.identifier);
          const v = this.view(c);
          return { identifier: v.identifier, arn: v.arn, status: v.status, creationTime: v.creationTime, multiRegionProperties: v.multiRegionProperties, encryptionDetails: v.encryptionDetails, deletionProtectionEnabled: v.deletionProtectionEnabled, endpoint: v.endpoint };
        },
      },
      { method: "GET", path: "/cluster/{identifier}", operation: "GetCluster", handler: ({ params, region }) => this.view(this.get(region, params.identifier)) },
      {
        method: "POST",
        path: "/cluster/{identifier}",
        operation: "UpdateCluster",
        handler: ({ params, body, region }) => {
          const c = this.get(region, params.identifier);
          const st = this.status(c);
          if (st !== "ACTIVE" && st !== "IDLE" && st !== "INACTIVE") {
            throw new AwsError("ConflictException", `Cluster ${c.identifier} is ${st} and cannot be updated now`, 409, { resourceId: c.identifier, resourceType: "cluster" });
          }
          const dp = bool(body.deletionProtectionEnabled, "deletionProtectionEnabled");
          if (dp !== undefined) c.deletionProtectionEnabled = dp;
          if (typeof body.kmsEncryptionKey === "string") {
            c.kmsKeyArn = body.kmsEncryptionKey === "AWS_OWNED_KMS_KEY" ? undefined : body.kmsEncryptionKey;
            c.updateStartedAt = this.clock.now();
          }
          const v = this.view(c);
          return { identifier: v.identifier, arn: v.arn, status: v.status, creationTime: v.creationTime };
        },
      },
      {
        method: "DELETE",
        path: "/cluster/{identifier}",
        operation: "DeleteCluster",
        handler: ({ params, region }) => {
          const c = this.get(region, params.identifier);
          if (c.deletionProtectionEnabled) {
            throw validation(`Cluster ${c.identifier} has deletion protection enabled; turn it off with UpdateCluster first`, { reason: "deletionProtectionEnabled" });
          }
          if (c.deleteStartedAt === undefined) c.deleteStartedAt = this.clock.now();
          return { identifier: c.identifier, arn: c.arn, status: "DELETING", creationTime: epochSeconds(c.creationTime) };
        },
      },
      {
        method: "GET",
        path: "/clusters/{identifier}/vpc-endpoint-service-name",
        operation: "GetVpcEndpointServiceName",
        handler: ({ params, region }) => {
          this.get(region, params.identifier);
          return { serviceName: `com.amazonaws.${region}.dsql-fnh4` };
        },
      },
      { method: "GET", path: "/tags/{resourceArn}", operation: "ListTagsForResource", handler: ({ params, region }) => ({ tags: this.byArn(region, params.resourceArn).tags }) },
      {
        method: "POST",
        path: "/tags/{resourceArn}",
        operation: "TagResource",
        handler: ({ params, body, region }) => {
          const c = this.byArn(region, params.resourceArn);
          const tags = tagMap(body.tags);
          if (!tags) throw validation("tags is required", { reason: "fieldValidationFailed" });
          const merged = { ...c.tags, ...tags };
          tagMap(merged);
          c.tags = merged;
          return {};
        },
      },
      {
        method: "DELETE",
        path: "/tags/{resourceArn}",
        operation: "UntagResource",
        handler: ({ params, query, region }) => {
          const c = this.byArn(region, params.resourceArn);
          const keys = query.getAll("tagKeys");
          if (!keys.length) throw validation("tagKeys is required", { reason: "fieldValidationFailed" });
          for (const k of keys) delete c.tags[k];
          return {};
        },
      },
    ];
  }
}
