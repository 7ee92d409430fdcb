import { expect, test, type Page } from "@playwright/test";
import { clearFaults, emulatorEndpoint, listFaults, setFaults } from "./support/emulator";

/**
 * Each fault mode of the emulator, seen in the UI: the page still renders what it can, the part
 * that failed says why and offers a retry, and the server keeps answering. Listings are cached
 * for a few seconds, so each check reloads until the fault has reached the page.
 */

test.describe.configure({ mode: "serial" });
test.afterEach(clearFaults);

const alert = (page: Page, title: string) => page.getByRole("alert").filter({ hasText: title });
const regionRows = (page: Page, region: string) => page.getByTestId("fleet-row").filter({ has: page.getByRole("cell", { name: region, exact: true }) });

/**
 * The metrics engine keeps a CloudWatch answer for up to a minute here (DSQL_OPS_METRICS_MAX_AGE_S
 * in playwright.config.ts), so a fault can take that long to reach a page an earlier test loaded.
 */
const CACHE_MS = 60_000;

/** Reloads `path` until `check` passes (the fault has to outlive the app's caches). */
async function eventually(page: Page, path: string, check: () => Promise<void>) {
  test.setTimeout(CACHE_MS + 45_000);
  await expect(async () => {
    const r = await page.goto(path);
    expect(r?.status(), "the page itself never fails").toBe(200);
    await check();
  }).toPass({ timeout: CACHE_MS + 15_000, intervals: [500, 1000, 2000] });
}

/** An active seeded cluster of the default account (prod) in a Region, and the path of its page. */
async function seededCluster(region: string): Promise<{ id: string; path: string }> {
  const all = (await (await fetch(`${emulatorEndpoint()}/_emulator/clusters`)).json()) as { account: string; region: string; identifier: string; status: string }[];
  const c = all.find((x) => x.region === region && x.status === "ACTIVE" && x.account === "123456789012")!;
  return { id: c.identifier, path: `/clusters/${c.account}/${c.region}/${c.identifier}` };
}

test("a region that is down gets its own error and a retry; the other regions render", async ({ page }) => {
  await setFaults([{ kind: "down", service: "dsql", region: "eu-west-1" }]);
  await eventually(page, "/", async () => {
    await expect(alert(page, "Could not list clusters in eu-west-1 of account prod (123456789012)")).toContainText("Cannot reach the AWS endpoint", { timeout: 500 });
  });
  await expect(regionRows(page, "eu-west-1")).toHaveCount(0);
  await expect(regionRows(page, "us-east-1").first()).toBeVisible();
  await expect(regionRows(page, "ap-northeast-1").first()).toBeVisible();

  await clearFaults();
  await alert(page, "Could not list clusters in eu-west-1 of account prod (123456789012)").getByRole("link", { name: "Retry" }).click();
  await expect(alert(page, "Could not list clusters in eu-west-1 of account prod (123456789012)")).toHaveCount(0);
  await expect(regionRows(page, "eu-west-1").first()).toBeVisible();
});

test("a region behind a failing load balancer (503 HTML) reads as an unreadable answer", async ({ page }) => {
  await setFaults([{ kind: "down", mode: "unavailable", service: "dsql", region: "us-east-2" }]);
  await eventually(page, "/", async () => {
    await expect(alert(page, "Could not list clusters in us-east-2 of account prod (123456789012)")).toContainText("AWS answered with an error (503) the dashboard could not read", { timeout: 500 });
  });
  await expect(regionRows(page, "us-east-1").first()).toBeVisible();
});

test("persistent throttling fails that region after the SDK's retries, and says so", async ({ page }) => {
  await setFaults([{ kind: "throttle", service: "dsql", region: "ap-northeast-1", operation: "ListClusters" }]);
  await eventually(page, "/", async () => {
    await expect(alert(page, "Could not list clusters in ap-northeast-1 of account prod (123456789012)")).toContainText("AWS is throttling requests", { timeout: 500 });
  });
  const [rule] = await listFaults();
  expect(rule.injected, "the SDK retried the throttled call").toBeGreaterThanOrEqual(3);
});

test("a short burst of throttling is ridden out by the SDK's retries", async ({ page }) => {
  await setFaults([{ kind: "throttle", service: "dsql", region: "ap-northeast-1", operation: "ListClusters", times: 2 }]);
  // Reload until a page load has consumed the burst: that load must still show the region.
  await expect
    .poll(
      async () => {
        await page.goto("/");
        return (await listFaults()).length;
      },
      { timeout: 40_000, intervals: [1000] },
    )
    .toBe(0);
  await expect(alert(page, "Could not list clusters in ap-northeast-1 of account prod (123456789012)")).toHaveCount(0);
  await expect(regionRows(page, "ap-northeast-1").first()).toBeVisible();
});

test("CloudWatch 5xx in one region fails only that region's metrics; clusters still list", async ({ page }) => {
  await setFaults([{ kind: "error", status: 500, service: "monitoring", region: "us-east-1" }]);
  await eventually(page, "/", async () => {
    await expect(alert(page, "Could not read metrics in us-east-1 of prod")).toContainText("AWS answered with an error (500)", { timeout: 500 });
  });
  await expect(regionRows(page, "us-east-1").first()).toBeVisible();
  // Only the demo's sandbox account, whose role is refused on purpose, cannot be listed.
  await expect(alert(page, "Could not list clusters").filter({ hasNotText: "account sandbox" })).toHaveCount(0);
});

test("a malformed answer is reported as unreadable, not as a crash", async ({ page }) => {
  await setFaults([{ kind: "malformed", service: "dsql", region: "eu-west-1", operation: "ListClusters" }]);
  await eventually(page, "/", async () => {
    await expect(alert(page, "Could not list clusters in eu-west-1 of account prod (123456789012)")).toContainText("AWS sent a response the dashboard could not read", { timeout: 500 });
  });
  await expect(regionRows(page, "us-east-1").first()).toBeVisible();
});

test("added latency slows the page but everything renders", async ({ page }) => {
  await setFaults([{ kind: "latency", latencyMs: 1500, service: "dsql", operation: "ListClusters" }]);
  await expect
    .poll(
      async () => {
        await page.goto("/");
        return (await listFaults())[0].injected;
      },
      { timeout: 40_000, intervals: [1000] },
    )
    .toBeGreaterThan(0);
  await expect(alert(page, "Could not").filter({ hasNotText: "account sandbox" })).toHaveCount(0);
  for (const region of ["us-east-1", "us-east-2", "eu-west-1", "ap-northeast-1"]) await expect(regionRows(page, region).first()).toBeVisible();
});

test("the cluster page degrades per panel: metrics fail, the cluster still shows", async ({ page }) => {
  const { path } = await seededCluster("us-east-1");
  await setFaults([{ kind: "error", status: 503, service: "monitoring", region: "us-east-1" }]);
  await eventually(page, path, async () => {
    await expect(alert(page, "Could not read the metrics from CloudWatch")).toBeVisible({ timeout: 500 });
  });
  await expect(page.getByTestId("cluster-name")).toBeVisible();
  await expect(alert(page, "Could not read the metrics from CloudWatch").getByRole("link", { name: "Retry" })).toBeVisible();
});

test("the cluster page says why it cannot load the cluster, with a retry", async ({ page }) => {
  const { id, path } = await seededCluster("eu-west-1");
  await setFaults([{ kind: "down", service: "dsql", region: "eu-west-1", operation: "GetCluster" }]);
  // A tab behind a loading skeleton too: AWS failing is not a missing cluster (no 404).
  const tab = await page.goto(`${path}/backups`);
  expect(tab?.status()).toBe(200);
  await expect(alert(page, `Could not load cluster ${id} in eu-west-1`)).toContainText("Cannot reach the AWS endpoint");
  const r = await page.goto(path);
  expect(r?.status()).toBe(200);
  await expect(alert(page, `Could not load cluster ${id} in eu-west-1`)).toContainText("Cannot reach the AWS endpoint");
  await clearFaults();
  await page.getByRole("link", { name: "Retry" }).click();
  await expect(page.getByTestId("cluster-name")).toBeVisible();
});

test("the backups page shows what AWS Backup could not answer, and the rest", async ({ page }) => {
  const { path } = await seededCluster("us-east-1");
  await setFaults([{ kind: "throttle", service: "backup", region: "us-east-1", operation: "ListRecoveryPointsByResource" }]);
  await eventually(page, `${path}/backups`, async () => {
    await expect(alert(page, "Could not list the recovery points")).toContainText("throttling", { timeout: 500 });
  });
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(alert(page, "Could not list the backup jobs"), "the other panels still render").toHaveCount(0);
});

test("the server still answers after every fault", async ({ page, request }) => {
  await clearFaults();
  expect((await page.goto("/"))?.status()).toBe(200);
  await expect(page.getByTestId("fleet-row").first()).toBeVisible();
  const api = await request.get("/api/metrics/overview");
  expect(api.status()).toBeLessThan(500);
});
