import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { describe, expect, it } from "vitest";
import { emulatorForLib, seededCluster } from "./emulator";

/** The recommended alarm set applied to a tag's clusters: preview, apply, apply again, and the one page per cluster. */

const emulator = emulatorForLib("alarm-sets");
const commerce = { key: "team", value: "commerce" };

describe("alarm sets for the fleet", () => {
  it("previews, applies, and applied again creates nothing twice", async () => {
    const { applyAlarmSet, compositeName, planAlarmSet } = await import("@/lib/metrics/alarm-sets");
    const preview = await planAlarmSet(commerce, "dsql-ops-oncall");
    const names = preview.clusters.map((c) => `${c.name}@${c.region}`).sort();
    expect(names).toEqual(["catalog-apac@ap-northeast-1", "orders-prod@us-east-1", "orders-prod@us-east-2"]);
    expect(preview.counts).toEqual({ create: 15, update: 0, keep: 0 });
    // A preview writes nothing.
    const orders = seededCluster(emulator(), "orders-prod", "us-east-1");
    const cw = new CloudWatchClient(emulator().clientConfig("us-east-1"));
    const mine = async () => {
      const out = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: "dsql-ops-", AlarmTypes: ["MetricAlarm", "CompositeAlarm"] }));
      return {
        metric: (out.MetricAlarms ?? []).filter((a) => a.AlarmName!.endsWith(orders.identifier)),
        composite: (out.CompositeAlarms ?? []).filter((a) => a.AlarmName!.endsWith(orders.identifier)),
      };
    };
    expect((await mine()).metric).toHaveLength(0);

    const applied = await applyAlarmSet(commerce, "dsql-ops-oncall");
    expect(applied.counts.create).toBe(15);
    const once = await mine();
    expect(once.metric.map((a) => a.AlarmName).sort()).toEqual(["commit-latency", "dpu-spike", "occ-rate", "query-timeouts"].map((k) => `dsql-ops-${k}-${orders.identifier}`));
    // The children notify no one; the composite pages the topic, once per cluster.
    expect(once.metric.every((a) => (a.AlarmActions ?? []).length === 0)).toBe(true);
    expect(once.composite).toHaveLength(1);
    expect(once.composite[0].AlarmName).toBe(compositeName(orders.identifier));
    expect(once.composite[0].AlarmActions).toEqual([`arn:aws:sns:us-east-1:${orders.account}:dsql-ops-oncall`]);
    expect(once.composite[0].AlarmRule).toContain(`ALARM("dsql-ops-occ-rate-${orders.identifier}")`);

    const again = await applyAlarmSet(commerce, "dsql-ops-oncall");
    expect(again.counts).toEqual({ create: 0, update: 0, keep: 15 });
    const twice = await mine();
    expect(twice.metric).toHaveLength(4);
    expect(twice.composite).toHaveLength(1);

    // Another topic changes the composite only.
    const moved = await planAlarmSet(commerce, "dsql-ops-info");
    expect(moved.counts).toEqual({ create: 0, update: 3, keep: 12 });
  });

  it("pages once for the cluster when its OCC incident trips the set's alarm", async () => {
    const orders = seededCluster(emulator(), "orders-prod", "us-east-1");
    const name = `dsql-ops-cluster-unhealthy-${orders.identifier}`;
    // The set's alarms are evaluated every 5 minutes from their creation.
    emulator().clock.advance(11 * 60_000);
    const cw = new CloudWatchClient(emulator().clientConfig("us-east-1"));
    const out = await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name], AlarmTypes: ["CompositeAlarm"] }));
    expect(out.CompositeAlarms?.[0]?.StateValue).toBe("ALARM");
    const pages = emulator().sns.published.filter((m) => m.subject?.startsWith("ALARM:") && m.topicArn.endsWith(":dsql-ops-oncall") && m.message.includes(orders.identifier));
    expect(pages.map((m) => m.subject)).toEqual([`ALARM: "${name}" in us-east-1`]);
  });

  it("blocks the clusters whose account and Region have no topic of that name, and writes nothing for them", async () => {
    const { applyAlarmSet } = await import("@/lib/metrics/alarm-sets");
    const plan = await applyAlarmSet({ key: "team", value: "payments" }, "no-such-topic");
    expect(plan.clusters.length).toBeGreaterThan(0);
    expect(plan.clusters.every((c) => c.blocked?.startsWith("No SNS topic named no-such-topic"))).toBe(true);
    expect(plan.counts).toEqual({ create: 0, update: 0, keep: 0 });
  });
});
