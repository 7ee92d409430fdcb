import { Suspense } from "react";
import { ErrorPanel } from "@/components/error-panel";
import { FleetTable, type FleetRow } from "@/components/fleet-table";
import { config } from "@/lib/aws/config";
import { listFleet } from "@/lib/dsql/clusters";
import { age } from "@/lib/format";

export const dynamic = "force-dynamic";

export default async function FleetPage() {
  const regions = config().regions;
  const fleet = await listFleet(regions);
  const now = new Date();
  const rows: FleetRow[] = fleet.flatMap((r) =>
    r.clusters.map((c) => ({
      region: c.region,
      identifier: c.identifier,
      name: c.name,
      status: c.status,
      createdAt: c.creationTime.toISOString(),
      age: age(c.creationTime, now),
      deletionProtectionEnabled: c.deletionProtectionEnabled,
      tags: c.tags,
      peers: c.peers.map((p) => ({ region: p.region, identifier: p.identifier })),
      witnessRegion: c.witnessRegion,
    })),
  );
  const failed = fleet.filter((r) => r.error);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Fleet</h1>
        <p className="text-sm text-slate-500">
          {rows.length} clusters in {regions.length} regions ({regions.join(", ")})
        </p>
      </div>
      {failed.map((r) => (
        <ErrorPanel key={r.region} title={`Could not list clusters in ${r.region}`} message={r.error ?? ""} retryHref="/" />
      ))}
      <Suspense>
        <FleetTable rows={rows} regions={regions} />
      </Suspense>
    </div>
  );
}
