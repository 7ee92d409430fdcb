import { DashboardInvalidInputError, GetDashboardCommand, PutDashboardCommand, type DashboardValidationMessage } from "@aws-sdk/client-cloudwatch";
import { cloudWatchClient } from "../aws/clients";
import { config } from "../aws/config";
import type { Scope } from "../aws/scope";
import { badRequest, conflict } from "../errors";
import { DPU_KINDS, EXPR_METRICS, STAT_METRICS, type StatMetricKey } from "./catalog";

/**
 * A cluster's, or a tag-filtered fleet's, CloudWatch dashboard: the body built here from the
 * metric catalog (so the namespaces, dimensions and statistics are the ones the dashboard's own
 * charts read), written with PutDashboard into the clusters' account. Per cluster, a title line
 * then DPU by kind (stacked), the OCC conflict rate as metric math with the threshold line,
 * commit latency, query timeouts and connections, all at 5-minute periods.
 */

export interface DashboardCluster {
  identifier: string;
  name: string;
  region: string;
}

export interface DashboardWidget {
  type: "metric" | "text";
  x: number;
  y: number;
  width: number;
  height: number;
  properties: Record<string, unknown>;
}

export interface DashboardBody {
  start: string;
  widgets: DashboardWidget[];
}

/** One row of a metric widget's `metrics`: namespace, name, dimension pairs, then the options. */
export type MetricRow = (string | Record<string, unknown>)[];

export const DASHBOARD_PERIOD_S = 300;
const GRID_COLUMNS = 24;
const CHART_HEIGHT = 6;
/** CloudWatch takes at most 500 widgets a dashboard; each cluster has a title and five charts. */
const WIDGETS_PER_CLUSTER = 6;
export const DASHBOARD_MAX_CLUSTERS = Math.floor(500 / WIDGETS_PER_CLUSTER);
/** What PutDashboard accepts as a name. */
export const DASHBOARD_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** A dashboard name from a cluster's or a tag's words: `dsql-ops-<words>`, other characters as dashes. */
export function dashboardName(words: string): string {
  const slug = words.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "");
  return `dsql-ops-${slug || "fleet"}`.slice(0, 255);
}

/** A catalog metric of one cluster as a dashboard row, with its statistic, the period and its label. */
function metricRow(key: StatMetricKey, clusterId: string, periodS: number, options: Record<string, unknown> = {}): MetricRow {
  const def = STAT_METRICS[key];
  return [def.namespace, def.name, ...def.dimensions(clusterId).flatMap((d) => [d.Name, d.Value]), { label: def.label, stat: def.stat, period: periodS, ...options }];
}

function chart(c: DashboardCluster, title: string, metrics: MetricRow[], place: { x: number; y: number; width: number }, extra: Record<string, unknown> = {}): DashboardWidget {
  return {
    type: "metric",
    ...place,
    height: CHART_HEIGHT,
    properties: { title: `${c.name}: ${title}`, region: c.region, view: "timeSeries", stacked: false, metrics, yAxis: { left: { min: 0 } }, ...extra },
  };
}

/** The widgets of one cluster, from row `y` down (13 rows: the title line and two rows of charts). */
function clusterWidgets(c: DashboardCluster, y: number, thresholdPct: number, periodS: number): DashboardWidget[] {
  const id = c.identifier;
  const third = GRID_COLUMNS / 3;
  const half = GRID_COLUMNS / 2;
  const top = y + 1;
  const bottom = top + CHART_HEIGHT;
  const occ = EXPR_METRICS.OccRate;
  return [
    { type: "text", x: 0, y, width: GRID_COLUMNS, height: 1, properties: { markdown: `### ${c.name} · ${c.region} · \`${id}\`` } },
    // The kinds stacked; TotalDPU on the right axis so it reads as the total, not as a fifth layer.
    chart(
      c,
      "DPU by kind",
      [...DPU_KINDS.map((k) => metricRow(k, id, periodS)), metricRow("TotalDPU", id, periodS, { yAxis: "right" })],
      { x: 0, y: top, width: half },
      {
        stacked: true,
        yAxis: { left: { min: 0, label: "DPU" }, right: { min: 0, label: "Total DPU" } },
      },
    ),
    // Computed by CloudWatch: no transactions in a period gives no point, not 0 %.
    chart(
      c,
      "OCC conflict rate (%)",
      [
        [{ expression: occ.expression(["occ", "tx"]), id: "rate", label: `${occ.label} (%)` }],
        metricRow("OccConflicts", id, periodS, { id: "occ", visible: false }),
        metricRow("TotalTransactions", id, periodS, { id: "tx", visible: false }),
      ],
      { x: half, y: top, width: half },
      { annotations: { horizontal: [{ label: `${thresholdPct} % threshold`, value: thresholdPct, color: "#d62728" }] } },
    ),
    chart(c, "commit latency (ms)", [metricRow("CommitLatency", id, periodS)], { x: 0, y: bottom, width: third }),
    chart(c, "query timeouts", [metricRow("QueryTimeouts", id, periodS)], { x: third, y: bottom, width: third }),
    chart(c, "connections", [metricRow("Connections", id, periodS)], { x: 2 * third, y: bottom, width: third }),
  ];
}

/** The dashboard of these clusters, one block under the other; the last 24 hours when it opens. */
export function dashboardBody(clusters: DashboardCluster[], opts: { thresholdPct: number; periodS?: number }): DashboardBody {
  if (!clusters.length) throw badRequest("No cluster to put on the dashboard");
  if (clusters.length > DASHBOARD_MAX_CLUSTERS)
    throw badRequest(`A dashboard holds at most ${DASHBOARD_MAX_CLUSTERS} clusters (CloudWatch's 500 widgets); ${clusters.length} were chosen: narrow the tag`);
  const periodS = opts.periodS ?? DASHBOARD_PERIOD_S;
  const blockHeight = 1 + 2 * CHART_HEIGHT;
  return { start: "-PT24H", widgets: clusters.flatMap((c, i) => clusterWidgets(c, i * blockHeight, opts.thresholdPct, periodS)) };
}

const isNotFound = (err: unknown) => {
  const name = (err as { name?: string }).name;
  // The SDK raises ResourceNotFound (the Query-era code) or DashboardNotFoundError (the structure).
  return name === "ResourceNotFound" || name === "DashboardNotFoundError";
};

/** Whether the account already has a dashboard of this name (dashboards are global: the scope's Region is only the endpoint). */
export async function dashboardExists(scope: Scope, name: string): Promise<boolean> {
  try {
    await cloudWatchClient(scope).send(new GetDashboardCommand({ DashboardName: name }));
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** The dashboard of these clusters with the configured OCC threshold (DSQL_OPS_OCC_THRESHOLD_PCT). */
export const configuredDashboardBody = (clusters: DashboardCluster[]) => dashboardBody(clusters, { thresholdPct: config().occThresholdPct });

/** What would be written, and whether writing it would replace a dashboard. */
export async function previewDashboard(scope: Scope, name: string, clusters: DashboardCluster[]): Promise<{ body: DashboardBody; exists: boolean }> {
  const body = configuredDashboardBody(clusters);
  return { body, exists: await dashboardExists(scope, name) };
}

const describeMessages = (messages: DashboardValidationMessage[]) => messages.map((m) => `${m.DataPath || "/"}: ${m.Message ?? "invalid"}`).join("; ");

/**
 * Writes the dashboard; one of that name is replaced only with `overwrite` (409 otherwise). The
 * check and the write are two calls: PutDashboard has no condition, so a dashboard made between
 * them by someone else is replaced.
 */
export async function putDashboard(scope: Scope, name: string, body: DashboardBody, opts: { overwrite: boolean }): Promise<{ name: string; arn: string; replaced: boolean }> {
  const existed = await dashboardExists(scope, name);
  if (existed && !opts.overwrite) throw conflict(`A CloudWatch dashboard named "${name}" already exists in account ${scope.account}; confirm to replace it`);
  try {
    await cloudWatchClient(scope).send(new PutDashboardCommand({ DashboardName: name, DashboardBody: JSON.stringify(body) }));
  } catch (err) {
    if (err instanceof DashboardInvalidInputError || (err as { name?: string }).name === "DashboardInvalidInputError") {
      const messages = (err as DashboardInvalidInputError).dashboardValidationMessages ?? [];
      throw badRequest(`CloudWatch refused the dashboard${messages.length ? `: ${describeMessages(messages)}` : `: ${(err as Error).message}`}`);
    }
    throw err;
  }
  return { name, arn: `arn:aws:cloudwatch::${scope.account}:dashboard/${name}`, replaced: existed };
}
