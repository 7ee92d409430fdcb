import { DeleteClusterCommand, GetClusterCommand, paginateListClusters, TagResourceCommand, UpdateClusterCommand, type GetClusterCommandOutput } from "@aws-sdk/client-dsql";
import { watchedAccounts, accountProblem, type WatchedAccount } from "../aws/accounts";
import { dsqlClient } from "../aws/clients";
import { type ClusterKey, type Scope, clusterKey, parseClusterArn, scopeKey } from "../aws/scope";
import { mapLimit } from "../concurrency";
import { config } from "../aws/config";
import { TtlCache } from "../cache";
import { toAppError } from "../errors";

/** The DSQL control plane as the dashboard sees it: clusters, not SDK output shapes. */

export interface ClusterRef extends ClusterKey {
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

/** The clusters of one account in one Region. */
export interface RegionClusters extends Scope {
  /** The account's name (Organizations, DSQL_OPS_ACCOUNTS), for people. */
  accountName: string;
  clusters: Cluster[];
  /** Set when the account or the Region could not be read; the others still render. */
  error?: string;
}

export { parseClusterArn };

export function toCluster(scope: Scope, out: Omit<GetClusterCommandOutput, "$metadata">): Cluster {
  const identifier = out.identifier ?? "";
  const arn = out.arn ?? "";
  const tags = out.tags ?? {};
  const region = scope.region;
  return {
    account: parseClusterArn(arn)?.account ?? scope.account,
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

/** Every cluster of an account's Region: ListClusters (ids only) then GetCluster for each. */
export function listClusters(scope: Scope): Promise<Cluster[]> {
  return regionCache.get(scopeKey(scope), CACHE_MS, async () => {
    const client = dsqlClient(scope);
    const ids: string[] = [];
    for await (const page of paginateListClusters({ client, pageSize: 100 }, {})) {
      for (const c of page.clusters ?? []) if (c.identifier) ids.push(c.identifier);
    }
    const clusters = await mapLimit(ids, GET_CONCURRENCY, async (identifier) => {
      try {
        return toCluster(scope, await client.send(new GetClusterCommand({ identifier })));
      } catch (err) {
        // Deleted between the list and the get: leave it out.
        if ((err as { name?: string }).name === "ResourceNotFoundException") return undefined;
        throw err;
      }
    });
    return clusters.filter((c): c is Cluster => !!c).sort((a, b) => a.name.localeCompare(b.name) || a.identifier.localeCompare(b.identifier));
  });
}

export async function getCluster(key: ClusterKey): Promise<Cluster> {
  const out = await dsqlClient(key).send(new GetClusterCommand({ identifier: key.identifier }));
  return toCluster(key, out);
}

const clusterCache = new TtlCache<Cluster>(1000);

/**
 * The cluster, or the 404 of a cluster AWS does not know: what a route about one cluster checks
 * before reading anything else of it (CloudWatch and Backup would answer empty for a made-up
 * id). Cached briefly, since pages poll these routes.
 */
export function requireCluster(key: ClusterKey): Promise<Cluster> {
  return clusterCache.get(clusterKey(key), CACHE_MS, () => getCluster(key));
}

export interface FleetFilter {
  regions?: string[];
  accounts?: string[];
}

/**
 * Every watched account in each of its Regions (within the filter), each settled on its own so
 * one failing account or Region does not hide the rest. An account whose role cannot be assumed
 * is tried once, not once per Region, and each of its Regions carries the reason.
 */
export async function listFleet(filter: FleetFilter = {}): Promise<RegionClusters[]> {
  const { accounts } = await watchedAccounts();
  const regions = filter.regions ?? config().regions;
  const chosen = accounts.filter((a) => !filter.accounts || filter.accounts.includes(a.id));
  const perAccount = await Promise.all(
    chosen.map(async (a: WatchedAccount) => {
      const inRegions = a.regions.filter((r) => regions.includes(r));
      const problem = await accountProblem(a);
      return Promise.all(
        inRegions.map(async (region): Promise<RegionClusters> => {
          const scope = { account: a.id, region, accountName: a.name };
          if (problem) return { ...scope, clusters: [], error: problem.message };
          try {
            return { ...scope, clusters: await listClusters(scope) };
          } catch (err) {
            return { ...scope, clusters: [], error: toAppError(err).message };
          }
        }),
      );
    }),
  );
  return perAccount.flat();
}

/** Forget cached listings (after a mutation that changes the fleet). */
export function invalidateClusters(scope?: Scope) {
  if (scope) regionCache.delete(scopeKey(scope));
  else regionCache.clear();
  clusterCache.clear();
}

/** Adds tags to a cluster (TagResource merges with the tags it has). */
export async function tagCluster(cluster: Scope & { arn: string }, tags: Record<string, string>): Promise<void> {
  await dsqlClient(cluster).send(new TagResourceCommand({ resourceArn: cluster.arn, tags }));
}

/**
 * Deletes a cluster the dashboard made (a drill's restored copy): deletion protection off first,
 * since DeleteCluster refuses a protected cluster. Answers the status DSQL reports (DELETING).
 */
export async function deleteCluster(key: ClusterKey): Promise<string> {
  const client = dsqlClient(key);
  const c = await getCluster(key);
  if (c.deletionProtectionEnabled) await client.send(new UpdateClusterCommand({ identifier: key.identifier, deletionProtectionEnabled: false }));
  const out = await client.send(new DeleteClusterCommand({ identifier: key.identifier }));
  invalidateClusters(key);
  return out.status ?? "DELETING";
}

/** The watched accounts that have a cluster with this id in this Region (for links that do not name the account). */
export async function locateCluster(region: string, identifier: string): Promise<Cluster[]> {
  const { accounts } = await watchedAccounts();
  const found = await Promise.all(
    accounts
      .filter((a) => a.regions.includes(region))
      .map((a) =>
        // Not there, or the account could not be read: not a match, as far as the link goes.
        requireCluster({ account: a.id, region, identifier }).catch(() => undefined),
      ),
  );
  return found.filter((c): c is Cluster => !!c);
}

/** Every tag key of the fleet's clusters (but Name) with its values, sorted: for tag pickers. */
export function fleetTagValues(fleet: { clusters: { tags: Record<string, string> }[] }[]): Record<string, string[]> {
  const values: Record<string, Set<string>> = {};
  for (const c of fleet.flatMap((r) => r.clusters)) for (const [k, v] of Object.entries(c.tags)) if (k !== "Name") (values[k] ??= new Set()).add(v);
  return Object.fromEntries(
    Object.keys(values)
      .sort()
      .map((k) => [k, [...values[k]].sort()]),
  );
}
