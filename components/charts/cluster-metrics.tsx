"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { DPU_KINDS } from "@/lib/metrics/catalog";
import type { ClusterMetrics, WirePanel } from "@/lib/metrics/cluster";
import { spansAbove } from "@/lib/metrics/occ";
import { rangeSearch, REFRESH_MS, type RefreshKey } from "@/lib/metrics/range-presets";
import type { ClusterEvents } from "@/lib/events";
import { callJson } from "../call-json";
import { OccBadge } from "../occ-badge";
import { RetryAlert } from "../retry-alert";
import { EventLegend } from "../triage-events";
import { pacedInterval, usePolling } from "../use-polling";
import { periodLabel, timeLabel } from "@/lib/format/time";
import { formatValue, sumOf, toRows } from "./chart-data";
import { Panel } from "./panel";
import { TimeSeriesChart, type SeriesStyle } from "./time-series-chart";

const COLORS: Record<string, string> = {
  ReadDPU: "#0ea5e9",
  WriteDPU: "#f59e0b",
  ComputeDPU: "#8b5cf6",
  MultiRegionWriteDPU: "#14b8a6",
  TotalDPU: "#0f172a",
  OccRate: "#dc2626",
  TotalTransactions: "#0369a1",
  ReadOnlyTransactions: "#22c55e",
  BytesRead: "#0ea5e9",
  BytesWritten: "#f59e0b",
};
const color = (metric: string) => COLORS[metric] ?? "#334155";
const styles = (panel: WirePanel, keys?: readonly string[]): SeriesStyle[] =>
  panel.series.filter((s) => !keys || keys.includes(s.metric)).map((s) => ({ key: s.metric, label: s.label, color: color(s.metric) }));

/**
 * The cluster page's charts. The first render comes from the server; auto-refresh and retries
 * fetch the same data from /api/metrics, and a range change navigates (the URL holds the view).
 */
export function ClusterMetricsView({ initial, refresh, events: initialEvents }: { initial: ClusterMetrics; refresh: RefreshKey; events?: ClusterEvents }) {
  const [dollars, setDollars] = useState(false);
  // Charts and event markers refresh together, on one tick; a failed event read keeps the last events.
  const [first] = useState(() => ({ metrics: initial, events: initialEvents ?? { events: [], errors: [] } }));
  const view = useRef(first);
  const polled = usePolling(
    async () => {
      const { metrics, events } = view.current;
      const path = `${metrics.account}/${metrics.region}/${metrics.clusterId}?${rangeSearch(metrics.range.params)}`;
      const [nextMetrics, nextEvents] = await Promise.all([callJson<ClusterMetrics>(`/api/metrics/${path}`), callJson<ClusterEvents>(`/api/events/${path}`).catch(() => events)]);
      return { metrics: nextMetrics, events: nextEvents };
    },
    { initial: first, initialAt: initial.fetchedAt, intervalMs: (d) => pacedInterval(REFRESH_MS[refresh], d.metrics.freshUntil - d.metrics.fetchedAt) },
  );
  useEffect(() => {
    view.current = polled.data;
  });
  const {
    data: { metrics: data, events },
    busy,
    error: fetchError,
    refresh: reload,
  } = polled;

  const panels = useMemo(() => new Map(data.panels.map((p) => [p.id, p])), [data.panels]);
  const { startMs, period, price } = data;
  const endMs = Math.min(data.endMs, Math.max(data.fetchedAt, startMs + period * 1000));
  const per = periodLabel(period);
  const empty = data.idle ? "No activity in this range: the cluster ran no transactions (an idle cluster emits no datapoints)." : undefined;

  const dpu = panels.get("dpu")!;
  const scale = dollars && price.known ? price.dpuPerMillion / 1e6 : 1;
  const totalDpu = sumOf(dpu.series.find((s) => s.metric === "TotalDPU")!.values);
  const occ = panels.get("occ")!;
  const occRows = toRows(startMs, period, occ.series);
  const common = { startMs, endMs, events: events.events };
  // What every panel's frame takes from its data and from the view's state.
  const frame = (p: WirePanel) => ({ id: p.id, title: p.title, hint: p.hint, status: p.status, messages: p.messages, busy, onRetry: reload });

  const generic = (id: string) => {
    const p = panels.get(id)!;
    const last = p.series[0].values.findLast((v) => v !== null);
    const noData = p.series.every((s) => s.values.every((v) => v === null));
    return (
      <Panel
        key={id}
        {...frame(p)}
        subtitle={p.unit === "count" || p.unit === "bytes" || id === "compute" ? `${per}${id === "connections" ? " (maximum)" : ""}` : undefined}
        empty={noData ? "No datapoints in this range." : id === "storage" || id === "connections" ? undefined : empty}
        actions={<span className="text-xs tabular-nums text-slate-600">latest {formatValue(last, p.unit)}</span>}
      >
        <TimeSeriesChart {...common} rows={toRows(startMs, period, p.series)} unit={p.unit} lines={styles(p)} height={180} />
      </Panel>
    );
  };

  return (
    <div className="space-y-4">
      {fetchError && <RetryAlert onRetry={reload}>Could not refresh the metrics: {fetchError}</RetryAlert>}
      {data.messages.length > 0 && <p className="rounded bg-amber-50 px-2 py-1 text-xs text-amber-900">CloudWatch: {data.messages.join("; ")}</p>}
      <p className="text-xs text-slate-500">
        {data.range.label} · one value {per} · updated {timeLabel(data.fetchedAt)}
        {busy && " · refreshing…"}
      </p>
      <EventLegend events={events.events} errors={events.errors} />
      <div className="grid gap-4 lg:grid-cols-2">
        <div data-testid="dpu-chart" className="lg:col-span-2">
          <Panel
            {...frame(dpu)}
            title={dollars ? "DPU cost by kind" : dpu.title}
            subtitle={
              <>
                {per} · {formatValue(totalDpu, "dpu")} DPU in range
                {price.known ? ` ≈ ${formatValue((totalDpu * price.dpuPerMillion) / 1e6, "usd")} at $${price.dpuPerMillion}/1M DPU` : ""}
              </>
            }
            hint={price.known ? `${dpu.hint} Price: ${price.source}${price.readOn ? `, read ${price.readOn}` : ""}; before the free tier.` : `${dpu.hint} ${price.reason}.`}
            empty={empty}
            actions={
              <div role="group" aria-label="DPU unit" className="flex text-xs">
                <button
                  type="button"
                  aria-pressed={!dollars}
                  onClick={() => setDollars(false)}
                  className={`rounded-l border border-slate-300 px-2 py-0.5 ${!dollars ? "bg-slate-800 text-white" : "bg-white"}`}
                >
                  DPUs
                </button>
                <button
                  type="button"
                  aria-pressed={dollars}
                  disabled={!price.known}
                  title={price.known ? undefined : price.reason}
                  onClick={() => setDollars(true)}
                  className={`rounded-r border border-l-0 border-slate-300 px-2 py-0.5 disabled:opacity-40 ${dollars ? "bg-slate-800 text-white" : "bg-white"}`}
                >
                  Dollars
                </button>
              </div>
            }
          >
            <TimeSeriesChart
              {...common}
              rows={toRows(startMs, period, dpu.series, scale)}
              unit={dollars ? "usd" : "dpu"}
              areas={styles(dpu, DPU_KINDS)}
              lines={styles(dpu, ["TotalDPU"])}
              height={260}
            />
          </Panel>
        </div>
        <div data-testid="occ-chart" className="lg:col-span-2">
          <Panel
            {...frame(occ)}
            subtitle={
              <>
                per period of {per.replace("per ", "")}; shaded where at or above {data.thresholdPct} %
              </>
            }
            empty={empty}
            actions={
              <span className="flex items-center gap-1 text-xs text-slate-600">
                latest <OccBadge ratePct={data.occ.ratePct} state={data.occ.state} thresholdPct={data.thresholdPct} />
              </span>
            }
          >
            <TimeSeriesChart
              {...common}
              rows={occRows}
              unit="percent"
              lines={styles(occ)}
              threshold={{ value: data.thresholdPct, label: `${data.thresholdPct} % threshold` }}
              shade={spansAbove(
                occRows.map((r) => [r.t, r.OccRate]),
                data.thresholdPct,
                period * 1000,
              )}
              height={220}
            />
          </Panel>
        </div>
        {["transactions", "latency", "timeouts", "compute", "bytes", "storage", "connections"].map(generic)}
      </div>
    </div>
  );
}
