import { describe, expect, it } from "vitest";
import { describeCondition, referencesCluster } from "./alarms";

const id = "a".repeat(26);

describe("alarm filtering and wording", () => {
  it("finds a cluster in plain alarms, math alarms and AWS/Usage alarms, and nowhere else", () => {
    expect(referencesCluster({ Dimensions: [{ Name: "ClusterId", Value: id }] }, id)).toBe(true);
    expect(referencesCluster({ Metrics: [{ Id: "e", Expression: "a/b" }, { Id: "a", MetricStat: { Metric: { Dimensions: [{ Name: "ClusterId", Value: id }] }, Period: 60, Stat: "Sum" } }] }, id)).toBe(true);
    expect(referencesCluster({ Dimensions: [{ Name: "ResourceId", Value: `cluster/${id}` }] }, id)).toBe(true);
    expect(referencesCluster({ Dimensions: [{ Name: "ClusterId", Value: "b".repeat(26) }] }, id)).toBe(false);
    expect(referencesCluster({}, id)).toBe(false);
  });

  it("says what an alarm watches", () => {
    expect(describeCondition({ Statistic: "Sum", MetricName: "TotalDPU", ComparisonOperator: "GreaterThanThreshold", Threshold: 5000, EvaluationPeriods: 1, Period: 300 })).toBe("Sum TotalDPU > 5000 for 1 of 1 × 300 s");
    expect(
      describeCondition({
        Metrics: [
          { Id: "occ", MetricStat: { Metric: { MetricName: "OccConflicts" }, Period: 300, Stat: "Sum" }, ReturnData: false },
          { Id: "rate", Expression: "100 * occ / tx", Label: "OCC conflict rate (%)", ReturnData: true },
        ],
        ComparisonOperator: "GreaterThanThreshold",
        Threshold: 5,
        EvaluationPeriods: 5,
        DatapointsToAlarm: 3,
      }),
    ).toBe("OCC conflict rate (%) > 5 for 3 of 5 × 300 s");
  });
});
