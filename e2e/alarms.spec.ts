import { expect, test } from "@playwright/test";

/** The fleet's alarm sets: preview for a tag, apply after confirming, and a second run creates nothing. */

test("an operator previews the recommended alarm set for a tag, applies it, and a second run keeps everything", async ({ page }) => {
  test.slow();
  await page.goto("/");
  await page.getByRole("navigation").getByRole("link", { name: "Alarms" }).click();
  await expect(page.getByRole("heading", { name: "Alarm sets" })).toBeVisible();
  const set = page.getByTestId("alarm-set");
  await set.getByLabel("Tag").selectOption("team=search");
  await expect(set.getByLabel("Topic")).toHaveValue("dsql-ops-oncall");
  await set.getByRole("button", { name: "Preview" }).click();
  const summary = set.getByTestId("alarm-set-summary");
  await expect(summary).toHaveText("Would 5 to create, 0 to update, 0 kept as they are, over 1 cluster tagged team = search.");
  const plan = set.getByTestId("alarm-set-plan");
  await expect(plan.locator('tr[data-action="create"]')).toHaveCount(5);
  await expect(plan).toContainText("search-staging (ap-northeast-1, staging)");
  await expect(plan).toContainText(/dsql-ops-cluster-unhealthy-[a-z0-9]{26}/);
  await expect(plan).toContainText("notifies dsql-ops-oncall on ALARM and OK");

  // Nothing is written without a confirmation.
  await set.getByRole("button", { name: "Apply the set" }).click();
  await expect(set.getByText("Write 5 alarms in CloudWatch?")).toBeVisible();
  await set.getByRole("button", { name: "Yes, apply" }).click();
  await expect(summary).toHaveText("Applied: 5 to create, 0 to update, 0 kept as they are, over 1 cluster tagged team = search.");

  await set.getByRole("button", { name: "Preview" }).click();
  await expect(summary).toHaveText("Would 0 to create, 0 to update, 5 kept as they are, over 1 cluster tagged team = search.");
  await expect(set.getByRole("button", { name: "Apply the set" })).toHaveCount(0);

  // The audit log has the application.
  await page.goto("/audit");
  await expect(page.getByRole("cell", { name: "alarmSet.apply" }).first()).toBeVisible();
});

test("a topic no account has blocks every cluster, with the reason", async ({ page }) => {
  await page.goto("/alarms");
  const set = page.getByTestId("alarm-set");
  await set.getByLabel("Tag").selectOption("team=payments");
  await set.getByLabel("Topic").fill("no-such-topic");
  await set.getByRole("button", { name: "Preview" }).click();
  await expect(set.getByTestId("alarm-set-plan")).toContainText("No SNS topic named no-such-topic in account prod (123456789012), eu-west-1");
  await expect(set.getByRole("button", { name: "Apply the set" })).toHaveCount(0);
});
