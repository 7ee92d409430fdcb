import { expect, test } from "@playwright/test";

test("the overview lists the seeded clusters in every region and links to a cluster page", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("local-mode-badge")).toBeVisible();
  const rows = page.getByTestId("fleet-row");
  await expect(rows).toHaveCount(7);
  for (const region of ["us-east-1", "us-east-2", "eu-west-1", "ap-northeast-1"]) {
    await expect(page.getByRole("cell", { name: region, exact: true }).first()).toBeVisible();
  }
  await expect(page.getByText("witness us-west-2").first()).toBeVisible();

  await page.getByLabel("Region").selectOption("eu-west-1");
  await expect(page).toHaveURL(/region=eu-west-1/);
  await expect(rows).toHaveCount(2);

  await page.getByRole("link", { name: "payments-eu" }).click();
  await expect(page).toHaveURL(/\/clusters\/eu-west-1\/[a-z0-9]{26}$/);
  await expect(page.getByTestId("cluster-name")).toHaveText("payments-eu");
});

test("filtering by tag narrows the fleet, and the filter survives a reload", async ({ page }) => {
  await page.goto("/?q=team%3Ddata");
  await expect(page.getByTestId("fleet-row")).toHaveCount(2);
  await page.reload();
  await expect(page.getByLabel("Filter clusters")).toHaveValue("team=data");
});

test("an unknown cluster is a 404 page", async ({ page }) => {
  const r = await page.goto(`/clusters/us-east-1/${"z".repeat(26)}`);
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
