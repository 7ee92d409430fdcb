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

/** The fleet row of a cluster on the overview. */
const fleetRow = (page: import("@playwright/test").Page, name: string, region: string) =>
  page
    .getByTestId("fleet-row")
    .filter({ has: page.getByRole("cell", { name: region, exact: true }) })
    .filter({ has: page.getByRole("link", { name, exact: true }) });

test("the overview's Readiness column shows each cluster's score, the same as its Readiness tab", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("columnheader", { name: "Readiness" })).toBeVisible();
  // Every row gets a score or a dash; none stays pending.
  await expect(page.getByTestId("readiness-pending")).toHaveCount(0);
  const cell = fleetRow(page, "reporting-eu", "eu-west-1").getByTestId("readiness-cell");
  await expect(cell).toHaveText(/^\d+\/\d+$/);
  const [passed, applicable] = (await cell.innerText()).split("/");
  // Deletion protection is off and its backup is stale: failing checks show red.
  await expect(cell).toHaveClass(/bg-red-100/);
  await cell.click();
  await expect(page).toHaveURL(/\/readiness$/);
  await expect(page.getByTestId("readiness-score")).toContainText(`${passed} of ${applicable} checks pass`);
});

test("AWS Config's verdict stands beside deletion protection: staging's rule agrees, dev has no Config", async ({ page }) => {
  await openReadiness(page, "reporting-eu", "eu-west-1");
  const protection = page.getByTestId("readiness").locator('[data-check="deletionProtection"]');
  await expect(protection).toHaveAttribute("data-state", "fail");
  await expect(protection.getByTestId("second-opinion")).toHaveText("Second opinion, AWS Config: Rule dsql-cluster-deletion-protection-enabled: NON_COMPLIANT.");
  await expect(page.getByTestId("readiness").locator('[data-check="clusterQuota"]')).toContainText(/\d+ of 20 single-Region clusters/);

  await openReadiness(page, "analytics-dev", "us-east-1");
  await expect(page.getByTestId("readiness").locator('[data-check="deletionProtection"]').getByTestId("second-opinion")).toContainText("Not enabled here");
});
