import { expect, test, type Page } from "@playwright/test";

/** Index jobs in the browser: the fleet view, a cluster's Jobs tab, an index built to completion, a failed build dropped. */

// The first look at a cluster starts its emulated database (seconds, more on a busy machine).
test.describe.configure({ timeout: 150_000 });

async function openOrdersJobs(page: Page) {
  await page.goto("/jobs");
  const chip = page.getByTestId("jobs-cluster").filter({ hasText: "orders-prod" }).filter({ hasText: "us-east-1" });
  await chip.getByRole("link", { name: "orders-prod" }).click();
  await expect(page).toHaveURL(/\/clusters\/123456789012\/us-east-1\/[a-z0-9]{26}\/jobs$/);
  await expect(page.getByTestId("cluster-name")).toHaveText("orders-prod");
}

test("the fleet's jobs: the failed unique build's error, a filter in the URL, idle clusters left asleep", async ({ page }) => {
  await page.goto("/jobs");
  await expect(page.getByRole("heading", { name: "Jobs", exact: true })).toBeVisible();
  // Clusters still connecting when the page was rendered fill in on the next refreshes.
  await expect(page.locator('[data-testid="job-row"][data-status="failed"]').first()).toBeVisible({ timeout: 90_000 });
  await expect(page.getByText("Found duplicate key while validating index for UCVs").first()).toBeVisible();
  await expect(page.getByTestId("jobs-cluster").filter({ hasText: "analytics-dev" })).toContainText("not woken up");

  await page.getByRole("button", { name: /^Failed/ }).click();
  await expect(page).toHaveURL(/show=failed/);
  await expect(page.locator('[data-testid="job-row"]:not([data-status="failed"])')).toHaveCount(0);
  await expect(page.locator('[data-testid="job-row"][data-status="failed"]').first()).toBeVisible();
});

test("an operator creates an index and follows its job until the index is valid", async ({ page }) => {
  await openOrdersJobs(page);
  await expect(page.getByTestId("sql-health")).toContainText("dsql:DbConnectAdmin");

  const form = page.getByRole("form", { name: "Create an index" });
  await form.getByLabel("Table").selectOption("public.orders");
  await form.getByLabel("total_cents", { exact: true }).check();
  await form.getByLabel("created_at", { exact: true }).check();
  await form.getByLabel("Index name (optional)").fill("orders_total_created_idx");
  await form.getByRole("button", { name: "Create index (ASYNC)" }).click();

  await expect(page.getByTestId("index-submitted")).toContainText('CREATE INDEX ASYNC "orders_total_created_idx" ON "public"."orders" ("total_cents", "created_at")');
  const followed = page.getByTestId("followed-job");
  await expect(followed).toBeVisible();
  // The emulator runs 60 times faster in tests: the build takes about a second, then the next poll sees it.
  await expect(followed).toHaveAttribute("data-status", "completed", { timeout: 30_000 });
  await expect(followed.getByTestId("index-valid")).toContainText("public.orders_total_created_idx is valid");
  const row = page.locator('[data-testid="job-row"]').filter({ hasText: "orders_total_created_idx" }).first();
  await expect(row).toHaveAttribute("data-status", "completed");
});

test("a bad index request is refused with a message naming the problem", async ({ page }) => {
  await openOrdersJobs(page);
  const form = page.getByRole("form", { name: "Create an index" });
  await form.getByLabel("Table").selectOption("public.orders");
  await form.getByLabel("status", { exact: true }).check();
  await form.getByLabel("Index name (optional)").fill("orders_pkey");
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && /\/api\/clusters\/123456789012\/us-east-1\/[a-z0-9]{26}\/jobs$/.test(r.url())),
    form.getByRole("button", { name: "Create index (ASYNC)" }).click(),
  ]);
  expect(answer.status(), "a taken name is a conflict, not a server error").toBe(409);
  await expect(form.getByRole("alert")).toContainText("public.orders_pkey already exists");
  await form.getByLabel("Index name (optional)").fill("bad name!");
  await expect(page.getByText("Use letters, digits, _ and $")).toBeVisible();
  await expect(form.getByRole("button", { name: "Create index (ASYNC)" })).toBeDisabled();
});

test("the invalid index of a failed unique build is explained and dropped after confirmation", async ({ page }) => {
  await openOrdersJobs(page);
  const failed = page.locator('[data-testid="job-row"][data-status="failed"]').filter({ hasText: "customers_email_key" }).first();
  await expect(failed).toBeVisible();
  await expect(page.getByTestId("job-details").filter({ hasText: "customers_email_key" }).first()).toContainText("Drop it, remove the duplicates");

  await failed.getByRole("button", { name: "Drop invalid index" }).click();
  const dialog = page.getByTestId("drop-dialog");
  await expect(dialog).toContainText("DROP INDEX public.customers_email_key");
  await dialog.getByRole("button", { name: "Keep the index" }).click();
  await expect(dialog).toBeHidden();

  await failed.getByRole("button", { name: "Drop invalid index" }).click();
  await dialog.getByRole("button", { name: "Drop index" }).click();
  await expect(page.getByRole("status")).toContainText('Ran DROP INDEX "public"."customers_email_key"');
  await expect(page.getByTestId("job-details").filter({ hasText: "has since been dropped" }).first()).toBeVisible();
});

test("a foreign key's failed ALTER TABLE ASYNC … VALIDATE CONSTRAINT job shows its type, table, error and what to do", async ({ page }) => {
  await page.goto("/jobs");
  const chip = page.getByTestId("jobs-cluster").filter({ hasText: "catalog-apac" });
  await chip.getByRole("link", { name: "catalog-apac" }).click();
  await expect(page.getByTestId("cluster-name")).toHaveText("catalog-apac");
  const row = page.locator('[data-testid="job-row"]').filter({ hasText: "VALIDATE_CONSTRAINT" }).first();
  await expect(row).toHaveAttribute("data-status", "failed", { timeout: 90_000 });
  await expect(row).toContainText("public.product_reviews");
  const details = page.getByTestId("job-details").filter({ hasText: "product_reviews_product_id_fkey" });
  await expect(details).toContainText("violates foreign key constraint");
  await expect(details).toContainText("stays NOT VALID");
});
