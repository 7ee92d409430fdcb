import { expect, test } from "@playwright/test";

/** The Readiness tab: each check with its state, evidence and fix. */

async function openReadiness(page: import("@playwright/test").Page, name: string, region: string) {
  await page.goto("/");
  const row = page
    .getByTestId("fleet-row")
    .filter({ has: page.getByRole("cell", { name: region, exact: true }) })
    .filter({ has: page.getByRole("link", { name, exact: true }) });
  await page.goto((await row.getByRole("link", { name, exact: true }).getAttribute("href"))!);
  await page.getByRole("navigation", { name: "Cluster sections" }).getByRole("link", { name: "Readiness" }).click();
  await expect(page.getByTestId("readiness-score")).toContainText(/\d+ of \d+ checks pass/);
}

test("orders-prod's scorecard shows its VPC endpoint and policy passing, and the missing drill with its fix", async ({ page }) => {
  await openReadiness(page, "orders-prod", "us-east-1");
  const card = page.getByTestId("readiness");
  await expect(card.locator('[data-check="vpcEndpoint"]')).toHaveAttribute("data-state", "pass");
  await expect(card.locator('[data-check="vpcEndpoint"]')).toContainText(/available VPC endpoint for com\.amazonaws\.us-east-1\.dsql-/);
  await expect(card.locator('[data-check="policy"]')).toHaveAttribute("data-state", "pass");
  const drill = card.locator('[data-check="drill"]');
  await expect(drill).toHaveAttribute("data-state", "fail");
  await expect(drill).toContainText("Fix: Schedule a restore drill for the cluster");
});

test("payments-eu's impaired CDC stream is a failed check with AWS's reason", async ({ page }) => {
  await openReadiness(page, "payments-eu", "eu-west-1");
  const streams = page.getByTestId("readiness").locator('[data-check="streams"]');
  await expect(streams).toHaveAttribute("data-state", "fail");
  await expect(streams).toContainText("IMPAIRED: KINESIS_STREAM_NOT_FOUND");
  await expect(page.getByTestId("readiness").locator('[data-check="policy"]')).toContainText("accepts connections from anywhere");
});
