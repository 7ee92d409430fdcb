import { beforeEach, describe, expect, it } from "vitest";
import { Clock } from "../../clock";
import { AwsError } from "../../protocols/errors";
import { demoScenario } from "../../scenario/fleet";
import { HOUR_MS } from "../../scenario/metrics";
import { DsqlService } from "../dsql";
import { CloudWatchService } from ".";
import { validateDashboardBody } from "./dashboards";

let cw: CloudWatchService;
beforeEach(() => {
  const clock = new Clock(1);
  const anchor = Math.floor(clock.now() / HOUR_MS) * HOUR_MS;
  cw = new CloudWatchService(clock, new DsqlService(clock, demoScenario(), anchor), anchor);
});

const metric = (over: Record<string, unknown> = {}, props: Record<string, unknown> = {}) => ({
  type: "metric",
  x: 0,
  y: 0,
  width: 12,
  height: 6,
  properties: { region: "us-east-1", metrics: [["AWS/AuroraDSQL", "TotalDPU", "ClusterId", "abc", { stat: "Sum", period: 300 }]], ...props },
  ...over,
});
const body = (...widgets: unknown[]) => JSON.stringify({ widgets });
describe("dashboard body validation", () => {
  it("accepts metric, metric-math, text and alarm widgets on the grid", () => {
    const math = metric(
      { x: 12 },
      {
        metrics: [
          [{ expression: "100 * occ / tx", id: "rate" }],
          ["AWS/AuroraDSQL", "OccConflicts", "ClusterId", "abc", { id: "occ", visible: false }],
          [".", "TotalTransactions", ".", ".", { id: "tx", visible: false }],
        ],
        annotations: { horizontal: [{ value: 5, label: "5 %" }] },
      },
    );
    expect(
      validateDashboardBody(
        body(
          metric(),
          math,
          { type: "text", x: 0, y: 6, width: 24, height: 1, properties: { markdown: "# hi" } },
          { type: "alarm", properties: { alarms: ["arn:aws:cloudwatch:us-east-1:123456789012:alarm:a"] } },
        ),
      ),
    ).toEqual([]);
    expect(validateDashboardBody(JSON.stringify({ widgets: [] }))).toEqual([]);
  });

  it("lists each problem at its place", () => {
    expect(validateDashboardBody("not json")).toEqual([{ DataPath: "", Message: "The field DashboardBody must be a valid JSON object" }]);
    expect(validateDashboardBody("[]")).toEqual([{ DataPath: "", Message: "Should be object" }]);
    expect(validateDashboardBody("{}")).toEqual([{ DataPath: "", Message: "Should have required property 'widgets'" }]);
    const messages = validateDashboardBody(
      body(
        metric({ x: 20, width: 6 }),
        metric({ type: "chart", height: 0 }),
        metric({}, { region: undefined, metrics: [["AWS/AuroraDSQL"], ["A", "B", "C"], [3, "B"], [{ expression: "" }]] }),
        { type: "text", properties: {} },
        metric({ width: 1.5 }, { annotations: { horizontal: [{ label: "no value" }] }, period: 45 }),
      ),
    );
    expect(messages).toEqual([
      { DataPath: "/widgets/0/width", Message: "The widget does not fit the 24-column grid: x + width must be <= 24" },
      { DataPath: "/widgets/1/type", Message: "Should be equal to one of the allowed values: metric, text, alarm, log, explorer" },
      { DataPath: "/widgets/1/height", Message: "Should be >= 1" },
      { DataPath: "/widgets/2/properties", Message: "Should have required property 'region'" },
      { DataPath: "/widgets/2/properties/metrics/0", Message: "A metric needs at least a namespace and a metric name" },
      { DataPath: "/widgets/2/properties/metrics/1", Message: "Dimensions must come in name and value pairs" },
      { DataPath: "/widgets/2/properties/metrics/2/0", Message: 'Invalid metric field type, only "String" type is allowed' },
      { DataPath: "/widgets/2/properties/metrics/3/0/expression", Message: "Should be a non-empty string" },
      { DataPath: "/widgets/3/properties", Message: "Should have required property 'markdown'" },
      { DataPath: "/widgets/4/width", Message: "Should be integer" },
      { DataPath: "/widgets/4/properties/period", Message: "The period must be 1, 5, 10, 20, 30 or a multiple of 60 seconds" },
      { DataPath: "/widgets/4/properties/annotations/horizontal/0", Message: "Should have required property 'value'" },
    ]);
  });
});

describe("PutDashboard, GetDashboard, ListDashboards", () => {
  it("stores a dashboard per account and reads it back", async () => {
    expect(await cw.call("PutDashboard", { DashboardName: "ops-1", DashboardBody: body(metric()) }, "eu-west-1", "111111111111")).toEqual({ DashboardValidationMessages: [] });
    // Global: another Region of the same account sees it; another account does not.
    expect(await cw.call("GetDashboard", { DashboardName: "ops-1" }, "us-east-1", "111111111111")).toEqual({
      DashboardArn: "arn:aws:cloudwatch::111111111111:dashboard/ops-1",
      DashboardBody: body(metric()),
      DashboardName: "ops-1",
    });
    const missing = await cw.call("GetDashboard", { DashboardName: "ops-1" }, "us-east-1", "222222222222").catch((e: AwsError) => e);
    expect(missing).toMatchObject({ code: "ResourceNotFound", shape: "DashboardNotFoundError", status: 404, message: "Dashboard ops-1 does not exist" });
  });

  it("refuses a bad body with InvalidParameterInput and the messages, and a bad name", async () => {
    const put = (name: string, b: string) => cw.call("PutDashboard", { DashboardName: name, DashboardBody: b }, "us-east-1", "111111111111").catch((e: AwsError) => e);
    const bad = (await put("x", body(metric({ width: 30 }), { type: "text" }))) as AwsError;
    expect(bad).toBeInstanceOf(AwsError);
    expect(bad).toMatchObject({ code: "InvalidParameterInput", shape: "DashboardInvalidInputError", status: 400 });
    expect(bad.fields.dashboardValidationMessages).toEqual([
      { DataPath: "/widgets/0/width", Message: "Should be <= 24" },
      { DataPath: "/widgets/1", Message: "Should have required property 'properties'" },
    ]);
    expect(bad.message).toBe(
      'The dashboard body is invalid, there are 2 validation errors: [{"dataPath":"/widgets/0/width","message":"Should be <= 24"},{"dataPath":"/widgets/1","message":"Should have required property \'properties\'"}]',
    );
    // Nothing was written.
    await expect(cw.call("GetDashboard", { DashboardName: "x" }, "us-east-1", "111111111111")).rejects.toMatchObject({ code: "ResourceNotFound" });
    expect(await put("has space", body())).toMatchObject({ code: "InvalidParameterInput", message: expect.stringMatching(/DashboardName contains invalid characters/) });
    expect(await put("a".repeat(256), body())).toMatchObject({ code: "InvalidParameterInput", message: expect.stringMatching(/at most 255/) });
    expect(await put("ok", undefined as unknown as string)).toMatchObject({ code: "MissingParameter" });
  });

  it("pages ListDashboards by 1000 and filters by prefix", async () => {
    for (let i = 0; i < 1005; i++) await cw.call("PutDashboard", { DashboardName: `d-${String(i).padStart(4, "0")}`, DashboardBody: body() }, "us-east-1", "111111111111");
    await cw.call("PutDashboard", { DashboardName: "other", DashboardBody: body() }, "us-east-1", "111111111111");
    type Listing = { DashboardEntries: { DashboardName: string; Size: number; LastModified: Date; DashboardArn: string }[]; NextToken?: string };
    const first = (await cw.call("ListDashboards", { DashboardNamePrefix: "d-" }, "us-east-1", "111111111111")) as Listing;
    expect(first.DashboardEntries).toHaveLength(1000);
    expect(first.DashboardEntries[0]).toMatchObject({ DashboardName: "d-0000", Size: body().length, DashboardArn: "arn:aws:cloudwatch::111111111111:dashboard/d-0000" });
    expect(first.DashboardEntries[0].LastModified).toBeInstanceOf(Date);
    const second = (await cw.call("ListDashboards", { DashboardNamePrefix: "d-", NextToken: first.NextToken }, "us-east-1", "111111111111")) as Listing;
    expect(second.DashboardEntries.map((d) => d.DashboardName)).toEqual(["d-1000", "d-1001", "d-1002", "d-1003", "d-1004"]);
    expect(second.NextToken).toBeUndefined();
    // A token belongs to its listing.
    await expect(cw.call("ListDashboards", { DashboardNamePrefix: "o", NextToken: first.NextToken }, "us-east-1", "111111111111")).rejects.toMatchObject({ code: "InvalidNextToken" });
  });
});
