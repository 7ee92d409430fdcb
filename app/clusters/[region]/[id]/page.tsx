import Link from "next/link";
import { notFound } from "next/navigation";
import { ErrorPanel } from "@/components/error-panel";
import { StatusBadge } from "@/components/status-badge";
import { config } from "@/lib/aws/config";
import { getCluster, type Cluster } from "@/lib/dsql/clusters";
import { toAppError } from "@/lib/errors";
import { age } from "@/lib/format";

export const dynamic = "force-dynamic";

const ID = /^[a-z0-9]{26}$/;

export default async function ClusterPage({ params }: { params: Promise<{ region: string; id: string }> }) {
  const { region, id } = await params;
  if (!config().regions.includes(region) || !ID.test(id)) notFound();
  let cluster: Cluster;
  try {
    cluster = await getCluster(region, id);
  } catch (err) {
    const e = toAppError(err);
    if (e.status === 404) notFound();
    return <ErrorPanel title={`Could not load cluster ${id} in ${region}`} message={e.message} retryHref={`/clusters/${region}/${id}`} />;
  }
  const rows: [string, React.ReactNode][] = [
    ["Identifier", <span key="id" className="font-mono">{cluster.identifier}</span>],
    ["ARN", <span key="arn" className="font-mono text-xs">{cluster.arn}</span>],
    ["Region", cluster.region],
    ["Status", <StatusBadge key="st" status={cluster.status} />],
    ["Endpoint", <span key="ep" className="font-mono text-xs">{cluster.endpoint}</span>],
    ["Created", `${cluster.creationTime.toISOString()} (${age(cluster.creationTime)} ago)`],
    ["Deletion protection", cluster.deletionProtectionEnabled ? "on" : "off"],
    ["Encryption", `${cluster.encryption.type}${cluster.encryption.kmsKeyArn ? ` (${cluster.encryption.kmsKeyArn})` : ""}${cluster.encryption.status ? `, ${cluster.encryption.status}` : ""}`],
    [
      "Multi-region",
      cluster.peers.length ? (
        <span key="mr">
          peers{" "}
          {cluster.peers.map((p) => (
            <Link key={p.arn} href={`/clusters/${p.region}/${p.identifier}`} className="mr-2 text-sky-700 hover:underline">
              {p.region}/{p.identifier}
            </Link>
          ))}
          {cluster.witnessRegion && <>· witness {cluster.witnessRegion}</>}
        </span>
      ) : (
        "single-region"
      ),
    ],
    ["Tags", Object.entries(cluster.tags).map(([k, v]) => `${k}=${v}`).join(", ") || "none"],
  ];
  return (
    <div className="space-y-4">
      <div>
        <Link href="/" className="text-sm text-sky-700 hover:underline">
          ← Fleet
        </Link>
        <h1 className="mt-1 text-2xl font-semibold" data-testid="cluster-name">
          {cluster.name}
        </h1>
        <p className="text-sm text-slate-500">
          {cluster.region} · {cluster.identifier}
        </p>
      </div>
      <dl className="grid grid-cols-[12rem_1fr] gap-x-4 gap-y-2 rounded border border-slate-200 bg-white p-4 text-sm">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-500">{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
