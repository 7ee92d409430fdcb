import { DescribeVpcEndpointsCommand } from "@aws-sdk/client-ec2";
import { GetClusterPolicyCommand, GetStreamCommand, GetVpcEndpointServiceNameCommand, paginateListStreams } from "@aws-sdk/client-dsql";
import { dsqlClient, ec2Client } from "../aws/clients";
import type { ClusterKey } from "../aws/scope";

/**
 * How a cluster is reached and what it streams out: its resource policy, the VPC endpoint service
 * its applications can use (and the endpoints that exist for it in its account and Region), and
 * its CDC streams. Read for the readiness scorecard (lib/readiness).
 */

const notFound = (err: unknown) => (err as { name?: string }).name === "ResourceNotFoundException";

/** The cluster's resource policy document, or null when it has none. */
export async function clusterPolicy(c: ClusterKey): Promise<string | null> {
  try {
    return (await dsqlClient(c).send(new GetClusterPolicyCommand({ identifier: c.identifier }))).policy ?? null;
  } catch (err) {
    if (notFound(err)) return null;
    throw err;
  }
}

/** The VPC endpoint service of the cluster, and how many available VPC endpoints its account has for it in the Region. */
export async function vpcEndpointsOf(c: ClusterKey): Promise<{ serviceName: string; available: number }> {
  const { serviceName } = await dsqlClient(c).send(new GetVpcEndpointServiceNameCommand({ identifier: c.identifier }));
  if (!serviceName) return { serviceName: "(none named)", available: 0 };
  let available = 0;
  let token: string | undefined;
  do {
    const out = await ec2Client(c).send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: "service-name", Values: [serviceName] }], NextToken: token }));
    available += (out.VpcEndpoints ?? []).filter((e) => (e.State ?? "").toLowerCase() === "available").length;
    token = out.NextToken;
  } while (token);
  return { serviceName, available };
}

/** The cluster's CDC streams with their status, and the reason of one that is not well. */
export async function clusterStreams(c: ClusterKey): Promise<{ name: string; status: string; statusReason?: string }[]> {
  const out: { name: string; status: string; statusReason?: string }[] = [];
  for await (const page of paginateListStreams({ client: dsqlClient(c) }, { clusterIdentifier: c.identifier })) {
    for (const s of page.streams ?? []) {
      const status = s.status ?? "UNKNOWN";
      const detail =
        status === "IMPAIRED" || status === "FAILED" ? await dsqlClient(c).send(new GetStreamCommand({ clusterIdentifier: c.identifier, streamIdentifier: s.streamIdentifier })) : undefined;
      // AWS gives the reason as an error code and when the status changed.
      const reason =
        detail?.statusReason?.error &&
        `${detail.statusReason.error}${detail.statusReason.updatedAt ? ` since ${new Date(detail.statusReason.updatedAt).toISOString().slice(0, 16).replace("T", " ")} UTC` : ""}`;
      out.push({ name: s.streamIdentifier ?? "?", status, ...(reason && { statusReason: reason }) });
    }
  }
  return out;
}
