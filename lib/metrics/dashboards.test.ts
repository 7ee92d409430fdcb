import { describe, expect, it } from "vitest";
import { validateDashboardBody } from "../../emulator/services/cloudwatch/dashboards";
import { AppError } from "../errors";
import { DASHBOARD_MAX_CLUSTERS, DASHBOARD_NAME, dashboardBody, dashboardName, type DashboardWidget } from "./dashboards";

const orders = { identifier: "a".repeat(26), name: "orders-prod", region: "us-east-1" };
const payments = { identifier: "b".repeat(26), name: "payments-eu", region: "eu-west-1" };
const titled = (widgets: DashboardWidget[], title: string) => widgets.find((w) => String(w.properties.title).endsWith(title))!;

describe("dashboardBody", () => {
  it("gives each cluster a title line and five charts, laid out within the 24 columns without overlap", () => {
    const { widgets, start } = dashboardBody([orders, payments], { thresholdPct: 5 });
    expect(start).toBe("-PT24H");
    expect(widgets).toHaveLength(12);
    expect(widgets.map((w) => w.type)).toEqual(["text", "metric", "metric", "metric", "metric", "metric", "text", "metric", "metric", "metric", "metric", "metric"]);
    const cells = new Set<string>();
    for (const w of widgets) {
      expect(w.x).toBeGreaterThanOrEqual(0);
      expect(w.x + w.width).toBeLessThanOrEqual(24);
      for (let x = w.x; x < w.x + w.width; x++)
        for (let y = w.y; y < w.y + w.height; y++) {
          expect(cells.has(`${x},${y}`), `${x},${y} taken twice`).toBe(false);
          cells.add(`${x},${y}`);
        }
    }
    // The second cluster's block starts under the first's.
    expect(widgets[6]).toMatchObject({ type: "text", x: 0, y: 13, width: 24 });
    expect(widgets[6].properties.markdown).toContain("payments-eu · eu-west-1");
    expect(widgets.slice(7).every((w) => w.properties.region === "eu-west-1")).toBe(true);
    // What CloudWatch would accept (as the emulator checks it).
    expect(validateDashboardBody(JSON.stringify({ start, widgets }))).toEqual([]);
  });

  it("stacks the DPU kinds with TotalDPU apart, each summed over 5 minutes in AWS/AuroraDSQL by ClusterId", () => {
    const dpu = titled(dashboardBody([orders], { thresholdPct: 5 }).widgets, "DPU by kind");
    expect(dpu.properties.stacked).toBe(true);
    expect(dpu.properties.metrics).toEqual(
      ["ReadDPU", "WriteDPU", "ComputeDPU", "MultiRegionWriteDPU", "TotalDPU"].map((m) => [
        "AWS/AuroraDSQL",
        m,
        "ClusterId",
        orders.identifier,
        expect.objectContaining({ stat: "Sum", period: 300, ...(m === "TotalDPU" ? { yAxis: "right" } : {}) }),
      ]),
    );
  });

  it("computes the OCC rate with metric math over hidden inputs, with the threshold as a horizontal annotation", () => {
    const occ = titled(dashboardBody([orders], { thresholdPct: 7.5 }).widgets, "OCC conflict rate (%)");
    expect(occ.properties.metrics).toEqual([
      [{ expression: "100 * occ / tx", id: "rate", label: "OCC conflict rate (%)" }],
      ["AWS/AuroraDSQL", "OccConflicts", "ClusterId", orders.identifier, expect.objectContaining({ id: "occ", visible: false, stat: "Sum", period: 300 })],
      ["AWS/AuroraDSQL", "TotalTransactions", "ClusterId", orders.identifier, expect.objectContaining({ id: "tx", visible: false, stat: "Sum", period: 300 })],
    ]);
    expect(occ.properties.annotations).toEqual({ horizontal: [expect.objectContaining({ value: 7.5, label: "7.5 % threshold" })] });
  });

  it("reads latency averaged, timeouts summed, and connections from AWS/Usage as the catalog declares them", () => {
    const widgets = dashboardBody([orders], { thresholdPct: 5 }).widgets;
    expect(titled(widgets, "commit latency (ms)").properties.metrics).toEqual([["AWS/AuroraDSQL", "CommitLatency", "ClusterId", orders.identifier, expect.objectContaining({ stat: "Average" })]]);
    expect(titled(widgets, "query timeouts").properties.metrics).toEqual([["AWS/AuroraDSQL", "QueryTimeouts", "ClusterId", orders.identifier, expect.objectContaining({ stat: "Sum" })]]);
    expect(titled(widgets, "connections").properties.metrics).toEqual([
      [
        "AWS/Usage",
        "ResourceCount",
        "Service",
        "AuroraDSQL",
        "Type",
        "Resource",
        "Resource",
        "ClusterConnectionCount",
        "ResourceId",
        `cluster/${orders.identifier}`,
        "Class",
        "None",
        expect.objectContaining({ stat: "Maximum", period: 300 }),
      ],
    ]);
  });

  it("refuses no cluster, or more than 500 widgets' worth", () => {
    expect(() => dashboardBody([], { thresholdPct: 5 })).toThrow(AppError);
    const many = Array.from({ length: DASHBOARD_MAX_CLUSTERS + 1 }, (_, i) => ({ ...orders, identifier: String(i).padStart(26, "c") }));
    expect(() => dashboardBody(many, { thresholdPct: 5 })).toThrow(/at most 83 clusters/);
    expect(dashboardBody(many.slice(1), { thresholdPct: 5 }).widgets.length).toBeLessThanOrEqual(500);
  });
});

describe("dashboardName", () => {
  it("makes a name PutDashboard accepts from any cluster name or tag", () => {
    expect(dashboardName("orders-prod")).toBe("dsql-ops-orders-prod");
    expect(dashboardName("team:data platform")).toBe("dsql-ops-team-data-platform");
    expect(dashboardName("Ünïcode ☃")).toBe("dsql-ops-n-code");
    expect(dashboardName("☃")).toBe("dsql-ops-fleet");
    for (const n of ["x".repeat(400), "a b/c", "ops"]) expect(dashboardName(n)).toMatch(DASHBOARD_NAME);
  });
});
