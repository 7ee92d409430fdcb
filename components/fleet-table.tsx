"use client";

import Link from "next/link";
import { useMemo } from "react";
import { compact, usd } from "@/lib/format";
import { clusterPath } from "@/lib/aws/scope";
import type { FleetUsage } from "@/lib/metrics/overview";
import { BackupAgeCell, type BackupAge } from "./backup-age-cell";
import { OccBadge } from "./occ-badge";
import { ReadinessCell, type ReadinessSummaries } from "./readiness-cell";
import { StatusBadge } from "./status-badge";
import { useUrlParams } from "./use-url-params";

/** Per-cluster figures from CloudWatch; absent while unknown, with the reason in `usageError`. */
export type { FleetUsage };

export interface FleetRow {
  account: string;
  /** The account's name (Organizations, DSQL_OPS_ACCOUNTS). */
  accountName: string;
  region: string;
  identifier: string;
  name: string;
  status: string;
  createdAt: string;
  age: string;
  deletionProtectionEnabled: boolean;
  tags: Record<string, string>;
  peers: { region: string; identifier: string }[];
  witnessRegion?: string;
  usage?: FleetUsage;
  /** Why there is no usage (the region's metrics failed). */
  usageError?: string;
  /** Last good backup (AWS Backup); absent when the region's backups could not be read. */
  backup?: BackupAge;
}

type SortValue = string | number | null;

/**
 * One column of the fleet table. To add a column, add a field to FleetRow and an entry here:
 * `sort` makes it sortable (nulls always last).
 */
export interface FleetColumn {
  id: string;
  header: string;
  title?: string;
  align?: "right";
  sort?: (r: FleetRow) => SortValue;
  cell: (r: FleetRow, ctx: CellContext) => React.ReactNode;
}

interface CellContext {
  thresholdPct: number;
  /** Streamed after the table: each cluster's readiness score. */
  readiness?: Promise<ReadinessSummaries>;
}

const missing = (r: FleetRow) => (
  <span className="text-slate-400" title={r.usageError ?? "no data"}>
    –
  </span>
);

export const FLEET_COLUMNS: FleetColumn[] = [
  {
    id: "name",
    header: "Cluster",
    sort: (r) => r.name,
    cell: (r) => (
      <>
        <Link href={clusterPath(r)} className="font-medium text-sky-700 hover:underline">
          {r.name}
        </Link>
        <div className="font-mono text-xs text-slate-500">{r.identifier}</div>
      </>
    ),
  },
  {
    id: "account",
    header: "Account",
    sort: (r) => r.accountName,
    cell: (r) => (
      <>
        <div>{r.accountName}</div>
        <div className="font-mono text-xs text-slate-500">{r.account}</div>
      </>
    ),
  },
  { id: "region", header: "Region", sort: (r) => r.region, cell: (r) => r.region },
  { id: "status", header: "Status", sort: (r) => r.status, cell: (r) => <StatusBadge status={r.status} /> },
  {
    id: "dpuToday",
    header: "DPU today",
    title: "TotalDPU since 00:00 UTC",
    align: "right",
    sort: (r) => r.usage?.dpuToday ?? null,
    cell: (r) =>
      r.usage ? (
        <span title={r.usage.note}>
          {compact(r.usage.dpuToday)}
          {r.usage.note ? " *" : ""}
        </span>
      ) : (
        missing(r)
      ),
  },
  {
    id: "costMtd",
    header: "$ month to date",
    title: "DPU and storage since the 1st (UTC), before the account's free tier",
    align: "right",
    sort: (r) => r.usage?.costMtd ?? null,
    cell: (r) =>
      !r.usage ? (
        missing(r)
      ) : r.usage.costMtd === null ? (
        <span className="text-xs text-slate-400" title={r.usage.priceNote}>
          price unknown
        </span>
      ) : (
        <span title={r.usage.forecast === null ? undefined : `forecast ${usd(r.usage.forecast)} by month end`}>{usd(r.usage.costMtd)}</span>
      ),
  },
  {
    id: "occ",
    header: "OCC rate",
    title: "OCC conflicts / transactions over the latest hour",
    sort: (r) => r.usage?.occRatePct ?? null,
    cell: (r, ctx) => (r.usage ? <OccBadge ratePct={r.usage.occRatePct} state={r.usage.occState} thresholdPct={ctx.thresholdPct} /> : missing(r)),
  },
  {
    id: "backup",
    header: "Last backup",
    title: "Age of the last good backup (AWS Backup); flagged past DSQL_OPS_BACKUP_STALE_HOURS",
    // Never backed up sorts as the oldest.
    sort: (r) => (r.backup ? (r.backup.ageHours ?? Number.MAX_SAFE_INTEGER) : null),
    cell: (r) => <BackupAgeCell backup={r.backup} href={clusterPath(r, "backups")} />,
  },
  {
    id: "multiRegion",
    header: "Multi-region",
    sort: (r) => r.peers.length,
    cell: (r) =>
      r.peers.length ? (
        <span className="text-xs">
          {r.peers.map((p) => (
            <div key={p.identifier}>
              peer{" "}
              <Link className="text-sky-700 hover:underline" href={clusterPath({ account: r.account, ...p })}>
                {p.region}
              </Link>
            </div>
          ))}
          {r.witnessRegion && <div className="text-slate-500">witness {r.witnessRegion}</div>}
        </span>
      ) : (
        <span className="text-xs text-slate-400">single-region</span>
      ),
  },
  {
    id: "readiness",
    header: "Readiness",
    title: "Production-readiness checks passed of those that apply (the cluster's Readiness tab)",
    cell: (r, ctx) => <ReadinessCell summaries={ctx.readiness} clusterKey={`${r.account}/${r.region}/${r.identifier}`} href={clusterPath(r, "readiness")} />,
  },
  {
    id: "protection",
    header: "Deletion protection",
    sort: (r) => Number(r.deletionProtectionEnabled),
    cell: (r) => (r.deletionProtectionEnabled ? "on" : <span className="text-amber-700">off</span>),
  },
  { id: "age", header: "Age", sort: (r) => r.createdAt, cell: (r) => <span title={r.createdAt}>{r.age}</span> },
  {
    id: "tags",
    header: "Tags",
    cell: (r) => (
      <div className="flex flex-wrap gap-1">
        {Object.entries(r.tags)
          .filter(([k]) => k !== "Name")
          .map(([k, v]) => (
            <span key={k} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
              {k}={v}
            </span>
          ))}
      </div>
    ),
  },
];

export function compareBy(sort: (r: FleetRow) => SortValue, dir: "asc" | "desc") {
  return (a: FleetRow, b: FleetRow) => {
    const x = sort(a);
    const y = sort(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1; // nulls last either way
    const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return dir === "asc" ? c : -c;
  };
}

/** The fleet table: filters (text, region) and the sort live in the URL so a link shows the same view. */
export function FleetTable({
  rows,
  regions,
  accounts = [],
  thresholdPct = 5,
  columns = FLEET_COLUMNS,
  readiness,
}: {
  rows: FleetRow[];
  regions: string[];
  accounts?: { id: string; name: string }[];
  thresholdPct?: number;
  columns?: FleetColumn[];
  readiness?: Promise<ReadinessSummaries>;
}) {
  const { params, set } = useUrlParams();
  const q = params.get("q") ?? "";
  const region = params.get("region") ?? "";
  const account = params.get("account") ?? "";
  const sortId = params.get("sort") ?? "";
  const dir = params.get("dir") === "desc" ? "desc" : "asc";
  const sortCol = columns.find((c) => c.id === sortId && c.sort);

  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const filtered = rows.filter((r) => {
      if (region && r.region !== region) return false;
      if (account && r.account !== account) return false;
      if (!needle) return true;
      const hay = [r.name, r.identifier, r.accountName, r.account, r.region, r.status, ...Object.entries(r.tags).map(([k, v]) => `${k}=${v}`)].join(" ").toLowerCase();
      return hay.includes(needle);
    });
    return sortCol?.sort ? [...filtered].sort(compareBy(sortCol.sort, dir)) : filtered;
  }, [rows, q, region, account, sortCol, dir]);

  const toggleSort = (c: FleetColumn) => {
    // Numbers start with the largest (the costliest cluster first), text with A.
    const firstDir = c.align === "right" || c.id === "occ" ? "desc" : "asc";
    const nextDir = sortCol?.id === c.id ? (dir === "asc" ? "desc" : "asc") : firstDir;
    set({ sort: c.id, dir: nextDir });
  };

  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <input
          aria-label="Filter clusters"
          placeholder="Filter by name, id, status or tag (team=data)"
          defaultValue={q}
          onChange={(e) => set({ q: e.target.value })}
          className="w-80 rounded border border-slate-300 bg-white px-3 py-1.5 text-sm"
        />
        <select aria-label="Region" value={region} onChange={(e) => set({ region: e.target.value })} className="rounded border border-slate-300 bg-white px-2 py-1.5 text-sm">
          <option value="">All regions</option>
          {regions.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        {accounts.length > 1 && (
          <select aria-label="Account" value={account} onChange={(e) => set({ account: e.target.value })} className="rounded border border-slate-300 bg-white px-2 py-1.5 text-sm">
            <option value="">All accounts</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.id})
              </option>
            ))}
          </select>
        )}
        <span className="text-sm text-slate-500">
          {shown.length} of {rows.length} clusters
        </span>
      </div>
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-100 text-xs uppercase text-slate-600">
            <tr>
              {columns.map((c) => (
                <th
                  key={c.id}
                  scope="col"
                  title={c.title}
                  className={`px-3 py-2 ${c.align === "right" ? "text-right" : ""}`}
                  aria-sort={sortCol?.id === c.id ? (dir === "asc" ? "ascending" : "descending") : undefined}
                >
                  {c.sort ? (
                    <button type="button" onClick={() => toggleSort(c)} className="uppercase hover:text-slate-900">
                      {c.header}
                      <span aria-hidden className="ml-1">
                        {sortCol?.id === c.id ? (dir === "asc" ? "▲" : "▼") : "↕"}
                      </span>
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.length === 0 && (
              <tr>
                <td colSpan={columns.length} className="px-3 py-6 text-center text-slate-500">
                  {rows.length === 0 ? "No clusters in the watched regions." : "No cluster matches the filter."}
                </td>
              </tr>
            )}
            {shown.map((r) => (
              <tr key={`${r.account}/${r.region}/${r.identifier}`} className="border-t border-slate-100 hover:bg-slate-50" data-testid="fleet-row">
                {columns.map((c) => (
                  <td key={c.id} className={`px-3 py-2 ${c.align === "right" ? "text-right tabular-nums" : ""}`}>
                    {c.cell(r, { thresholdPct, readiness })}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
