import Link from "next/link";
import { clusterPath } from "@/lib/aws/scope";
import type { ClusterTriage, Signal } from "@/lib/triage";
import type { SignalKind } from "@/lib/triage/signals";
import { StatusBadge } from "./status-badge";

/** One cluster that needs attention: its signals, each with evidence and a runbook hint. */

const SEVERITY_STYLE = {
  critical: { dot: "bg-red-600", text: "text-red-800", label: "critical" },
  warning: { dot: "bg-amber-500", text: "text-amber-800", label: "warning" },
} as const;

const clusterHref = (c: Pick<ClusterTriage, "account" | "region" | "identifier">) => clusterPath(c);

/** Where on the cluster's pages each kind of signal is looked into, over the last hours (the signals look at the last hour). */
const SIGNAL_TAB: Record<SignalKind, { tab: string; label: string; query?: string }> = {
  occ: { tab: "insights", label: "Who waits in COMMIT (Insights)", query: "range=3h" },
  timeouts: { tab: "insights", label: "Which statements run long (Insights)", query: "range=3h" },
  latency: { tab: "", label: "Latency and its metrics", query: "range=3h" },
  dpuSpike: { tab: "insights", label: "What spends the DPUs (Insights)", query: "range=3h" },
  alarm: { tab: "", label: "The alarm on its metrics", query: "range=3h" },
  indexJob: { tab: "jobs", label: "The job (Jobs)" },
  backupStale: { tab: "backups", label: "Backups" },
  restoreFailed: { tab: "backups", label: "Restores (Backups)" },
  restoreStuck: { tab: "backups", label: "Restores (Backups)" },
  drillFailed: { tab: "backups", label: "The drill's checks (Backups)" },
  drillOverdue: { tab: "backups", label: "Drill schedule (Backups)" },
  drillLeftover: { tab: "backups", label: "Drills (Backups)" },
  leakedTx: { tab: "insights", label: "Who holds the transactions (Insights)", query: "range=1h" },
};

function SignalItem({ signal, cluster }: { signal: Signal; cluster: ClusterTriage }) {
  const st = SEVERITY_STYLE[signal.severity];
  const look = SIGNAL_TAB[signal.kind];
  return (
    <li data-testid="triage-signal" data-kind={signal.kind} data-severity={signal.severity} className="flex gap-3 py-2">
      <span aria-hidden className={`mt-1.5 h-2.5 w-2.5 shrink-0 rounded-full ${st.dot}`} />
      <div className="min-w-0 space-y-0.5 text-sm">
        <p className="font-medium">
          <span className={`mr-2 text-xs uppercase tracking-wide ${st.text}`}>{st.label}</span>
          {signal.title}
        </p>
        <p className="break-words text-slate-600">{signal.evidence.text}</p>
        <p className="text-slate-500">
          <span className="font-medium text-slate-600">Runbook:</span> {signal.hint}{" "}
          <Link href={`${clusterPath(cluster, look.tab)}${look.query ? `?${look.query}` : ""}`} className="whitespace-nowrap text-sky-700 hover:underline" data-testid="signal-look">
            {look.label} →
          </Link>
        </p>
      </div>
    </li>
  );
}

export function TriageClusterCard({ cluster, rank }: { cluster: ClusterTriage; rank: number }) {
  const border = cluster.severity === "critical" ? "border-l-red-600" : "border-l-amber-500";
  return (
    <article
      data-testid="triage-cluster"
      data-cluster={`${cluster.region}/${cluster.name}`}
      data-severity={cluster.severity ?? ""}
      className={`rounded border border-l-4 border-slate-200 bg-white p-4 ${border}`}
    >
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="text-sm tabular-nums text-slate-400">#{rank}</span>
        <Link href={clusterHref(cluster)} className="font-semibold text-sky-800 hover:underline">
          {cluster.name}
        </Link>
        <span className="text-sm text-slate-500">
          {cluster.region} · {cluster.accountName}
        </span>
        <StatusBadge status={cluster.status} />
        <span className="ml-auto text-xs text-slate-500">
          {cluster.signals.length} signal{cluster.signals.length === 1 ? "" : "s"}
        </span>
      </header>
      <ul className="mt-2 divide-y divide-slate-100">
        {cluster.signals.map((s, i) => (
          <SignalItem key={`${s.kind}-${i}`} signal={s} cluster={cluster} />
        ))}
      </ul>
      {(cluster.unchecked.length > 0 || cluster.notes.length > 0) && (
        <p className="mt-2 text-xs text-slate-500">{[...cluster.unchecked.map((u) => `${u.source} not checked: ${u.message}`), ...cluster.notes].join(" · ")}</p>
      )}
    </article>
  );
}

/** Clusters with nothing to report, on one line. */
export function ClusterLine({ clusters, label, testId, tone }: { clusters: ClusterTriage[]; label: string; testId: string; tone: string }) {
  if (!clusters.length) return null;
  return (
    <p data-testid={testId} className={`rounded border px-4 py-2 text-sm ${tone}`}>
      <span className="font-medium">{label}</span>{" "}
      {clusters.map((c, i) => (
        <span key={`${c.account}/${c.region}/${c.identifier}`}>
          {i > 0 && ", "}
          <Link href={clusterHref(c)} className="hover:underline" title={c.unchecked.map((u) => `${u.source}: ${u.message}`).join("\n") || undefined}>
            {c.name}
          </Link>{" "}
          <span className="text-slate-500">({c.region})</span>
        </span>
      ))}
    </p>
  );
}
