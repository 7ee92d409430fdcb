"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { StatusBadge } from "./status-badge";

export interface FleetRow {
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
}

/** The fleet table: filters (text, region) live in the URL so a link shows the same view. */
export function FleetTable({ rows, regions }: { rows: FleetRow[]; regions: string[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const q = params.get("q") ?? "";
  const region = params.get("region") ?? "";

  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    const s = next.toString();
    router.replace(s ? `${pathname}?${s}` : pathname, { scroll: false });
  };

  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return rows.filter((r) => {
      if (region && r.region !== region) return false;
      if (!needle) return true;
      const hay = [r.name, r.identifier, r.region, r.status, ...Object.entries(r.tags).map(([k, v]) => `${k}=${v}`)].join(" ").toLowerCase();
      return hay.includes(needle);
    });
  }, [rows, q, region]);

  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <input
          aria-label="Filter clusters"
          placeholder="Filter by name, id, status or tag (team=data)"
          defaultValue={q}
          onChange={(e) => setParam("q", e.target.value)}
          className="w-80 rounded border border-slate-300 bg-white px-3 py-1.5 text-sm"
        />
        <select aria-label="Region" value={region} onChange={(e) => setParam("region", e.target.value)} className="rounded border border-slate-300 bg-white px-2 py-1.5 text-sm">
          <option value="">All regions</option>
          {regions.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <span className="text-sm text-slate-500">
          {shown.length} of {rows.length} clusters
        </span>
      </div>
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-100 text-xs uppercase text-slate-600">
            <tr>
              <th className="px-3 py-2">Cluster</th>
              <th className="px-3 py-2">Region</th>
              <th className="px-3 py-2">Status</th>
              <th className="px-3 py-2">Multi-region</th>
              <th className="px-3 py-2">Deletion protection</th>
              <th className="px-3 py-2">Age</th>
              <th className="px-3 py-2">Tags</th>
            </tr>
          </thead>
          <tbody>
            {shown.length === 0 && (
              <tr>
                <td colSpan={7} className="px-3 py-6 text-center text-slate-500">
                  {rows.length === 0 ? "No clusters in the watched regions." : "No cluster matches the filter."}
                </td>
              </tr>
            )}
            {shown.map((r) => (
              <tr key={`${r.region}/${r.identifier}`} className="border-t border-slate-100 hover:bg-slate-50" data-testid="fleet-row">
                <td className="px-3 py-2">
                  <Link href={`/clusters/${r.region}/${r.identifier}`} className="font-medium text-sky-700 hover:underline">
                    {r.name}
                  </Link>
                  <div className="font-mono text-xs text-slate-500">{r.identifier}</div>
                </td>
                <td className="px-3 py-2">{r.region}</td>
                <td className="px-3 py-2">
                  <StatusBadge status={r.status} />
                </td>
                <td className="px-3 py-2 text-xs">
                  {r.peers.length ? (
                    <>
                      {r.peers.map((p) => (
                        <div key={p.identifier}>
                          peer{" "}
                          <Link className="text-sky-700 hover:underline" href={`/clusters/${p.region}/${p.identifier}`}>
                            {p.region}
                          </Link>
                        </div>
                      ))}
                      {r.witnessRegion && <div className="text-slate-500">witness {r.witnessRegion}</div>}
                    </>
                  ) : (
                    <span className="text-slate-400">single-region</span>
                  )}
                </td>
                <td className="px-3 py-2">{r.deletionProtectionEnabled ? "on" : <span className="text-amber-700">off</span>}</td>
                <td className="px-3 py-2" title={r.createdAt}>
                  {r.age}
                </td>
                <td className="px-3 py-2">
                  <div className="flex flex-wrap gap-1">
                    {Object.entries(r.tags)
                      .filter(([k]) => k !== "Name")
                      .map(([k, v]) => (
                        <span key={k} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
                          {k}={v}
                        </span>
                      ))}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
