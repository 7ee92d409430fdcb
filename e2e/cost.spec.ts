import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { clearFaults, setFaults } from "./support/emulator";
import { pdfPageCount, pdfText } from "./support/pdf-text";

/** The cost review: periods in the URL, tag grouping and filtering, the CSV download and the printed page. */

const monthOf = (t: number) => new Date(t).toISOString().slice(0, 7);
const thisMonth = () => monthOf(Date.now());
const lastMonth = () => {
  const d = new Date();
  return monthOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1));
};
const squash = (s: string) => s.replace(/\s+/g, "");

test("reviews this month against the same span of the last, with the forecast, chart, kinds, movers and every Region priced", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("navigation").getByRole("link", { name: "Cost" }).click();
  await expect(page).toHaveURL(/\/cost$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/Cost review · \w+ \d{4} to date/);
  await expect(page.getByTestId("cost-basis")).toContainText("same span");

  await expect(page.getByTestId("cost-total")).toContainText(/\$\d+\.\d\d/);
  await expect(page.getByTestId("cost-change")).toContainText(/[+−]\$\d+\.\d\d|\$0\.00/);
  const forecast = page.getByTestId("cost-forecast");
  await expect(forecast).toContainText(/\$\d+\.\d\d/);
  await expect(forecast).toContainText("Assumes the DPU rate of the last");

  await expect(page.getByTestId("cost-daily-chart").locator("svg.recharts-surface")).toBeVisible();
  await expect(page.getByTestId("cost-daily-chart").locator(".recharts-bar-rectangle").first()).toBeAttached();
  for (const kind of ["Read DPU", "Write DPU", "Compute DPU", "Multi-Region write DPU", "Storage"])
    await expect(page.getByTestId("cost-by-kind").getByRole("rowheader", { name: kind, exact: true })).toBeVisible();
  await expect(page.getByTestId("cost-movers").getByRole("rowheader").first()).toBeVisible();

  // Every demo Region is priced from the Price List API (a Region without a price is covered by the
  // cost review's unit tests and the prices integration test): eu-west-1 at its own rate, not us-east-1's.
  await expect(page.getByTestId("cost-unpriced")).toHaveCount(0);
  await expect(page.getByTestId("cost-prices")).toContainText("eu-west-1 $8.8 per million DPU, $0.36 per GB-month (AWS Price List API");
  const payments = page.getByTestId("cost-by-cluster").locator('tr[data-cluster="eu-west-1/payments-eu"]');
  await expect(payments).toContainText("$");
  await expect(payments).not.toContainText("no price");
  await expect(page.getByTestId("cost-by-cluster").locator("tbody tr")).toHaveCount(8);
});

test("a chosen month is in the URL and is compared with the whole month before", async ({ page }) => {
  await page.goto("/cost");
  await page.getByLabel("Month", { exact: true }).fill(lastMonth());
  await page.getByRole("form", { name: "Choose a month" }).getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]month=${lastMonth()}`));
  await expect(page.getByRole("heading", { level: 1 })).not.toContainText("to date");
  await expect(page.getByTestId("cost-forecast")).toContainText("The month is over");

  // A custom span of days.
  await page.goto(`/cost?from=${thisMonth()}-01&to=${thisMonth()}-02`);
  await expect(page.getByTestId("cost-basis")).toContainText("2 days against the 2 days before");

  // Bad input says which field, and the page still offers the controls.
  await page.goto("/cost?month=2026-13");
  await expect(page.getByRole("alert").filter({ hasText: "cannot be shown" })).toContainText('Invalid query field "month"');
  await expect(page.getByLabel("Month", { exact: true })).toBeVisible();
});

test("groups by a tag and filters to one tag value", async ({ page }) => {
  await page.goto("/cost");
  await page.getByLabel("Group by").selectOption("team");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/groupBy=team/);
  const groups = page.getByTestId("cost-by-group");
  for (const team of ["commerce", "data", "payments", "search"]) await expect(groups.getByRole("rowheader", { name: team })).toBeVisible();
  // Each group's part of the bill, from its clusters' parts.
  await expect(
    groups
      .locator("tr")
      .filter({ has: page.getByRole("rowheader", { name: "commerce" }) })
      .getByTestId("group-billed"),
  ).toContainText(/\$\d/);

  // A group's name filters to it.
  await groups.getByRole("link", { name: "commerce" }).click();
  await expect(page).toHaveURL(/tag=team%3Acommerce/);
  await expect(page.getByTestId("cost-basis")).toContainText("tagged team: commerce");
  const rows = page.getByTestId("cost-by-cluster").locator("tbody tr");
  await expect(rows).toHaveCount(3);
  await expect(page.getByTestId("cost-by-cluster")).not.toContainText("reporting-eu");
});

test("exports the review as CSV", async ({ page }) => {
  // A month that is over: its figures do not move between the page and the download.
  await page.goto(`/cost?month=${lastMonth()}&groupBy=team`);
  const total = (await page.getByTestId("cost-total").locator(".cost-figure").textContent())!.replace(/[$,]/g, "");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("cost-csv").click()]);
  expect(download.suggestedFilename()).toBe(`dsql-cost-${lastMonth()}.csv`);
  const lines = readFileSync((await download.path())!, "utf8")
    .trimEnd()
    .split("\r\n");
  // Each cluster's part of the bill and its basis are the last columns (the bill runs a day or two behind).
  expect(lines[0]).toMatch(
    /^period,account_id,region,cluster_id,name,tag:team,read_dpu,.*,total_usd,previous_total_usd,delta_usd,share_of_change_pct,price,billed_usd_through_\d{4}-\d\d-\d\d,billed_basis$/,
  );
  expect(lines).toHaveLength(1 + 8 + 1);
  const header = lines[0].split(",");
  const totalRow = lines.at(-1)!.split(",");
  expect(totalRow[2]).toBe("TOTAL (priced regions)");
  // Each cluster names its account: the staging cluster too.
  expect(lines.find((l) => l.includes(",reporting-eu,"))).toContain(",210987654321,eu-west-1,");
  expect(totalRow[header.indexOf("total_usd")]).toBe(total);
  // Every demo Region is priced (Price List API): each cluster's line is in the totals.
  expect(lines.find((l) => l.includes(",payments-eu,"))).toMatch(/,known,\d+\.\d\d,(resource|mixed|allocated)$/);
  expect(lines.slice(1, -1).every((l) => /,known,\d+\.\d\d,(resource|mixed|allocated)$/.test(l))).toBe(true);
  const billed = lines.slice(1, -1).reduce((s, l) => s + Number(l.split(",").at(-2)), 0);
  expect(Number(totalRow.at(-2))).toBeCloseTo(billed, 1);
});

test("shows the bill beside the estimate, with the free tier and the days not billed yet as reasons, and exports it", async ({ page }) => {
  await page.goto("/cost");
  const bill = page.getByTestId("cost-bill");
  const prodEast = bill.locator('tr[data-account="123456789012"][data-region="us-east-1"]');
  await expect(prodEast).toContainText(/prod \(123456789012\)/);
  // Today and yesterday are never billed yet: their estimate is a reason on every Region with usage.
  await expect(prodEast.locator('[data-reason="notBilledYet"]')).toContainText("not in the bill yet (Cost Explorer lags 24 to 48 hours)");
  await expect(bill.locator('tr[data-account="210987654321"][data-region="eu-west-1"]')).toBeVisible();
  await expect(page.getByTestId("cost-bill-note")).toContainText(
    /Billed \$[\d,.]+ against an estimate of \$[\d,.]+ \([+−]?\$[\d,.]+\), through \d{4}-\d\d-\d\d as Cost Explorer shows it to account 123456789012/,
  );
  await expect(page.getByTestId("cost-bill-note")).toContainText(/This review cost \d+ Cost Explorer requests?/);
  await expect(page.getByTestId("cost-free-tier")).toContainText("prod");
  await expect(page.getByTestId("cost-free-tier")).toContainText("staging");
  // Each cluster's part of the bill: Cost Explorer's per-resource data covers the last 14 days, so all of this month until the 14th.
  await expect(page.getByTestId("cost-by-cluster").getByRole("columnheader", { name: "Billed", exact: true })).toBeVisible();
  const paymentsBilled = page.getByTestId("cost-by-cluster").locator('tr[data-cluster="eu-west-1/payments-eu"] [data-testid="cluster-billed"]');
  await expect(paymentsBilled).toContainText(/\$\d/);
  await expect(paymentsBilled).toHaveAttribute("data-basis", new Date().getUTCDate() <= 14 ? "resource" : "mixed");

  // Last month is billed in full: the free tier explains the difference, and the CSV says the same.
  await page.goto(`/cost?month=${lastMonth()}`);
  await expect(bill.locator('tr[data-account="123456789012"] [data-reason="freeTier"]').first()).toContainText("Free tier:");
  await expect(bill.locator('[data-reason="notBilledYet"]')).toHaveCount(0);
  // Its days are closed and kept: asking again costs no request.
  await page.reload();
  await expect(page.getByTestId("cost-bill-note")).toContainText("This review cost 0 Cost Explorer requests");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("cost-bill-csv").click()]);
  expect(download.suggestedFilename()).toBe(`dsql-bill-${lastMonth()}.csv`);
  const lines = readFileSync((await download.path())!, "utf8")
    .trimEnd()
    .split("\r\n");
  expect(lines[0]).toBe("period,account_id,region,estimate_usd,billed_usd,difference_usd,billed_dpu,billed_gb_months,reasons");
  expect(lines.find((l) => l.includes(",123456789012,us-east-1,"))).toMatch(/Free tier/);
  expect(lines.at(-1)).toMatch(/,TOTAL,\d+\.\d\d,\d+\.\d\d,-?\d+\.\d\d,/);
});

test("Cost Explorer refused: the review shows the estimate with a note naming the permission, never an error page", async ({ page }) => {
  await setFaults([{ kind: "denied", service: "ce" }]);
  try {
    // Days no review has read yet, so the store cannot answer for Cost Explorer.
    const day = (ago: number) => new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10);
    const r = await page.goto(`/cost?from=${day(75)}&to=${day(70)}`);
    expect(r?.status()).toBe(200);
    await expect(page.getByTestId("cost-total")).toContainText(/\$\d/);
    await expect(page.getByRole("alert").filter({ hasText: "Could not read the bill from Cost Explorer" })).toContainText("ce:GetCostAndUsage");
    await expect(page.getByTestId("cost-bill")).toHaveCount(0);
  } finally {
    await clearFaults();
  }
});

test("groups the review by account", async ({ page }) => {
  await page.goto(`/cost?month=${lastMonth()}`);
  await page.getByLabel("Group by").selectOption("aws:account");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/groupBy=aws%3Aaccount/);
  const groups = page.getByTestId("cost-by-group");
  await expect(groups).toBeVisible();
  for (const name of ["prod (123456789012)", "staging (210987654321)", "dev (345678901234)"]) await expect(groups.getByText(name)).toBeVisible();
});

test("prints on one A4 or Letter page with the totals", async ({ page }) => {
  await page.goto("/cost");
  const total = (await page.getByTestId("cost-total").locator(".cost-figure").textContent())!;
  const change = (await page.getByTestId("cost-change").locator(".cost-figure").textContent())!;
  for (const format of ["A4", "Letter"] as const) {
    const pdf = await page.pdf({ format, printBackground: true });
    expect(pdfPageCount(pdf), `${format} pages`).toBe(1);
    const text = squash(pdfText(pdf));
    expect(text).toContain(squash(total));
    expect(text).toContain(squash(change));
    expect(text).toContain("Bycluster");
    // The printed review carries the bill: each cluster's part (a column), and the totals beside the estimate.
    expect(text).toMatch(/Billed\$[\d,.]+againstanestimateof\$[\d,.]+/);
    // The screen-only controls are not printed.
    expect(text).not.toContain("ExportCSV");
  }
});

test("an operator sets a monthly budget for a tag value; the cost review and the overview flag it, and it can be removed", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/cost");
  const budgets = page.getByTestId("budgets");
  await budgets.getByLabel("Budget for").selectOption({ label: "team = commerce" });
  await budgets.getByLabel("Monthly budget ($)").fill("1");
  await budgets.getByRole("button", { name: "Set budget" }).click();
  const row = budgets.getByTestId("budget-row").filter({ hasText: "team = commerce" });
  await expect(row).toHaveAttribute("data-state", "over", { timeout: 30_000 });
  await expect(row).toContainText("already");
  await page.goto("/");
  await expect(page.getByTestId("budget-flags")).toContainText("team = commerce is over its $1.00");
  await page.goto("/triage");
  await expect(page.getByTestId("triage-budgets")).toContainText("team = commerce is over its budget");
  await page.goto("/cost#budgets");
  await row.getByRole("button", { name: "Remove…" }).click();
  await row.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(row).toHaveCount(0, { timeout: 30_000 });
  await page.goto("/");
  await expect(page.getByTestId("fleet-row").first()).toBeVisible();
  await expect(page.getByTestId("budget-flags")).toHaveCount(0);
});
