"use client";

import { fleetProblems, scopeKey } from "@/lib/aws/scope";
import { REFRESH_MS, type RefreshKey } from "@/lib/metrics/range-presets";
import { AutoRefreshSelect } from "./auto-refresh-select";
import { agoLabel, clockLabel } from "@/lib/format/time";
import { callJson } from "./call-json";
import { useNow } from "./use-now";
import { pacedInterval, usePolling } from "./use-polling";
import type { TriageReport } from "@/lib/triage";
import { windowLabel } from "@/lib/triage/signals";
import { ClusterLine, TriageClusterCard } from "./triage-cluster";
import { useUrlParams } from "./use-url-params";

/**
 * The triage page's live part: the first report comes from the server, then it polls
 * /api/triage (interval in the URL, `?refresh=30s|1m|5m|off`), says when it last refreshed, and
 * keeps showing the last good report when a refresh fails.
 */

export function TriageBoard({ initial, refresh }: { initial: TriageReport; refresh: RefreshKey }) {
  const {
    data: report,
    busy,
    error,
    refresh: reload,
  } = usePolling(() => callJson<TriageReport>("/api/triage"), {
    initial,
    initialAt: initial.generatedAt,
    intervalMs: (r) => pacedInterval(REFRESH_MS[refresh], (r.metricsFreshUntil ?? 0) - r.generatedAt),
  });
  const { set } = useUrlParams();
  // "N s ago" ticks from the report's own time, so the server's render and the browser's agree.
  const now = useNow(true, new Date(report.generatedAt).toISOString());

  // An account that could not be listed at all is one problem, not one per Region and source.
  const listing = fleetProblems(report.regions.map((r) => ({ ...r, error: r.errors.find((e) => e.source === "clusters")?.message })));
  const regionErrors = report.regions.flatMap((r) =>
    r.errors.filter((e) => e.source !== "clusters").map((e) => ({ key: `${scopeKey(r)}-${e.source}`, where: `${r.region} of ${r.accountName}`, ...e })),
  );
  const accounts = new Set(report.regions.map((r) => r.account)).size;
  const total = report.attention.length + report.clean.length + report.unchecked.length;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-x-6 gap-y-2">
        <div>
          <h1 className="text-2xl font-semibold">Triage</h1>
          <p className="text-sm text-slate-500">
            {total} clusters in {accounts} {accounts === 1 ? "account" : "accounts"} and {new Set(report.regions.map((r) => r.region)).size} regions, ranked by what needs attention now
            {report.window && ` · metrics of the last hour (${windowLabel(report.window)}) against their 7-day baselines`}
          </p>
        </div>
        <div className="no-print ml-auto flex items-center gap-3 text-sm">
          <p data-testid="triage-updated" data-generated-at={report.generatedAt} aria-live="polite" className="text-slate-600">
            {busy ? "Refreshing…" : `Updated ${clockLabel(report.generatedAt)}`}
            {!busy && <span className="text-slate-400"> ({agoLabel(now - report.generatedAt)})</span>}
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
          Could not refresh ({error}); showing the report from {clockLabel(report.generatedAt)}.
        </p>
      )}
      {report.budgets.length > 0 && (
        <p role="note" data-testid="triage-budgets" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <span className="font-medium">Budgets:</span>{" "}
          {report.budgets.map((b) => `${b.label} ${b.state === "over" ? "is over its budget" : `will cross its budget on ${new Date(b.crossesAt!).toISOString().slice(0, 10)}`}`).join(" · ")}
        </p>
      )}
      {listing.map((p) => (
        <p key={p.key} role="alert" data-testid="triage-region-error" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          <span className="font-medium">Could not list the clusters of {p.where}.</span> {p.message}
        </p>
      ))}
      {regionErrors.map((e) => (
        <p key={e.key} role="alert" data-testid="triage-region-error" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          <span className="font-medium">
            {e.where}: could not read {e.source}.
          </span>{" "}
          {e.message}
        </p>
      ))}

      {report.attention.length === 0 && report.unchecked.length === 0 && (
        <p className="rounded border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900">Nothing needs attention right now.</p>
      )}
      <div className="space-y-3">
        {report.attention.map((c, i) => (
          <TriageClusterCard key={`${c.account}/${c.region}/${c.identifier}`} cluster={c} rank={i + 1} />
        ))}
      </div>
      <ClusterLine clusters={report.unchecked} testId="triage-unchecked" label={`Not fully checked (${report.unchecked.length}):`} tone="border-amber-200 bg-amber-50 text-amber-900" />
      <ClusterLine clusters={report.clean} testId="triage-clean" label={`✓ Clean (${report.clean.length}):`} tone="border-emerald-200 bg-emerald-50 text-emerald-900" />

      <p className="text-xs text-slate-500">
        OCC threshold {report.thresholdPct} % · backups stale after {report.backupStaleHours} h · index jobs from sys.jobs of active clusters (sleeping ones are not woken) and the dashboard&apos;s job
        history{report.jobsAt && `, listed ${clockLabel(report.jobsAt)}`}
        {report.jobsError && ` · index jobs could not be listed: ${report.jobsError}`}
      </p>
    </div>
  );
}
