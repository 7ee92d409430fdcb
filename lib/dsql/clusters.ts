import { GetClusterCommand, paginateListClusters, TagResourceCommand, type GetClusterCommandOutput } from "@aws-sdk/client-dsql";
import { dsqlClient } from "../aws/clients";
import { mapLimit } from "../concurrency";
import { config } from "../aws/config";
import { TtlCache } from "../cache";
import { toAppError } from "../errors";

/** The DSQL control plane as the dashboard sees it: clusters, not SDK output shapes. */

export interface ClusterRef {
  region: string;
  identifier: string;
  arn: string;
}

export interface Cluster extends ClusterRef {
  /** The `Name` tag, or the identifier. */
  name: string;
  status: string;
  creationTime: Date;
  deletionProtectionEnabled: boolean;
  tags: Record<string, string>;
  /** Other clusters of a multi-region group (this one excluded). */
  peers: ClusterRef[];
  witnessRegion?: string;
  encryption: { type: string; status?: string; kmsKeyArn?: string };
  endpoint: string;
}

export interface RegionClusters {
  region: string;
  clusters: Cluster[];
  /** Set when the region could not be listed; the other regions still render. */
  error?: string;
}

const ARN = /^arn:aws:dsql:([a-z0-9-]+):(\d{12}):cluster\/([a-z0-9]+)$/;

export function parseClusterArn(arn: string): ClusterRef | undefined {
  const m = ARN.exec(arn);
  return m ? { region: m[1], identifier: m[3], arn } : undefined;
}

export function toCluster(region: string, out: Omit<GetClusterCommandOutput, "$metadata">): Cluster {
  const identifier = out.identifier ?? "";
  const arn = out.arn ?? "";
  const tags = out.tags ?? {};
  return {
    region,
    identifier,
    arn,
    name: tags.Name || identifier,
    status: out.status ?? "UNKNOWN",
    creationTime: out.creationTime ?? new Date(0),
    deletionProtectionEnabled: out.deletionProtectionEnabled ?? false,
    tags,
    peers: (out.multiRegionProperties?.clusters ?? [])
      .filter((a) => a !== arn)
      .map((a) => parseClusterArn(a))
      .filter((r): r is ClusterRef => !!r),
    witnessRegion: out.multiRegionProperties?.witnessRegion,
    encryption: {
      type: out.encryptionDetails?.encryptionType ?? "AWS_OWNED_KMS_KEY",
      status: out.encryptionDetails?.encryptionStatus,
      kmsKeyArn: out.encryptionDetails?.kmsKeyArn,
    },
    // Older API versions omit the endpoint; its form is documented.
    endpoint: out.endpoint ?? `${identifier}.dsql.${region}.on.aws`,
  };
}

// Cluster metadata changes slowly; a short cache keeps page loads cheap and coalesces tabs.
const CACHE_MS = 10_000;
const regionCache = new TtlCache<Cluster[]>(100);
const GET_CONCURRENCY = 8;


/** Every cluster of a region: ListClusters (ids only) then GetCluster for each. */
export function listClusters(region: string): Promise<Cluster[]> {
  return regionCache.get(region, CACHE_MS, async () => {
    const client = dsqlClient(region);
    const ids: string[] = [];
    for await (const page of paginateListClusters({ client, pageSize: 100 }, {})) {
      for (const c of page.clusters ?? []) if (c.identifier) ids.push(c.identifier);
    }
    const clusters = await mapLimit(ids, GET_CONCURRENCY, async (identifier) => {
      try {
        return toCluster(region, await client.send(new GetClusterCommand({ identifier })));
      } catch (err) {
        // Deleted between the list and the get: leave it out.
        if ((err as { name?: string }).name === "ResourceNotFoundException") return undefined;
        throw err;
      }
    });
    return clusters.filter((c): c is Cluster => !!c).sort((a, b) => a.name.localeCompare(b.name) || a.identifier.localeCompare(b.identifier));
  });
}

export async function getCluster(region: string, identifier: string): Promise<Cluster> {
  const out = await dsqlClient(region).send(new GetClusterCommand({ identifier }));
  return toCluster(region, out);
}

const clusterCache = new TtlCache<Cluster>(1000);

/**
 * The cluster, or the 404 of a cluster AWS does not know: what a route about one cluster checks
 * before reading anything else of it (CloudWatch and Backup would answer empty for a made-up
 * id). Cached briefly, since pages poll these routes.
 */
export function requireCluster(region: string, identifier: string): Promise<Cluster> {
  return clusterCache.get(`${region}/${identifier}`, CACHE_MS, () => getCluster(region, identifier));
}

/** Every configured region, each settled on its own so one failing region does not hide the rest. */
export async function listFleet(regions: string[] = config().regions): Promise<RegionClusters[]> {
  return Promise.all(
    regions.map(async (region) => {
      try {
        return { region, clusters: await listClusters(region) };
      } catch (err) {
        return { region, clusters: [], error: toAppError(err).message };
      }
    }),
  );
}

/** Forget cached listings (after a mutation that changes the fleet). */
export function invalidateClusters(region?: string) {
  if (region) regionCache.delete(region);
  else regionCache.clear();
  clusterCache.clear();
}

/** Adds tags to a cluster (TagResource merges with the tags it has). */
export async function tagCluster(cluster: { region: string; arn: string }, tags: Record<string, string>): Promise<void> {
  await dsqlClient(cluster.region).send(new TagResourceCommand({ resourceArn: cluster.arn, tags }));
}
