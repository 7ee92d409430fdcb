import { firstValues, type SearchParams } from "@/lib/http/search-params";
import Link from "next/link";
import { headers } from "next/headers";
import { Suspense } from "react";
import { AlarmsPanel } from "@/components/alarms-panel";
import { ClusterHeader } from "@/components/cluster-tabs";
import { ClusterMetricsView } from "@/components/charts/cluster-metrics";
import { sumOf } from "@/components/charts/chart-data";
import { DashboardExport } from "@/components/dashboard-export";
import { DescriptionList } from "@/components/description-list";
import { ErrorPanel } from "@/components/error-panel";
import { StatusBadge } from "@/components/status-badge";
import { TimeRangePicker } from "@/components/time-range-picker";
import { canOperate, userFromRequest } from "@/lib/auth";
import { config } from "@/lib/aws/config";
import { clusterPath } from "@/lib/aws/scope";
import type { Cluster } from "@/lib/dsql/clusters";
import { toAppError } from "@/lib/errors";
import { clusterEvents } from "@/lib/events";
import { age } from "@/lib/format";
import { listClusterAlarms, type ClusterAlarm } from "@/lib/metrics/alarms";
import { clusterMetrics, type ClusterMetrics } from "@/lib/metrics/cluster";
import { dashboardName } from "@/lib/metrics/dashboards";
import { suggestThresholds } from "@/lib/metrics/alarm-suggestions";
import { listTopics, type Topic } from "@/lib/metrics/topics";
import { rangeFromSearch, type ResolvedRange } from "@/lib/metrics/range";
import { rangeSearch } from "@/lib/metrics/range-presets";
import { loadCluster, type ClusterPageParams } from "./load-cluster";

export const dynamic = "force-dynamic";

/** The search params of the chosen time range, kept across the Metrics and Details tabs. */
const RANGE_KEYS = new Set(["range", "from", "to", "refresh"]);


export default async function ClusterPage({ params, searchParams }: { params: Promise<ClusterPageParams>; searchParams: Promise<SearchParams> }) {
  const sp = firstValues(await searchParams);
  const { cluster, error } = await loadCluster(await params);
  if (error) return error;
  const tab = sp.tab === "details" ? "details" : "metrics";
  const rangeQuery = new URLSearchParams(Object.entries(sp).filter((e): e is [string, string] => RANGE_KEYS.has(e[0]) && !!e[1])).toString();

  return (
    <div className="space-y-4">
      <ClusterHeader cluster={cluster} current={tab} query={rangeQuery} note={cluster.peers.length > 0 ? `multi-Region with ${cluster.peers.map((p) => p.region).join(", ")}` : undefined} />
      {tab === "details" ? <Details cluster={cluster} /> : <MetricsTab cluster={cluster} search={sp} />}
    </div>
  );
}

async function MetricsTab({ cluster, search }: { cluster: Cluster; search: Record<string, string | undefined> }) {
  const { range, refresh, problem: rangeProblem } = rangeFromSearch(search);
  const from = "from" in range.params ? range.params.from : undefined;
  const to = "to" in range.params ? range.params.to : undefined;
  return (
    <div className="space-y-4">
      <TimeRangePicker rangeKey={range.key} from={from} to={to} refresh={refresh} />
      {rangeProblem && <ErrorPanel title="This time range cannot be shown; showing the last 24 hours instead" message={rangeProblem} />}
      <Suspense key={rangeSearch(range.params)} fallback={<MetricsSkeleton />}>
        <MetricsSection cluster={cluster} range={range} refresh={refresh} />
      </Suspense>
    </div>
  );
}

async function MetricsSection({ cluster, range, refresh }: { cluster: Cluster; range: ResolvedRange; refresh: "off" | "30s" | "1m" | "5m" }) {
  const { identifier } = cluster;
  const [metrics, alarms, user, events, topics, suggestions] = await Promise.all([
    clusterMetrics(cluster, identifier, range).then(
      (m): { ok: true; m: ClusterMetrics } => ({ ok: true, m }),
      (err): { ok: false; error: string } => ({ ok: false, error: toAppError(err).message }),
    ),
    listClusterAlarms(cluster, identifier).then(
      (a): { alarms: ClusterAlarm[]; error?: string } => ({ alarms: a }),
      (err) => ({ alarms: [] as ClusterAlarm[], error: toAppError(err).message }),
    ),
    userFromRequest(await headers()),
    clusterEvents(cluster, { startMs: range.startMs, endMs: range.endMs }),
    listTopics(cluster).then(
      (t): { topics: Topic[]; error?: string } => ({ topics: t }),
      (err) => ({ topics: [] as Topic[], error: toAppError(err).message }),
    ),
    // Thresholds from the last 7 days: the forms still work (with defaults) if they cannot be read.
    suggestThresholds(cluster, identifier).catch(() => undefined),
  ]);
  const retry = `${clusterPath(cluster)}?${rangeSearch(range.params)}`;
  return (
    <div className="space-y-4">
      {metrics.ok ? (
        <ClusterMetricsView key={metrics.m.fetchedAt} initial={metrics.m} refresh={refresh} events={events} />
      ) : (
        <ErrorPanel title="Could not read the metrics from CloudWatch" message={metrics.error} retryHref={retry} />
      )}
      <AlarmsPanel
        account={cluster.account}
        region={cluster.region}
        clusterId={identifier}
        alarms={alarms.alarms}
        error={alarms.error}
        canOperate={canOperate(user)}
        thresholdPct={config().occThresholdPct}
        suggestions={suggestions}
        topics={topics.topics}
        topicsError={topics.error}
      />
      <DashboardExport account={cluster.account} region={cluster.region} clusterId={identifier} defaultName={dashboardName(cluster.name)} canOperate={canOperate(user)} />
    </div>
  );
}


function MetricsSkeleton() {
  return (
    <div className="grid gap-4 lg:grid-cols-2" aria-busy="true" aria-label="Loading metrics">
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className={`h-56 animate-pulse rounded border border-slate-200 bg-white ${i < 2 ? "lg:col-span-2" : ""}`} />
      ))}
    </div>
  );
}

function Details({ cluster }: { cluster: Cluster }) {
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
  return <DescriptionList testId="cluster-details" items={rows} className="grid-cols-[12rem_1fr] gap-y-2 rounded border border-slate-200 bg-white p-4" />;
}
