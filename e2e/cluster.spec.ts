import { expect, test, type Page } from "@playwright/test";
import { emulatorEndpoint } from "./support/emulator";

/** Opens a seeded cluster from the overview (by name and region), so no identifier is hard-coded. */
async function openCluster(page: Page, name: string, region: string, search = "") {
  await page.goto("/");
  const row = page
    .getByTestId("fleet-row")
    .filter({ has: page.getByRole("cell", { name: region, exact: true }) })
    .filter({ has: page.getByRole("link", { name, exact: true }) });
  const href = await row.getByRole("link", { name, exact: true }).getAttribute("href");
  // The URL names the cluster's account, so a shared link is unambiguous.
  expect(href).toMatch(new RegExp(`^/clusters/\\d{12}/${region}/[a-z0-9]{26}$`));
  // A full load: the first render of the page comes from the server (metrics included).
  await page.goto(href! + search);
  await expect(page.getByTestId("cluster-name")).toHaveText(name);
}

// Each range change renders the page on the server again (CloudWatch reads included): on a busy
// 2-core machine that can take a while, hence the longer waits after navigations.
const NAV = { timeout: 45_000 };

test("a cluster page shows the DPU and OCC charts with the 5 % line, and the range lives in the URL", async ({ page }) => {
  test.slow();
  await openCluster(page, "orders-prod", "us-east-1");

  const dpu = page.getByTestId("dpu-chart");
  await expect(dpu.getByRole("heading", { name: "DPU by kind" })).toBeVisible();
  await expect(dpu.locator("svg.recharts-surface").first()).toBeVisible();
  for (const kind of ["Read DPU", "Write DPU", "Compute DPU", "Multi-Region write DPU", "Total DPU"]) await expect(dpu.getByText(kind, { exact: true })).toBeVisible();

  const occ = page.getByTestId("occ-chart");
  await expect(occ.locator("svg.recharts-surface").first()).toBeVisible();
  await expect(occ.getByText("5 % threshold")).toBeVisible();
  // The seeded hot-key incident is under way: the current rate is red, and periods above are shaded.
  await expect(occ.getByTestId("occ-badge")).toHaveAttribute("data-state", "alarm");
  await expect(occ.locator(".recharts-reference-area").first()).toBeAttached();

  // Dollars instead of DPUs (us-east-1 has a known price).
  await dpu.getByRole("button", { name: "Dollars" }).click();
  await expect(dpu.getByRole("heading", { name: "DPU cost by kind" })).toBeVisible();

  await page.getByRole("button", { name: "7d", exact: true }).click();
  await expect(page).toHaveURL(/[?&]range=7d/, NAV);
  await expect(page.getByText(/Last 7 days · one value per 10 min/)).toBeVisible(NAV);

  await page.getByLabel("Auto-refresh").selectOption("1m");
  await expect(page).toHaveURL(/refresh=1m/, NAV);
  await expect(page).toHaveURL(/range=7d/);

  // A shared link shows the same view.
  await page.reload();
  await expect(page.getByRole("button", { name: "7d", exact: true })).toHaveAttribute("aria-pressed", "true", NAV);
  await expect(page.getByLabel("Auto-refresh")).toHaveValue("1m");
  // The Details tab, and Metrics from there, keep the range.
  const tabs = page.getByRole("navigation", { name: "Cluster sections" });
  await expect(tabs.getByRole("link", { name: "Details" })).toHaveAttribute("href", /tab=details&.*range=7d/);
  await expect(tabs.getByRole("link", { name: "Metrics" })).toHaveAttribute("href", /range=7d/);

  await page.getByRole("button", { name: "Custom" }).click();
  await page.getByLabel("From (UTC)").fill("2026-01-01T00:00");
  await page.getByLabel("To (UTC)").fill("2026-01-01T00:00");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("The start must be before the end.")).toBeVisible();
});

test("auto-refresh reads the charts again from the cluster's own account", async ({ page }) => {
  await page.clock.install();
  // The page renders on the server: its first /api/metrics call is the refresh.
  const polled = page.waitForResponse((r) => r.url().includes("/api/metrics/"));
  await openCluster(page, "orders-prod", "us-east-1", "?refresh=30s");
  const updated = page.getByText(/Last 24 hours · one value per minute · updated/);
  await expect(updated).toBeVisible();
  // No later than the minute a 1-minute chart's answer stands. (That it is never sooner than the
  // chosen interval is unit-tested: the installed clock also flows with real time, so a page slow
  // to load would make a "nothing yet at 29 s" check here racy.)
  await page.clock.fastForward("01:01");
  const r = await polled;
  expect(r.url()).toMatch(/\/api\/metrics\/123456789012\/us-east-1\/[a-z0-9]{26}\?range=24h$/);
  expect(r.status()).toBe(200);
  await expect(page.getByRole("alert").filter({ hasText: "Could not refresh the metrics" })).toHaveCount(0);
});

test("a custom range goes into the URL as from/to", async ({ page }) => {
  test.slow();
  await openCluster(page, "payments-eu", "eu-west-1");
  const to = new Date(Date.now() - 3_600_000);
  const from = new Date(to.getTime() - 6 * 3_600_000);
  const local = (d: Date) => d.toISOString().slice(0, 16);
  await page.getByRole("button", { name: "Custom" }).click();
  await page.getByLabel("From (UTC)").fill(local(from));
  await page.getByLabel("To (UTC)").fill(local(to));
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`from=${encodeURIComponent(`${local(from)}Z`).replace(/%3A/g, "(%3A|:)")}`), NAV);
  await expect(page).toHaveURL(/to=/);
  await expect(page.getByTestId("dpu-chart").locator("svg.recharts-surface").first()).toBeVisible(NAV);
  // eu-west-1 is priced from the Price List API: the chart can show the range in dollars.
  const dollars = page.getByTestId("dpu-chart").getByRole("button", { name: "Dollars" });
  await expect(dollars).toBeEnabled();
  await dollars.click();
  await expect(page.getByTestId("dpu-chart")).toContainText("DPU cost by kind");
});

test("an unknown cluster or Region is a 404 on every cluster page, the tabs with a loading skeleton too", async ({ page }) => {
  const unknown = "z".repeat(26);
  for (const path of [
    `/clusters/123456789012/us-east-1/${unknown}`,
    `/clusters/123456789012/us-east-1/${unknown}/backups`,
    `/clusters/123456789012/us-east-1/${unknown}/backups/restore`,
    // An account the dashboard does not watch, and a Region its account is not watched in.
    `/clusters/999999999999/us-east-1/${unknown}/jobs`,
    `/clusters/123456789012/sa-east-1/${unknown}`,
    // The form before accounts: a 404 when no watched account has the cluster.
    `/clusters/us-east-1/${unknown}`,
    `/clusters/us-east-1/${unknown}?tab=details`,
    `/clusters/us-east-1/${unknown}/backups`,
    `/clusters/us-east-1/${unknown}/jobs`,
    `/clusters/us-east-1/${unknown}/backups/restore`,
    `/clusters/xx-nowhere-1/${unknown}/backups`,
    `/clusters/us-east-1/not-a-cluster-id/jobs`,
  ]) {
    const r = await page.goto(path);
    expect(r?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" }), path).toBeVisible();
  }
});

test("a link of the form before accounts (/clusters/<region>/<id>) goes to the cluster in the one account that has it", async ({ page }) => {
  const all = (await (await fetch(`${emulatorEndpoint()}/_emulator/clusters`)).json()) as { account: string; region: string; identifier: string; name: string }[];
  const staging = all.find((c) => c.name === "reporting-eu")!;
  expect(staging.account).toBe("210987654321");
  await page.goto(`/clusters/${staging.region}/${staging.identifier}/backups`);
  await expect(page).toHaveURL(new RegExp(`/clusters/210987654321/eu-west-1/${staging.identifier}/backups$`));
  await page.goto(`/clusters/${staging.region}/${staging.identifier}`);
  await expect(page).toHaveURL(new RegExp(`/clusters/210987654321/eu-west-1/${staging.identifier}$`));
  await expect(page.getByTestId("cluster-name")).toHaveText("reporting-eu");
});

test("an idle cluster says there was no activity instead of drawing an error", async ({ page }) => {
  await openCluster(page, "analytics-dev", "us-east-1");
  await expect(page.getByTestId("dpu-chart").getByText(/No activity in this range/)).toBeVisible();
  await expect(page.locator("main").getByRole("alert")).toHaveCount(0);
});

test("an operator creates the OCC alarm of a cluster, notifying the on-call topic, and deletes it", async ({ page }) => {
  test.setTimeout(240_000);
  await openCluster(page, "catalog-apac", "ap-northeast-1");
  const alarms = page.getByTestId("alarms");
  // Each offered alarm suggests a threshold from the cluster's week, with its grounds.
  for (const kind of ["dpu", "timeouts", "latency"]) await expect(alarms.getByTestId(`alarm-form-${kind}`).getByTestId("alarm-suggestion")).toContainText(/Suggested \d/);
  // The topics offered are the cluster's account's, in its Region.
  await alarms.getByLabel("Notify on ALARM: dsql-ops-oncall (OCC alarm)").check();
  await alarms.getByRole("button", { name: "Create OCC alarm" }).click();
  const row = alarms.getByTestId("alarm-row").filter({ hasText: /dsql-ops-occ-rate-/ });
  // The first change of a fresh server also opens the audit store: allow it the time.
  await expect(row).toBeVisible({ timeout: 90_000 });
  await expect(row).toContainText("OCC conflict rate (%) > 5 for 3 of 5 × 300 s");
  await expect(row.getByTestId("alarm-actions")).toHaveText("On ALARM: dsql-ops-oncall.");
  await row.getByRole("button", { name: "Delete…" }).click();
  await row.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(row).toHaveCount(0, NAV);
});

test("the overview shows DPU today, dollars and OCC state, and sorts by a column in the URL", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("account-summary")).toContainText("Free tier");
  const orders = page
    .getByTestId("fleet-row")
    .filter({ has: page.getByRole("cell", { name: "us-east-1", exact: true }) })
    .filter({ hasText: "orders-prod" });
  await expect(orders.getByTestId("occ-badge")).toHaveAttribute("data-state", "alarm");
  await expect(orders).toContainText("$");
  await page.getByRole("button", { name: /DPU today/ }).click();
  await expect(page).toHaveURL(/sort=dpuToday&dir=desc/);
  // Idle clusters (0 DPU) sink to the bottom when sorted by DPU, largest first.
  await expect(page.getByTestId("fleet-row").last()).toContainText(/analytics-dev|search-staging/);
  // Every demo Region has a price from the Price List API: no cluster shows "price unknown".
  await expect(page.getByTestId("fleet-row").filter({ hasText: "payments-eu" })).toContainText("$");
  await expect(page.getByTestId("fleet-row").filter({ hasText: "price unknown" })).toHaveCount(0);
});
