import { expect, test } from "@playwright/test";

test("the overview lists the seeded clusters in every region and links to a cluster page", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("local-mode-badge")).toBeVisible();
  const rows = page.getByTestId("fleet-row");
  // The scenario's seven clusters, and the copy a past restore drill left behind in staging.
  await expect(rows).toHaveCount(8);
  for (const region of ["us-east-1", "us-east-2", "eu-west-1", "ap-northeast-1"]) {
    await expect(page.getByRole("cell", { name: region, exact: true }).first()).toBeVisible();
  }
  await expect(page.getByText("witness us-west-2").first()).toBeVisible();

  await page.getByLabel("Region").selectOption("eu-west-1");
  await expect(page).toHaveURL(/region=eu-west-1/);
  await expect(rows).toHaveCount(3);

  await page.getByRole("link", { name: "payments-eu" }).click();
  await expect(page).toHaveURL(/\/clusters\/123456789012\/eu-west-1\/[a-z0-9]{26}$/);
  await expect(page.getByTestId("cluster-name")).toHaveText("payments-eu");
});

test("the overview spans the organisation's accounts: a column and a filter, and the account it could not read says why", async ({ page }) => {
  await page.goto("/");
  const rows = page.getByTestId("fleet-row");
  await expect(rows).toHaveCount(8);
  await expect(page.getByText(/8 clusters in 4 accounts/)).toBeVisible();
  const staging = rows.filter({ has: page.getByRole("link", { name: "reporting-eu", exact: true }) });
  await expect(staging).toContainText("staging");
  await expect(staging).toContainText("210987654321");
  // The sandbox account's role refuses the dashboard: one error for the account, not "0 clusters".
  const sandbox = page.getByRole("alert").filter({ hasText: "Could not list clusters in account sandbox (456789012345)" });
  await expect(sandbox).toHaveCount(1);
  await expect(sandbox).toContainText("sts:AssumeRole");

  await page.getByLabel("Account").selectOption("210987654321");
  await expect(page).toHaveURL(/account=210987654321/);
  await expect(rows).toHaveCount(3);
  await page.reload();
  await expect(rows).toHaveCount(3);
  await page.getByRole("link", { name: "reporting-eu", exact: true }).click();
  await expect(page).toHaveURL(/\/clusters\/210987654321\/eu-west-1\/[a-z0-9]{26}$/);
  await expect(page.getByTestId("cluster-name")).toHaveText("reporting-eu");
});

test("filtering by tag narrows the fleet, and the filter survives a reload", async ({ page }) => {
  await page.goto("/?q=team%3Ddata");
  await expect(page.getByTestId("fleet-row")).toHaveCount(2);
  await page.reload();
  await expect(page.getByLabel("Filter clusters")).toHaveValue("team=data");
});

test("an unknown cluster is a 404 page", async ({ page }) => {
  const r = await page.goto(`/clusters/123456789012/us-east-1/${"z".repeat(26)}`);
  expect(r?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});

test("the About page counts what watching the fleet costs in AWS calls", async ({ page }) => {
  await page.goto("/"); // the overview reads CloudWatch: at least one GetMetricData
  await page.getByRole("link", { name: "About", exact: true }).click();
  await expect(page).toHaveURL(/\/about$/);
  await expect(page.getByRole("heading", { name: "The cost of watching" })).toBeVisible();
  const gmd = page.locator('[data-testid="watch-cost-row"][data-api="GetMetricData"]');
  await expect(gmd).toContainText("cloudwatch");
  const count = Number((await gmd.locator("td").nth(2).innerText()).replace(/[^\d]/g, ""));
  expect(count).toBeGreaterThan(0);
  await expect(page.locator('[data-testid="watch-cost-row"][data-api="ListClusters"]')).toContainText("not billed per call");
  await expect(page.getByTestId("watch-cost-summary")).toContainText("Projected for 30 days");
});

test("every page that lists clusters names the account it could not read, once, and lists the other accounts' clusters", async ({ page }) => {
  const sandbox = "account sandbox (456789012345)";
  await page.goto("/triage");
  await expect(page.getByTestId("triage-region-error").filter({ hasText: sandbox })).toHaveCount(1);
  await expect(page.getByTestId("triage-cluster").filter({ hasText: "staging" }).first()).toBeVisible();
  await page.goto("/jobs");
  await expect(page.getByRole("alert").filter({ hasText: `Could not list the clusters of ${sandbox}` })).toHaveCount(1);
  await expect(page.getByTestId("jobs-cluster").filter({ hasText: "reporting-eu" })).toBeVisible();
  await page.goto("/restores");
  await expect(page.getByRole("alert").filter({ hasText: `Could not list the restore jobs of ${sandbox}` })).toHaveCount(1);
  await page.goto("/cost");
  await expect(page.getByRole("alert").filter({ hasText: `Could not read the costs of ${sandbox}` })).toHaveCount(1);
  await expect(page.getByTestId("cost-basis")).toContainText("8 of 8 clusters");
});
