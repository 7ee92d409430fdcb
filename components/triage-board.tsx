"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { REFRESH_MS, type RefreshKey } from "@/lib/metrics/range-presets";
import { AutoRefreshSelect } from "./auto-refresh-select";
import { callJson } from "./call-json";
import type { TriageReport } from "@/lib/triage";
import { windowLabel } from "@/lib/triage/signals";
import { ClusterLine, TriageClusterCard } from "./triage-cluster";
import { useUrlParams } from "./use-url-params";

/**
 * The triage page's live part: the first report comes from the server, then it polls
 * /api/triage (interval in the URL, `?refresh=30s|1m|5m|off`), says when it last refreshed, and
 * keeps showing the last good report when a refresh fails.
 */

const clock = (t: number) => `${new Date(t).toISOString().slice(11, 19)} UTC`;

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s ago` : `${Math.floor(s / 60)} min ${s % 60} s ago`;
}

export function TriageBoard({ initial, refresh }: { initial: TriageReport; refresh: RefreshKey }) {
  const [report, setReport] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState<number | null>(null);
  const { set } = useUrlParams();
  const inFlight = useRef(false);

  const reload = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    try {
      setReport(await callJson<TriageReport>("/api/triage"));
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }, []);

  useEffect(() => {
    const ms = REFRESH_MS[refresh];
    if (!ms) return;
    // A hidden tab does not poll; it catches up as soon as it is shown again.
    const timer = setInterval(() => document.visibilityState !== "hidden" && reload(), ms);
    const onVisible = () => document.visibilityState === "visible" && Date.now() - report.generatedAt > ms && reload();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [refresh, reload, report.generatedAt]);

  // The "N s ago" ticks on the client only (the server's clock would not match the browser's render).
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  const regionErrors = report.regions.flatMap((r) => r.errors.map((e) => ({ region: r.region, ...e })));
  const total = report.attention.length + report.clean.length + report.unchecked.length;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-x-6 gap-y-2">
        <div>
          <h1 className="text-2xl font-semibold">Triage</h1>
          <p className="text-sm text-slate-500">
            {total} clusters in {report.regions.length} regions, ranked by what needs attention now
            {report.window && ` · metrics of the last hour (${windowLabel(report.window)}) against their 7-day baselines`}
          </p>
        </div>
        <div className="no-print ml-auto flex items-center gap-3 text-sm">
          <p data-testid="triage-updated" data-generated-at={report.generatedAt} aria-live="polite" className="text-slate-600">
            {busy ? "Refreshing…" : `Updated ${clock(report.generatedAt)}`}
            {!busy && now !== null && <span className="text-slate-400"> ({ago(now - report.generatedAt)})</span>}
          </p>
          {/* 1m is the page's default, so it stays out of the URL. */}
          <AutoRefreshSelect value={refresh} onChange={(v) => set({ refresh: v === "1m" ? null : v })} />
          <button type="button" onClick={reload} disabled={busy} className="rounded border border-slate-300 bg-white px-2 py-0.5 hover:bg-slate-50 disabled:opacity-50">
            Refresh now
          </button>
        </div>
      </div>

      {error && (
        <p role="alert" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Could not refresh ({error}); showing the report from {clock(report.generatedAt)}.
        </p>
      )}
      {regionErrors.map((e) => (
        <p key={`${e.region}-${e.source}`} role="alert" data-testid="triage-region-error" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          <span className="font-medium">
            {e.region}: could not read {e.source}.
          </span>{" "}
          {e.message}
        </p>
      ))}

      {report.attention.length === 0 && report.unchecked.length === 0 && <p className="rounded border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900">Nothing needs attention right now.</p>}
      <div className="space-y-3">
        {report.attention.map((c, i) => (
          <TriageClusterCard key={`${c.region}/${c.identifier}`} cluster={c} rank={i + 1} />
        ))}
      </div>
      <ClusterLine clusters={report.unchecked} testId="triage-unchecked" label={`Not fully checked (${report.unchecked.length}):`} tone="border-amber-200 bg-amber-50 text-amber-900" />
      <ClusterLine clusters={report.clean} testId="triage-clean" label={`✓ Clean (${report.clean.length}):`} tone="border-emerald-200 bg-emerald-50 text-emerald-900" />

      <p className="text-xs text-slate-500">
        OCC threshold {report.thresholdPct} % · backups stale after {report.backupStaleHours} h · index jobs from sys.jobs of active clusters (sleeping ones are not woken) and the dashboard&apos;s job history{report.jobsAt && `, listed ${clock(report.jobsAt)}`}
        {report.jobsError && ` · index jobs could not be listed: ${report.jobsError}`}
      </p>
    </div>
  );
}
