import { expect, test } from "@playwright/test";

/** The Insights tab: Database Insights' active sessions for a cluster, from CloudWatch PromQL (the emulator's scenario). */

test("orders-prod's Insights tab shows its waits, top statements and applications", async ({ page }) => {
  await page.goto("/");
  const row = page
    .getByTestId("fleet-row")
    .filter({ has: page.getByRole("cell", { name: "us-east-1", exact: true }) })
    .filter({ has: page.getByRole("link", { name: "orders-prod", exact: true }) });
  await page.goto((await row.getByRole("link", { name: "orders-prod", exact: true }).getAttribute("href"))!);
  await page.getByRole("navigation", { name: "Cluster sections" }).getByRole("link", { name: "Insights" }).click();
  await expect(page).toHaveURL(/\/insights/);

  // The chart is stacked by wait event; the OCC incident makes commit waits lead.
  const waits = page.getByTestId("insights-waits");
  await expect(waits).toContainText(/Waits by load: Commit, /);
  await expect(waits).toContainText("SequentialScanRead");
  await expect(waits.locator(".recharts-area").first()).toBeVisible();

  const statements = page.getByTestId("insights-top-statement");
  await expect(statements.getByRole("row").nth(1)).toContainText("COMMIT");
  await expect(statements).toContainText("FROM orders WHERE status = $1");
  await expect(page.getByTestId("insights-top-app")).toContainText("checkout-api");
  await expect(page.getByTestId("insights-top-role")).toContainText("orders-app");
  await expect(page.getByTestId("insights-query-timeouts")).toContainText(/\d/);

  // OCC contention over the last 3 hours, which the incident fills most of (over the day it averages out):
  // the rate above the threshold, who waits in COMMIT, and the retries' estimated cost in dollars.
  await page.goto(`${page.url().split("?")[0]}?range=3h`);
  const contention = page.getByTestId("insights-contention");
  await expect(contention.getByTestId("occ-badge")).toHaveAttribute("data-state", "alarm");
  await expect(contention.getByTestId("insights-occ-rate")).toContainText(/[\d,]+ conflicts in [\d,]+ transactions/);
  await expect(contention.getByRole("row").nth(1)).toContainText("checkout-api");
  await expect(contention.getByTestId("insights-retry-dpu")).toContainText(/≈ [\d,]+ DPU · ≈ \$\d/);
});

test("payments-eu's Insights tab shows billing-worker's leaked transactions with their estimated cost", async ({ page }) => {
  await page.goto("/");
  const link = page.getByTestId("fleet-row").getByRole("link", { name: "payments-eu", exact: true });
  await page.goto(`${(await link.getAttribute("href"))!}/insights?range=1h`);
  const leaks = page.getByTestId("insights-leaks");
  await expect(leaks.getByRole("row").nth(1)).toContainText("billing-worker");
  await expect(leaks.getByRole("row").nth(1)).toContainText("≈");
  await expect(leaks).toContainText("the model is ours, not an AWS rate");
  // The statements query scans ledger_entries for want of an index: the advisor names the build.
  await expect(page.getByTestId("insights-suggestions")).toContainText("CREATE INDEX ASYNC ledger_entries_account_idx ON public.ledger_entries (account)");

  // The suggestion opens the Jobs tab's form with that index filled in; the operator submits it there.
  await page.getByTestId("insights-suggestions").locator("li").filter({ hasText: "ledger_entries" }).getByTestId("suggestion-submit").click();
  await expect(page).toHaveURL(/\/jobs\?table=public\.ledger_entries&columns=account#new-index$/);
  const form = page.getByRole("form", { name: "Create an index" });
  await expect(form.getByLabel("Table")).toHaveValue("public.ledger_entries");
  await expect(form.getByRole("checkbox", { name: /^account\b/ })).toBeChecked();
  await form.getByRole("button", { name: "Create index (ASYNC)" }).click();
  await expect(page.getByTestId("index-submitted")).toContainText("CREATE INDEX ASYNC");
  await expect(page.getByTestId("index-submitted")).toContainText("ledger_entries");
});

test("triage flags payments-eu's leaked transactions, with who holds them and the runbook", async ({ page }) => {
  await page.goto("/triage");
  const leak = page.locator('[data-testid="triage-cluster"][data-cluster="eu-west-1/payments-eu"] [data-testid="triage-signal"][data-kind="leakedTx"]');
  await expect(leak).toHaveAttribute("data-severity", "warning");
  await expect(leak).toContainText(/sessions idle in open transactions \(billing-worker\)/);
  await expect(leak).toContainText("billing-worker as billing");
  await expect(leak).toContainText("Runbook: Sessions sit idle inside open transactions");
  // The signal leads to where it is looked into: the cluster's Insights over the last hour.
  await leak.getByTestId("signal-look").click();
  await expect(page).toHaveURL(/\/clusters\/\d{12}\/eu-west-1\/[a-z0-9]+\/insights\?range=1h$/);
  await expect(page.getByTestId("insights-leaks").getByRole("row").nth(1)).toContainText("billing-worker");
});

test("the fleet Insights page ranks clusters by load, keeps its range in the URL, and links to each cluster's tab", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("navigation").getByRole("link", { name: "Insights", exact: true }).click();
  await expect(page).toHaveURL(/\/insights$/);
  await expect(page.getByRole("heading", { name: "Insights", level: 1 })).toBeVisible();
  const waits = page.getByTestId("fleet-insights-waits");
  await expect(waits).toContainText(/in \d+ clusters/);
  await expect(waits.locator(".recharts-area").first()).toBeVisible();

  // The range is in the URL, so the view can be shared; the cluster links carry it on.
  await page.goto("/insights?range=3h");
  const rows = page.getByTestId("fleet-insights-row");
  await expect(rows.first()).toBeVisible();
  const loads = (await rows.locator("td:nth-child(4)").allTextContents()).map(Number);
  expect(loads.length).toBeGreaterThan(5);
  expect(loads).toEqual([...loads].sort((a, b) => b - a));
  // payments-eu's leak is flagged in its row; the top lists name the statements' clusters.
  await expect(page.locator('[data-testid="fleet-insights-row"][data-cluster="payments-eu"] td').nth(7)).toHaveText(/^\d\.\d\d$/);
  await expect(page.getByTestId("insights-top-statement")).toContainText("on orders-prod in us-east-1");
  await expect(page.getByTestId("insights-top-app")).toContainText("billing-worker");
  await expect(page.getByTestId("fleet-insights-cost")).toContainText(/\d+ PromQL calls? for this view \(\d+ the fewest/);

  await page.locator('[data-testid="fleet-insights-row"][data-cluster="orders-prod"]').first().getByRole("link").click();
  await expect(page).toHaveURL(/\/clusters\/\d{12}\/[a-z0-9-]+\/[a-z0-9]+\/insights\?range=3h$/);
  await expect(page.getByTestId("insights-top-statement")).toBeVisible();
});
