import { describe, expect, it } from "vitest";
import { GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { ACCOUNT_ID } from "../../emulator/scenario/fleet";
import { emulatorForLib } from "./emulator";

const emulator = emulatorForLib("watch-cost");

describe("the cost of watching", () => {
  it("counts the metrics each GetMetricData requests and the other calls, and prices CloudWatch's", async () => {
    const { cloudWatchClient } = await import("@/lib/aws/clients");
    const { listClusters } = await import("@/lib/dsql/clusters");
    const { watchCost, instanceId } = await import("@/lib/watch-cost");
    const before = await watchCost();
    const gmd = (r: typeof before) => r.byApi.find((a) => a.api === "GetMetricData")?.count ?? 0;

    const cluster = emulator().scenario.clusters[0].identifier;
    const stat = (id: string, metric: string) => ({
      Id: id,
      MetricStat: { Metric: { Namespace: "AWS/AuroraDSQL", MetricName: metric, Dimensions: [{ Name: "ClusterId", Value: cluster }] }, Period: 300, Stat: "Sum" },
      ReturnData: false,
    });
    const now = new Date(emulator().clock.now());
    const input = {
      MetricDataQueries: [stat("occ", "OccConflicts"), stat("tx", "TotalTransactions"), stat("dpu", "TotalDPU"), { Id: "rate", Expression: "100 * occ / tx" }],
      StartTime: new Date(now.getTime() - 3_600_000),
      EndTime: now,
    };
    await cloudWatchClient({ account: ACCOUNT_ID, region: emulator().scenario.clusters[0].region }).send(new GetMetricDataCommand(input));
    await cloudWatchClient({ account: ACCOUNT_ID, region: emulator().scenario.clusters[0].region }).send(new GetMetricDataCommand(input));
    await listClusters({ account: ACCOUNT_ID, region: "us-east-1" });

    const after = await watchCost();
    // Three metrics a call (the expression is not a metric requested), two calls.
    expect(gmd(after) - gmd(before)).toBe(6);
    const gmdLine = after.byApi.find((a) => a.api === "GetMetricData")!;
    expect(gmdLine.unit).toBe("metrics");
    expect(gmdLine.dollars).toBeCloseTo((gmdLine.count / 1000) * 0.01, 9);
    const list = after.byApi.find((a) => a.service === "dsql" && a.api === "ListClusters")!;
    expect(list.count).toBeGreaterThan(0);
    expect(list.dollars).toBe(0);
    expect(after.instances).toBe(1);
    expect(after.monthlyProjection).toBeCloseTo(after.lastDay.dollars * 30, 9);

    // Another instance's counts in the same store are added to this one's.
    const { inStore } = await import("@/lib/store");
    const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString();
    await inStore((db) =>
      db.query("INSERT INTO aws_usage (hour, instance_id, service, api, unit, count) VALUES ($1, $2, 'cloudwatch', 'GetMetricData', 'metrics', 1000)", [hour, `other-${instanceId}`]),
    );
    const both = await watchCost();
    expect(both.instances).toBe(2);
    expect(gmd(both) - gmd(after)).toBe(1000);
  });
});
