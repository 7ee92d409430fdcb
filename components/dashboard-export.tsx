"use client";

import { useState } from "react";
import type { DashboardBody } from "@/lib/metrics/dashboards";
import { ApiError, callJson } from "./call-json";
import { useAction } from "./use-action";

interface Preview {
  name: string;
  body: DashboardBody;
  exists: boolean;
}

/**
 * Export the cluster's charts to a CloudWatch dashboard: the body is previewed first (and can be
 * downloaded as JSON for infrastructure as code); an operator then writes it, and a dashboard of
 * the same name is replaced only once "Replace the existing dashboard" is ticked.
 */
export function DashboardExport({ account, region, clusterId, defaultName, canOperate }: { account: string; region: string; clusterId: string; defaultName: string; canOperate: boolean }) {
  const { busy, problem, setProblem, run } = useAction({ refresh: false });
  const [name, setName] = useState(defaultName);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [replace, setReplace] = useState(false);
  const [written, setWritten] = useState<string | null>(null);
  const query = new URLSearchParams({ account, region, cluster: clusterId, name }).toString();
  const mustConfirm = !!preview?.exists && !replace;

  // Another name is another dashboard: preview it again before writing.
  const rename = (value: string) => {
    setName(value);
    setPreview(null);
    setReplace(false);
    setWritten(null);
    setProblem(null);
  };

  const showPreview = () =>
    run("preview", async () => {
      setWritten(null);
      setReplace(false);
      setPreview(await callJson<Preview>(`/api/dashboards?${query}`));
    });

  const write = () =>
    run("write", async () => {
      try {
        const r = await callJson<{ name: string; replaced: boolean }>("/api/dashboards", { method: "POST", body: { account, region, cluster: clusterId, name, overwrite: replace } });
        setWritten(`${r.replaced ? "Replaced" : "Wrote"} the CloudWatch dashboard ${r.name} in account ${account}.`);
        setPreview((p) => p && { ...p, exists: true });
        setReplace(false);
      } catch (err) {
        // Made by someone else since the preview: ask for the confirmation now.
        if (err instanceof ApiError && err.status === 409) setPreview((p) => p && { ...p, exists: true });
        throw err;
      }
    });

  return (
    <section data-testid="dashboard-export" className="rounded border border-slate-200 bg-white p-3 text-sm">
      <h2 className="mb-1 text-sm font-semibold">Export to CloudWatch dashboard</h2>
      <p className="mb-2 text-xs text-slate-500">
        DPU by kind, the OCC conflict rate against its threshold, commit latency, query timeouts and connections of this cluster, as a dashboard of account {account}.
      </p>
      <form
        className="flex flex-wrap items-center gap-2 text-xs"
        onSubmit={(e) => {
          e.preventDefault();
          showPreview();
        }}
      >
        <label>
          Dashboard name <input value={name} onChange={(e) => rename(e.target.value)} maxLength={255} required className="w-72 rounded border border-slate-300 px-1 font-mono" />
        </label>
        <button type="submit" disabled={!!busy || !name} className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-50 disabled:opacity-50">
          {busy === "preview" ? "Loading…" : "Preview"}
        </button>
        <a href={`/api/dashboards?${query}&download=1`} download={`${name}.json`} className="text-sky-700 hover:underline">
          Download JSON
        </a>
      </form>
      {preview && (
        <div className="mt-2 space-y-2">
          {preview.exists && (
            <p role="status" className="rounded border border-amber-200 bg-amber-50 p-2 text-xs text-amber-900">
              A dashboard named {preview.name} already exists in this account: writing replaces it.
            </p>
          )}
          <pre data-testid="dashboard-body" className="max-h-96 overflow-auto rounded bg-slate-50 p-2 text-xs">
            {JSON.stringify(preview.body, null, 2)}
          </pre>
          {canOperate ? (
            <div className="flex flex-wrap items-center gap-3 text-xs">
              {preview.exists && (
                <label className="flex items-center gap-1">
                  <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />
                  Replace the existing dashboard
                </label>
              )}
              <button type="button" onClick={write} disabled={!!busy || mustConfirm} className="rounded bg-slate-800 px-2 py-0.5 text-white disabled:opacity-50">
                {busy === "write" ? "Writing…" : preview.exists ? "Replace dashboard" : "Write dashboard"}
              </button>
            </div>
          ) : (
            <p className="text-xs text-slate-500">Writing the dashboard to CloudWatch needs the operator role; the JSON can be downloaded.</p>
          )}
        </div>
      )}
      {written && (
        <p role="status" className="mt-2 text-xs text-emerald-800">
          {written}
        </p>
      )}
      {problem && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {problem}
        </p>
      )}
    </section>
  );
}
