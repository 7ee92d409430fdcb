import Link from "next/link";
import { clusterPath } from "@/lib/aws/scope";
import type { FleetClusterLoad } from "@/lib/insights/fleet";
import { LEAK_THRESHOLD_AAS } from "@/lib/triage/insights";
import { DataTable } from "./data-table";
import { aas, Change, mainWaits } from "./insights-tables";

/** Every cluster's load over the range, heaviest first, each linking to its Insights tab for the same range. */
export function FleetInsightsTable({ clusters, rangeQuery }: { clusters: FleetClusterLoad[]; rangeQuery: string }) {
  return (
    <DataTable
      rows={clusters}
      testId="fleet-insights-clusters"
      caption="Clusters by average active sessions"
      rowKey={(c) => `${c.account}/${c.region}/${c.identifier}`}
      rowProps={(c) => ({ "data-testid": "fleet-insights-row", "data-cluster": c.name ?? c.identifier })}
      empty="No cluster to show: none is listed in the watched accounts and Regions."
      columns={[
        {
          header: "Cluster",
          cell: (c) => (
            <Link href={`${clusterPath(c, "insights")}${rangeQuery ? `?${rangeQuery}` : ""}`} className="text-sky-700 hover:underline">
              {c.name ?? c.identifier}
            </Link>
          ),
        },
        { header: "Account", cell: (c) => c.accountName },
        { header: "Region", cell: (c) => c.region },
        { header: "AAS", align: "right", className: "tabular-nums", cell: (c) => aas(c.aas) },
        { header: "vs day before", align: "right", className: "tabular-nums", cell: (c) => <Change now={c.aas} before={c.dayBefore} /> },
        { header: "vs week before", align: "right", className: "tabular-nums", cell: (c) => <Change now={c.aas} before={c.weekBefore} /> },
        { header: "Main waits", className: "text-xs text-slate-600", cell: (c) => mainWaits(c.waits) || "—" },
        {
          header: "Idle in transaction",
          align: "right",
          className: "tabular-nums",
          title: () => `Sessions waiting on their client inside an open transaction (ClientRead); amber from ${LEAK_THRESHOLD_AAS}, where triage raises a signal`,
          cell: (c) => (c.idleInTx > 0 ? <span className={c.idleInTx >= LEAK_THRESHOLD_AAS ? "text-amber-700" : undefined}>{aas(c.idleInTx)}</span> : "–"),
        },
      ]}
    />
  );
}
