import { describe, expect, it } from "vitest";
import { AwsQueryProtocol } from "@aws-sdk/core/protocols";
import { CloudWatchClient, DashboardInvalidInputError, GetDashboardCommand, ListDashboardsCommand, PutDashboardCommand, type CloudWatchClientConfig } from "@aws-sdk/client-cloudwatch";
import { emulatorForLib, seededCluster } from "./emulator";

/** Export to a CloudWatch dashboard through its route against the emulator, read back with the SDK. */

const emulator = emulatorForLib("dashboards");

const origin = "http://127.0.0.1:3000";
const ctx = { params: Promise.resolve({}) };
const post = (body: unknown, headers: Record<string, string> = { origin }) =>
  new Request(`${origin}/api/dashboards`, { method: "POST", headers: { "content-type": "application/json", host: "127.0.0.1:3000", ...headers }, body: JSON.stringify(body) });
const get = (q: Record<string, string>) => new Request(`${origin}/api/dashboards?${new URLSearchParams(q)}`);
const cloudWatch = (region = "us-east-1") => new CloudWatchClient(emulator().clientConfig(region));

type Widget = {
  type: string;
  x: number;
  y: number;
  width: number;
  height: number;
  properties: { title?: string; region?: string; metrics?: unknown[][]; annotations?: { horizontal: { value: number }[] }; stacked?: boolean };
};
const chart = (widgets: Widget[], title: string) => widgets.find((w) => w.properties.title?.endsWith(title))!;

describe("export to a CloudWatch dashboard", () => {
  it("previews, writes, reads back with GetDashboard, and does not replace without overwrite", async () => {
    const { GET, POST } = await import("@/app/api/dashboards/route");
    const { listAudit } = await import("@/lib/audit");
    const orders = seededCluster(emulator(), "orders-prod", "us-east-1");
    const where = { account: orders.account, region: orders.region, cluster: orders.identifier };

    const preview = await GET(get(where), ctx);
    expect(preview.status).toBe(200);
    const p = (await preview.json()) as { name: string; exists: boolean; clusters: number; body: { widgets: Widget[] } };
    expect([p.name, p.exists, p.clusters, p.body.widgets.length]).toEqual(["dsql-ops-orders-prod", false, 1, 6]);

    const written = await POST(post({ ...where, name: p.name }), ctx);
    expect(written.status).toBe(200);
    expect(await written.json()).toMatchObject({ name: "dsql-ops-orders-prod", arn: `arn:aws:cloudwatch::${orders.account}:dashboard/dsql-ops-orders-prod`, replaced: false });

    // Read back as CloudWatch keeps it.
    const got = await cloudWatch("eu-west-1").send(new GetDashboardCommand({ DashboardName: "dsql-ops-orders-prod" }));
    expect(got.DashboardArn).toBe(`arn:aws:cloudwatch::${orders.account}:dashboard/dsql-ops-orders-prod`);
    const { widgets } = JSON.parse(got.DashboardBody!) as { widgets: Widget[] };
    expect(widgets).toEqual(p.body.widgets);
    expect(widgets.map((w) => w.type)).toEqual(["text", "metric", "metric", "metric", "metric", "metric"]);
    expect(widgets.every((w) => w.x + w.width <= 24)).toBe(true);
    expect(widgets.filter((w) => w.type === "metric").every((w) => w.properties.region === "us-east-1")).toBe(true);
    const dpu = chart(widgets, "DPU by kind");
    expect(dpu.properties.stacked).toBe(true);
    expect(dpu.properties.metrics!.map((m) => m.slice(0, 4))).toEqual(
      ["ReadDPU", "WriteDPU", "ComputeDPU", "MultiRegionWriteDPU", "TotalDPU"].map((n) => ["AWS/AuroraDSQL", n, "ClusterId", orders.identifier]),
    );
    const occ = chart(widgets, "OCC conflict rate (%)");
    expect(occ.properties.metrics![0]).toEqual([expect.objectContaining({ expression: "100 * occ / tx", id: "rate" })]);
    expect(occ.properties.annotations!.horizontal[0].value).toBe(5);
    expect(chart(widgets, "connections").properties.metrics![0].slice(0, 2)).toEqual(["AWS/Usage", "ResourceCount"]);

    // Now the preview knows it exists, and a second write without overwrite is refused.
    expect(((await (await GET(get(where), ctx)).json()) as { exists: boolean }).exists).toBe(true);
    const again = await POST(post({ ...where, name: p.name }), ctx);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: string }).error).toMatch(/already exists.*confirm to replace it/);
    const replaced = await POST(post({ ...where, name: p.name, overwrite: true }), ctx);
    expect(replaced.status).toBe(200);
    expect(((await replaced.json()) as { replaced: boolean }).replaced).toBe(true);

    const audited = await listAudit({ action: "dashboard.put" });
    expect(audited.map((e) => [e.target, e.result])).toEqual(
      expect.arrayContaining([
        [`${orders.account}/dsql-ops-orders-prod`, "ok"],
        [`${orders.account}/dsql-ops-orders-prod`, "failed"],
      ]),
    );
    // No Origin: refused before anything is read.
    expect((await POST(post({ ...where, name: "sneaky" }, {}), ctx)).status).toBe(403);
    const listed = await cloudWatch().send(new ListDashboardsCommand({ DashboardNamePrefix: "sneaky" }));
    expect(listed.DashboardEntries).toEqual([]);
  });

  it("exports a tag-filtered fleet across the account's Regions, and downloads the body as a file", async () => {
    const { GET, POST } = await import("@/app/api/dashboards/route");
    const orders = seededCluster(emulator(), "orders-prod", "us-east-1");
    const where = { account: orders.account, region: "us-east-1", tag: "team:commerce" };
    const file = await GET(get({ ...where, download: "1" }), ctx);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toBe('attachment; filename="dsql-ops-team-commerce.json"');
    const body = JSON.parse(await file.text()) as { widgets: Widget[] };
    // orders-prod in us-east-1 and us-east-2, and catalog-apac.
    expect(body.widgets.filter((w) => w.type === "text")).toHaveLength(3);
    expect(new Set(body.widgets.map((w) => w.properties.region).filter(Boolean))).toEqual(new Set(["us-east-1", "us-east-2", "ap-northeast-1"]));

    expect((await POST(post({ ...where, name: "commerce" }), ctx)).status).toBe(200);
    const got = await cloudWatch().send(new GetDashboardCommand({ DashboardName: "commerce" }));
    expect(JSON.parse(got.DashboardBody!)).toEqual(body);

    const bad = async (q: Record<string, string>) => {
      const r = await GET(get(q), ctx);
      return [r.status, ((await r.json()) as { error: string }).error];
    };
    expect(await bad({ ...where, tag: "team:nobody" })).toEqual([404, expect.stringMatching(/tagged team = nobody/)]);
    expect(await bad({ ...where, cluster: orders.identifier })).toEqual([400, expect.stringMatching(/either a cluster or a tag/)]);
    expect(await bad({ ...where, tag: "team" })).toEqual([400, expect.stringMatching(/key:value/)]);
    expect(await bad({ ...where, name: "no spaces allowed" })).toEqual([400, expect.stringMatching(/letters, digits/)]);
  });

  it("refuses a bad body sent through the SDK with DashboardInvalidInputError and its messages, on JSON 1.0 and Query alike", async () => {
    const badBody = JSON.stringify({ widgets: [{ type: "metric", x: 18, width: 12, properties: { metrics: [["AWS/AuroraDSQL", "TotalDPU", "ClusterId"]] } }] });
    const expected = [
      { DataPath: "/widgets/0/width", Message: "The widget does not fit the 24-column grid: x + width must be <= 24" },
      { DataPath: "/widgets/0/properties", Message: "Should have required property 'region'" },
      { DataPath: "/widgets/0/properties/metrics/0", Message: "Dimensions must come in name and value pairs" },
    ];
    const queryClient = new CloudWatchClient({
      ...emulator().clientConfig("us-east-1"),
      protocol: AwsQueryProtocol,
      protocolSettings: {
        defaultNamespace: "com.amazonaws.cloudwatch",
        xmlNamespace: "http://monitoring.amazonaws.com/doc/2010-08-01/",
        version: "2010-08-01",
        serviceTarget: "GraniteServiceVersion20100801",
      },
    } as CloudWatchClientConfig);
    for (const client of [cloudWatch(), queryClient]) {
      const err = await client.send(new PutDashboardCommand({ DashboardName: "bad", DashboardBody: badBody })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DashboardInvalidInputError);
      const e = err as DashboardInvalidInputError & { Code?: string };
      expect(e.Code).toBe("InvalidParameterInput");
      expect(e.$metadata.httpStatusCode).toBe(400);
      expect(e.message).toMatch(/^The dashboard body is invalid, there are 3 validation errors: /);
      expect(e.dashboardValidationMessages).toEqual(expected);
    }
    // lib/ turns the refusal into a 400 that names each problem.
    const { putDashboard } = await import("@/lib/metrics/dashboards");
    const refused = await putDashboard({ account: "123456789012", region: "us-east-1" }, "bad-lib", JSON.parse(badBody), { overwrite: false }).catch((e: unknown) => e);
    expect(refused).toMatchObject({
      status: 400,
      message: expect.stringMatching(/^CloudWatch refused the dashboard: \/widgets\/0\/width: The widget does not fit.*; \/widgets\/0\/properties: Should have required property 'region'/),
    });
    await expect(cloudWatch().send(new GetDashboardCommand({ DashboardName: "bad" }))).rejects.toMatchObject({ name: "ResourceNotFound", $metadata: { httpStatusCode: 404 } });
  });
});
