import { CloudWatchClient, GetDashboardCommand } from "@aws-sdk/client-cloudwatch";
import { expect, test } from "@playwright/test";
import { emulatorClusters, emulatorEndpoint } from "./support/emulator";

// The cluster page renders its metrics on the server first: on a busy 2-core machine that takes a while.
const NAV = { timeout: 45_000 };

test("exports a cluster's CloudWatch dashboard: the preview first, a write, and a second write only once confirmed", async ({ page }) => {
  test.slow();
  const c = (await emulatorClusters()).find((x) => x.name === "payments-eu" && x.region === "eu-west-1")!;
  await page.goto(`/clusters/${c.account}/${c.region}/${c.identifier}`);
  const panel = page.getByTestId("dashboard-export");
  await expect(panel.getByRole("heading", { name: "Export to CloudWatch dashboard" })).toBeVisible(NAV);
  const name = panel.getByLabel("Dashboard name");
  await expect(name).toHaveValue("dsql-ops-payments-eu");

  // The JSON download is the body itself, as an attachment.
  const href = await panel.getByRole("link", { name: "Download JSON" }).getAttribute("href");
  const file = await page.request.get(href!);
  expect(file.headers()["content-disposition"]).toBe('attachment; filename="dsql-ops-payments-eu.json"');
  expect(((await file.json()) as { widgets: unknown[] }).widgets).toHaveLength(6);

  // Nothing to write before the preview.
  await expect(panel.getByRole("button", { name: "Write dashboard" })).toHaveCount(0);
  await panel.getByRole("button", { name: "Preview" }).click();
  const body = panel.getByTestId("dashboard-body");
  await expect(body).toContainText('"expression": "100 * occ / tx"');
  await expect(body).toContainText('"ClusterId"');
  await expect(body).toContainText(c.identifier);
  await expect(panel.getByLabel("Replace the existing dashboard")).toHaveCount(0);
  await panel.getByRole("button", { name: "Write dashboard" }).click();
  await expect(panel.getByRole("status").filter({ hasText: "Wrote the CloudWatch dashboard dsql-ops-payments-eu" })).toBeVisible();

  // CloudWatch has it.
  const cw = new CloudWatchClient({ region: "eu-west-1", endpoint: emulatorEndpoint(), credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 });
  const got = await cw.send(new GetDashboardCommand({ DashboardName: "dsql-ops-payments-eu" }));
  expect(JSON.parse(got.DashboardBody!).widgets).toHaveLength(6);

  // Another visit: the preview says it exists, and writing waits for the confirmation.
  await page.reload();
  await panel.getByRole("button", { name: "Preview" }).click(NAV);
  await expect(panel.getByRole("status").filter({ hasText: "already exists in this account" })).toBeVisible();
  const replace = panel.getByRole("button", { name: "Replace dashboard" });
  await expect(replace).toBeDisabled();
  await panel.getByLabel("Replace the existing dashboard").check();
  await expect(replace).toBeEnabled();
  await replace.click();
  await expect(panel.getByRole("status").filter({ hasText: "Replaced the CloudWatch dashboard dsql-ops-payments-eu" })).toBeVisible();

  // A name CloudWatch refuses is explained, and nothing is written.
  await name.fill("not a valid name");
  await panel.getByRole("button", { name: "Preview" }).click();
  await expect(panel.getByRole("alert")).toContainText("letters, digits, dashes or underscores");
});
