import { expect, test } from "@playwright/test";

/**
 * A restore in the browser, from the cluster's Backups tab to the new cluster's page, against the
 * emulator (time scale 60: a restore of the seeded cluster takes seconds).
 */

test("restores payments-eu into a new cluster, once, surviving a reload of the confirm step", async ({ page, request }) => {
  // Generous: the machine running e2e may be busy, and the first write opens the store.
  test.setTimeout(240_000);
  const testStartedAt = Date.now() - 60_000;
  await page.goto("/?region=eu-west-1");
  await page.getByRole("link", { name: "payments-eu" }).click();
  await expect(page.getByTestId("cluster-name")).toHaveText("payments-eu", { timeout: 30_000 });
  const clusterUrl = new URL(page.url());
  const sourceId = clusterUrl.pathname.split("/").pop()!;

  await page.getByRole("link", { name: "Backups", exact: true }).click();
  await expect(page).toHaveURL(/\/backups$/, { timeout: 30_000 });
  await expect(page.getByTestId("backup-health")).toContainText("Last good backup");
  await expect(page.getByTestId("recovery-point")).toHaveCount(35);
  await page.getByRole("link", { name: "Restore to a new cluster…" }).click();

  // 1. What a restore is, before anything else.
  const wizard = page.getByTestId("restore-wizard");
  await expect(wizard.getByRole("heading", { name: "A restore creates a new cluster" })).toBeVisible();
  await wizard.getByRole("button", { name: "Next" }).click();
  await expect(wizard.getByRole("alert")).toContainText("new cluster");
  await wizard.getByRole("checkbox").check();
  await wizard.getByRole("button", { name: "Next" }).click();

  // 2. The newest completed point is chosen already.
  await expect(wizard.getByRole("heading", { name: "Choose a recovery point" })).toBeVisible();
  await expect(wizard.getByRole("radio").first()).toBeChecked();
  await wizard.getByRole("button", { name: "Next" }).click();

  // 3. Options: a wrong-region key is refused before anything is sent.
  await wizard.getByLabel("KMS key for eu-west-1 (optional)").fill("arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d-1111-2222-3333-444455556666");
  await wizard.getByRole("button", { name: "Next" }).click();
  await expect(wizard.getByRole("alert").first()).toContainText("needs a key in eu-west-1");
  await wizard.getByLabel("KMS key for eu-west-1 (optional)").fill("");
  await wizard.getByRole("checkbox", { name: /Deletion protection/ }).uncheck();
  await wizard.getByLabel("Tag 1 value").fill("payments-eu-e2e");
  await wizard.getByRole("button", { name: "Next" }).click();

  // 4. Review, then the request is stored and its id goes into the URL.
  await expect(page.getByTestId("restore-review")).toContainText("payments-eu-e2e");
  await wizard.getByRole("button", { name: "Next" }).click();
  // The first write opens the dashboard's store (an embedded PGlite in local mode): slow once.
  await expect(page).toHaveURL(/\?request=[0-9a-f-]{36}$/, { timeout: 60_000 });
  await page.reload();
  await expect(wizard.getByRole("heading", { name: "Confirm the restore" })).toBeVisible();
  await expect(page.getByTestId("restore-review")).toContainText(/Deletion protection\s*off/);

  // 5. Confirm by typing the identifier; a double click still starts one restore.
  const start = wizard.getByRole("button", { name: "Start restore" });
  await wizard.getByLabel(/Type the source cluster/).fill("payments-eu");
  await expect(start).toBeDisabled();
  await wizard.getByLabel(/Type the source cluster/).fill(sourceId);
  await start.dblclick();
  await expect(page).toHaveURL(/\/restores\/123456789012\/eu-west-1\/[A-Za-z0-9-]+$/, { timeout: 60_000 });
  const jobId = new URL(page.url()).pathname.split("/").pop()!;

  // The restore page follows the job to the end.
  await expect(page.getByTestId("restore-progress")).toBeVisible();
  await expect(page.getByTestId("restore-completed")).toBeVisible({ timeout: 120_000 });
  const link = page.getByTestId("new-cluster-link");
  await expect(link).toContainText("payments-eu-e2e");

  // Exactly one restore job came of it (the scenario's drill restore of two days ago is older than this test).
  const list = await (await request.get("/api/restores")).json();
  const fromSource = list.jobs.filter((j: { sourceResourceArn?: string; createdAt: string }) => j.sourceResourceArn?.endsWith(sourceId) && Date.parse(j.createdAt) >= testStartedAt);
  expect(fromSource.map((j: { id: string }) => j.id)).toEqual([jobId]);
  expect(list.requests[jobId].requestedBy).toBe("local-operator");

  await link.click();
  await expect(page.getByTestId("cluster-name")).toHaveText("payments-eu-e2e", { timeout: 30_000 });
  const newId = new URL(page.url()).pathname.split("/").pop()!;
  expect(newId).not.toBe(sourceId);

  // Going back to the stored request shows the same job, not a new restore.
  const req = await (await request.get(`/api/restores/requests/${list.requests[jobId].id}`)).json();
  expect(req.request.restoreJobId).toBe(jobId);
});

test("the overview shows each cluster's last good backup and flags the stale one", async ({ page }) => {
  await page.goto("/?region=eu-west-1");
  const stale = page.getByTestId("fleet-row").filter({ hasText: "reporting-eu" });
  await expect(stale.getByTestId("backup-age")).toContainText("3 d");
  await expect(stale.getByTestId("backup-age")).toHaveAttribute("data-stale", "true");
  const fresh = page.getByTestId("fleet-row").filter({ hasText: "payments-eu" }).first();
  await expect(fresh.getByTestId("backup-age")).toHaveAttribute("data-stale", "false");
});

test("a failed on-demand backup of the IDLE cluster is explained on its Backups tab", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/?region=us-east-1");
  await page.getByRole("link", { name: "analytics-dev" }).click();
  await page.getByRole("link", { name: "Backups", exact: true }).click();
  await expect(page.getByTestId("backup-jobs")).toContainText("connect to the cluster once to wake it");
  await page.getByRole("button", { name: "Back up now" }).click();
  await expect(page.getByTestId("backup-job")).toContainText("FAILED", { timeout: 60_000 });
  await expect(page.getByTestId("backup-job")).toContainText("is in state 'IDLE'");
});
