/**
 * What the dashboard reads from CloudWatch for a DSQL cluster, declared once: namespace,
 * dimensions, statistic, unit and whether a missing datapoint means zero. See dsql-facts §1.
 */

export const DSQL_NAMESPACE = "AWS/AuroraDSQL";
export const USAGE_NAMESPACE = "AWS/Usage";

/** How a value is shown; declared per metric rather than guessed from its name. */
export type MetricUnit = "dpu" | "count" | "ms" | "bytes" | "percent";

export type Statistic = "Sum" | "Average" | "Maximum";

export interface Dimension {
  Name: string;
  Value: string;
}

interface BaseDef {
  label: string;
  unit: MetricUnit;
  /**
   * An idle cluster emits no datapoints: for counters and DPUs a missing datapoint is a zero,
   * for gauges (storage, latency) it is unknown and stays a gap.
   */
  zeroFill: boolean;
}

export interface StatMetricDef extends BaseDef {
  kind: "stat";
  namespace: string;
  name: string;
  stat: Statistic;
  dimensions: (clusterId: string) => Dimension[];
}

export interface ExprMetricDef extends BaseDef {
  kind: "expr";
  /** Metrics the expression reads; the planner puts them in the same GetMetricData call. */
  inputs: readonly StatMetricKey[];
  /** The metric-math expression over the inputs' query ids, in the order of `inputs`. */
  expression: (ids: string[]) => string;
}

const clusterDims = (id: string): Dimension[] => [{ Name: "ClusterId", Value: id }];

// Connection counts live in AWS/Usage with DSQL's usage dimensions, not in AWS/AuroraDSQL.
// `Class=None` comes from community alarms, not the doc table (dsql-facts §1, open item 2).
const connectionDims = (id: string): Dimension[] => [
  { Name: "Service", Value: "AuroraDSQL" },
  { Name: "Type", Value: "Resource" },
  { Name: "Resource", Value: "ClusterConnectionCount" },
  { Name: "ResourceId", Value: `cluster/${id}` },
  { Name: "Class", Value: "None" },
];

const dsql = (name: string, stat: Statistic, unit: MetricUnit, label: string, zeroFill = stat === "Sum"): StatMetricDef => ({
  kind: "stat",
  namespace: DSQL_NAMESPACE,
  name,
  stat,
  unit,
  label,
  zeroFill,
  dimensions: clusterDims,
});

export const STAT_METRICS = {
  TotalDPU: dsql("TotalDPU", "Sum", "dpu", "Total DPU"),
  ReadDPU: dsql("ReadDPU", "Sum", "dpu", "Read DPU"),
  WriteDPU: dsql("WriteDPU", "Sum", "dpu", "Write DPU"),
  ComputeDPU: dsql("ComputeDPU", "Sum", "dpu", "Compute DPU"),
  MultiRegionWriteDPU: dsql("MultiRegionWriteDPU", "Sum", "dpu", "Multi-Region write DPU"),
  TotalTransactions: dsql("TotalTransactions", "Sum", "count", "Transactions"),
  ReadOnlyTransactions: dsql("ReadOnlyTransactions", "Sum", "count", "Read-only transactions"),
  OccConflicts: dsql("OccConflicts", "Sum", "count", "OCC conflicts"),
  QueryTimeouts: dsql("QueryTimeouts", "Sum", "count", "Query timeouts"),
  // Already a P50 per emitted datapoint: averaging the P50s is the closest CloudWatch offers.
  CommitLatency: dsql("CommitLatency", "Average", "ms", "Commit latency (P50)"),
  ComputeTime: dsql("ComputeTime", "Sum", "ms", "Compute time"),
  BytesRead: dsql("BytesRead", "Sum", "bytes", "Bytes read"),
  BytesWritten: dsql("BytesWritten", "Sum", "bytes", "Bytes written"),
  // A gauge: never summed.
  ClusterStorageSize: dsql("ClusterStorageSize", "Maximum", "bytes", "Storage"),
  // No connection datapoint means no open connection.
  Connections: { kind: "stat", namespace: USAGE_NAMESPACE, name: "ResourceCount", stat: "Maximum", unit: "count", label: "Active connections", zeroFill: true, dimensions: connectionDims },
} satisfies Record<string, StatMetricDef>;

export type StatMetricKey = keyof typeof STAT_METRICS;

export const EXPR_METRICS = {
  // Computed by CloudWatch, not in the browser; no transactions → no datapoint (not 0 %).
  OccRate: { kind: "expr", inputs: ["OccConflicts", "TotalTransactions"], expression: ([occ, tx]) => `100 * ${occ} / ${tx}`, unit: "percent", label: "OCC conflict rate", zeroFill: false },
} satisfies Record<string, ExprMetricDef>;

export type ExprMetricKey = keyof typeof EXPR_METRICS;
export type MetricKey = StatMetricKey | ExprMetricKey;

export const METRICS: Record<MetricKey, StatMetricDef | ExprMetricDef> = { ...STAT_METRICS, ...EXPR_METRICS };

export const METRIC_KEYS = Object.keys(METRICS) as MetricKey[];

/** The DPU kinds that make up TotalDPU, in stacking order. */
export const DPU_KINDS = ["ReadDPU", "WriteDPU", "ComputeDPU", "MultiRegionWriteDPU"] as const satisfies readonly StatMetricKey[];

export function metricDef(key: MetricKey): StatMetricDef | ExprMetricDef {
  return METRICS[key];
}
