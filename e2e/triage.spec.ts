import { expect, test, type Page } from "@playwright/test";
import { clearFaults, setFaults } from "./support/emulator";

/** The triage page against the seeded incidents: ranked clusters, evidence, hints, polling, failing regions. */

test.describe.configure({ mode: "serial" });

const card = (page: Page, region: string, name: string) => page.locator(`[data-testid="triage-cluster"][data-cluster="${region}/${name}"]`);
const signal = (page: Page, region: string, name: string, kind: string) => card(page, region, name).locator(`[data-testid="triage-signal"][data-kind="${kind}"]`);

test("ranks the seeded incidents with their evidence and runbook hints, and collapses the clean clusters", async ({ page }) => {
  // The emulator opens its first SQL databases (for sys.jobs) in the first minute or so.
  test.setTimeout(180_000);
  await page.goto("/");
  await page.getByRole("navigation").getByRole("link", { name: "Triage" }).click();
  await expect(page).toHaveURL(/\/triage$/);
  await expect(page.getByRole("heading", { name: "Triage" })).toBeVisible();

  // The OCC incident (and its alarm) puts orders-prod in us-east-1 on top.
  const first = page.getByTestId("triage-cluster").first();
  await expect(first).toHaveAttribute("data-cluster", "us-east-1/orders-prod");
  const occ = signal(page, "us-east-1", "orders-prod", "occ");
  await expect(occ).toHaveAttribute("data-severity", "critical");
  await expect(occ).toContainText(/OCC conflict rate \d+\.\d % \(threshold 5 %\)/);
  await expect(occ).toContainText(/transactions aborted by OCC conflicts in the last hour \(\d\d:\d\d–\d\d:\d\d UTC\)/);
  await expect(occ).toContainText("Runbook: Retry aborted transactions");
  await expect(signal(page, "us-east-1", "orders-prod", "alarm")).toContainText("in ALARM");

  await expect(signal(page, "eu-west-1", "payments-eu", "dpuSpike")).toContainText(/DPU spike: .* the usual/);
  await expect(signal(page, "eu-west-1", "payments-eu", "dpuSpike")).toContainText(/same hour on the previous 7 days/);
  await expect(signal(page, "eu-west-1", "reporting-eu", "timeouts")).toContainText(/query timeouts in the last hour/);
  await expect(signal(page, "eu-west-1", "reporting-eu", "backupStale")).toContainText(/Last good backup 3 d \d+ h ago/);

  // Clean clusters: one line, no cards. Until the first SQL connections are up, sys.jobs is "not
  // checked yet" and those clusters are not called clean; a refresh later they are.
  const clean = page.getByTestId("triage-clean");
  await expect(async () => {
    await page.reload();
    await expect(clean).toContainText("catalog-apac", { timeout: 1000 });
    await expect(clean).toContainText(/orders-prod \(us-east-2\)/, { timeout: 1000 });
  }).toPass({ timeout: 150_000, intervals: [2000, 5000] });
  await expect(signal(page, "us-east-1", "orders-prod", "indexJob")).toContainText("customers_email_key is INVALID");
  await expect(card(page, "ap-northeast-1", "catalog-apac")).toHaveCount(0);
  await expect(card(page, "us-east-2", "orders-prod")).toHaveCount(0);
});

test("refreshes on its own and says when it last did", async ({ page }) => {
  await page.clock.install();
  await page.goto("/triage");
  const updated = page.getByTestId("triage-updated");
  await expect(updated).toContainText(/Updated \d\d:\d\d:\d\d UTC/);
  const before = await updated.getAttribute("data-generated-at");
  const polled = page.waitForResponse((r) => r.url().endsWith("/api/triage") && r.status() === 200);
  await page.clock.fastForward("01:01");
  await polled;
  await expect(updated).not.toHaveAttribute("data-generated-at", before!);
  await expect(updated).toContainText(/Updated \d\d:\d\d:\d\d UTC/);

  // The interval lives in the URL.
  await page.getByLabel("Auto-refresh").selectOption("5m");
  await expect(page).toHaveURL(/refresh=5m/);
});

test("a region whose metrics cannot be read shows its error, and the rest still render", async ({ page }) => {
  // The metrics engine keeps an answer up to a minute: the fault may take that long to show.
  test.setTimeout(150_000);
  try {
    await setFaults([{ kind: "down", service: "monitoring", region: "eu-west-1" }]);
    await expect(async () => {
      await page.goto("/triage");
      await expect(page.getByTestId("triage-region-error").filter({ hasText: "eu-west-1 of prod: could not read metrics" })).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 90_000, intervals: [1000, 2000, 5000] });
    // The other regions are still triaged: the OCC incident is still found.
    await expect(signal(page, "us-east-1", "orders-prod", "occ")).toBeVisible();
    // eu-west-1's clusters are not called clean when their metrics were not read.
    await expect(page.getByTestId("triage-clean")).not.toContainText("payments-eu");
    await expect(signal(page, "eu-west-1", "reporting-eu", "backupStale")).toBeVisible();
  } finally {
    await clearFaults();
  }
});

test("the cluster charts mark alarm state changes and backups on the time axis", async ({ page }) => {
  await page.goto("/triage");
  await card(page, "us-east-1", "orders-prod").getByRole("link", { name: "orders-prod" }).click();
  await expect(page).toHaveURL(/\/clusters\/123456789012\/us-east-1\/[a-z0-9]{26}/);
  const occ = page.getByTestId("occ-chart");
  // The seeded OCC alarm went into ALARM when the incident started, inside the default 24 hours.
  await expect(occ.locator('[data-testid="chart-event"][data-kind="alarm"][data-tone="bad"]').first()).toBeAttached();
  await expect(page.getByTestId("dpu-chart").locator('[data-testid="chart-event"][data-kind="backup"]').first()).toBeAttached();
  const legend = page.getByTestId("event-legend");
  await legend.locator("summary").click();
  await expect(legend).toContainText("→ ALARM");
  await expect(legend).toContainText("Backup completed");
});
