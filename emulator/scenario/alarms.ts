import type { Alarms } from "../services/cloudwatch/alarms/model";
import { putMetricAlarm } from "../services/cloudwatch/alarms/operations";
import { ACCOUNT_ID } from "./fleet";
import { DSQL_NAMESPACE } from "./metrics";

/**
 * The demo scenario's alarms, created a day before the anchor so a fresh start shows real state
 * and history: the OCC-rate alarm of orders-prod in us-east-1 (in ALARM: its incident is under
 * way) and a DPU alarm of catalog-apac (OK). Made through PutMetricAlarm's own checks, as a user would.
 */
export function seedDemoAlarms(alarms: Alarms, clusters: { region: string; name: string; identifier: string; account?: string }[], anchorMs: number): void {
  const at = anchorMs - 24 * 3_600_000;
  const find = (region: string, name: string) => clusters.find((c) => c.region === region && c.name === name);
  const orders = find("us-east-1", "orders-prod");
  if (orders) {
    const metric = (name: string) => ({ Namespace: DSQL_NAMESPACE, MetricName: name, Dimensions: [{ Name: "ClusterId", Value: orders.identifier }] });
    putMetricAlarm(
      alarms,
      {
        AlarmName: `dsql-occ-rate-${orders.identifier}`,
        AlarmDescription: "OCC conflict rate of orders-prod above 5 % for 3 of 5 minutes",
        EvaluationPeriods: 5,
        DatapointsToAlarm: 3,
        Threshold: 5,
        ComparisonOperator: "GreaterThanThreshold",
        TreatMissingData: "notBreaching",
        Metrics: [
          { Id: "tx", MetricStat: { Metric: metric("TotalTransactions"), Period: 60, Stat: "Sum" }, ReturnData: false },
          { Id: "occ", MetricStat: { Metric: metric("OccConflicts"), Period: 60, Stat: "Sum" }, ReturnData: false },
          { Id: "rate", Expression: "IF(tx > 0, 100 * occ / tx, 0)", Label: "OCC conflict rate (%)", ReturnData: true },
        ],
        Tags: [{ Key: "dsql-ops", Value: "occ-rate" }],
      },
      { account: orders.account ?? ACCOUNT_ID, region: "us-east-1" },
      at,
    );
  }
  const catalog = find("ap-northeast-1", "catalog-apac");
  if (catalog) {
    putMetricAlarm(
      alarms,
      {
        AlarmName: `dsql-dpu-spike-${catalog.identifier}`,
        AlarmDescription: "TotalDPU of catalog-apac above 2,000 per 5 minutes (about five times its daily peak)",
        Namespace: DSQL_NAMESPACE,
        MetricName: "TotalDPU",
        Dimensions: [{ Name: "ClusterId", Value: catalog.identifier }],
        Statistic: "Sum",
        Period: 300,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        Threshold: 2_000,
        ComparisonOperator: "GreaterThanThreshold",
        TreatMissingData: "missing",
        Tags: [{ Key: "dsql-ops", Value: "dpu-spike" }],
      },
      { account: catalog.account ?? ACCOUNT_ID, region: "ap-northeast-1" },
      at,
    );
  }
}
