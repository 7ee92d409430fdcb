import { expect, test } from "@playwright/test";

/**
 * A restore drill in the browser: scheduled and started from catalog-apac's Backups tab, followed
 * live to its verdict (the runner ticks every 2 s, the emulator restores 60x faster), then on the
 * Drills page with its figures, next to the verdicts the scenario left in AWS Backup.
 */

test("schedules a drill, runs one now to a passed verdict, and shows it on the Drills page", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto("/?region=ap-northeast-1");
  await page.getByRole("link", { name: "catalog-apac", exact: true }).click();
  await expect(page.getByTestId("cluster-name")).toHaveText("catalog-apac", { timeout: 30_000 });
  await page.getByRole("link", { name: "Backups", exact: true }).click();
  await expect(page).toHaveURL(/\/backups$/, { timeout: 30_000 });

  const drills = page.getByTestId("cluster-drills");
  await expect(drills.getByTestId("drill-schedule")).toContainText("No drill schedule");
  await drills.getByLabel("Cadence").selectOption("weekly");
  await drills.getByLabel("keep a canary table").check();
  await drills.getByRole("button", { name: "Schedule drills" }).click();
  await expect(drills.getByTestId("drill-schedule")).toContainText(/Drilled weekly with a canary; next run .* \(set by /);

  // Nothing starts without the confirmation.
  await drills.getByRole("button", { name: "Run a drill now…" }).click();
  await expect(drills.getByText("Restore catalog-apac into a new cluster now, check it and delete it?")).toBeVisible();
  await drills.getByRole("button", { name: "Cancel" }).click();
  await expect(drills.getByTestId("drill-row")).toHaveCount(0);
  await drills.getByRole("button", { name: "Run a drill now…" }).click();
  await drills.getByRole("button", { name: "Start the drill" }).click();

  const row = drills.getByTestId("drill-row").first();
  await expect(row).toBeVisible();
  // While it runs the button cannot start a second one.
  await expect(drills.getByRole("button", { name: "Drill under way…" })).toBeDisabled();
  await expect(row.getByTestId("drill-verdict")).toHaveText("passed", { timeout: 180_000 });
  await expect(row).toContainText("tables pass: All");
  await expect(row).toContainText("Reported to AWS Backup");
  // Then the copy is deleted and the figures are complete.
  await expect(drills.getByRole("button", { name: "Run a drill now…" })).toBeEnabled({ timeout: 60_000 });
  // RTO, RPO, restore time (seconds here: the emulator runs 60x faster) and the cost estimate.
  await expect(row.getByRole("cell").nth(2)).toHaveText(/^\d+(\.\d)? (s|min)$/);
  await expect(row.getByRole("cell").nth(3)).toHaveText(/^\d+\.\d h$/);
  await expect(row.getByRole("cell").nth(5)).toHaveText(/^\$\d/);

  await page.getByRole("link", { name: "Drills", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Restore drills" })).toBeVisible();
  await expect(page.getByTestId("drill-schedules")).toContainText("catalog-apac");
  await expect(page.getByTestId("drills").getByTestId("drill-row").first()).toContainText("catalog-apac");
  await expect(page.getByTestId("drill-rto-chart")).toBeVisible();
  await expect(page.getByText("No drill copy is left behind.")).toBeVisible();
  // AWS Backup's verdicts: the scenario's failed drill of payments-eu, and the one just run.
  const reported = page.getByTestId("drill-reported");
  await expect(reported.getByRole("row").filter({ hasText: "FAILED" })).toContainText("Failed: canary");
  await expect(reported.getByRole("row").filter({ hasText: "SUCCESSFUL" }).first()).toBeVisible();
});
