import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

const fixtures = path.join(__dirname, "..", "lib", "compat", "fixtures");

// Enough comment lines that the index (line 66) sits far below the top of the SQL view.
const SCHEMA = [
  "-- Boutique schema (déjà en production)",
  "CREATE TABLE customers (",
  "    id serial PRIMARY KEY,",
  "    email text NOT NULL",
  ");",
  ...Array.from({ length: 60 }, (_, i) => `-- note ${i + 1}`),
  "CREATE INDEX customers_email_idx ON customers (email DESC);",
  "CREATE TRIGGER touch BEFORE UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION touch();",
].join("\n");

test("pasting a schema shows the verdict, findings grouped by rule, and links to the line in the SQL", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Assess", exact: true }).click();
  await expect(page).toHaveURL(/\/assess$/);
  await expect(page.getByText("No assessment yet.")).toBeVisible();

  await page.getByLabel("SQL to assess").fill(SCHEMA);
  await page.getByRole("button", { name: "Assess", exact: true }).click();

  await expect(page.getByTestId("assess-verdict")).toContainText("Will not run on DSQL as written");
  await expect(page.getByTestId("assess-verdict")).toContainText("4 errors");
  const serial = page.locator('[data-testid="assess-rule"][data-rule="serial"]');
  await expect(serial.getByTestId("assess-rule-count")).toHaveText("1");
  await expect(page.locator('[data-testid="assess-rule"][data-rule="trigger"]')).toContainText("Trigger touch on customers");
  const ordering = page.locator('[data-testid="assess-rule"][data-rule="index-ordering"]');
  await expect(ordering).toContainText("Index key email DESC");

  await ordering.getByRole("link", { name: "line 66:" }).click();
  await expect(page).toHaveURL(/#f0-L66$/);
  const line = page.locator("#f0-L66");
  await expect(line).toHaveAttribute("data-selected", "true");
  await expect(line).toContainText("CREATE INDEX customers_email_idx ON customers (email DESC);");
  await expect(line).toBeInViewport();
});

test("a schema written for DSQL is compatible, and syntax errors are shown with their position", async ({ page }) => {
  await page.goto("/assess");
  await page.getByLabel("SQL to assess").fill(readFileSync(path.join(fixtures, "dsql-native.sql"), "utf8"));
  await page.getByRole("button", { name: "Assess", exact: true }).click();
  await expect(page.getByTestId("assess-verdict")).toContainText("Compatible");
  await expect(page.getByTestId("assess-verdict")).toContainText("0 errors");

  await page.getByLabel("SQL to assess").fill("SELECT 1;\nCREATE TABLE broken (id int,);\n");
  await page.getByRole("button", { name: "Assess", exact: true }).click();
  const alert = page.getByRole("alert").filter({ hasText: "could not be parsed" });
  await expect(alert).toContainText('line 2:29 syntax error at or near ")"');
});

test("uploaded files are assessed together and the report downloads as JSON and Markdown", async ({ page }) => {
  await page.goto("/assess");
  await page.getByTestId("assess-upload").setInputFiles([path.join(fixtures, "migrations", "002_seed.sql"), path.join(fixtures, "triggers.sql")]);
  await expect(page.getByRole("button", { name: "Remove triggers.sql" })).toBeVisible();
  await page.getByRole("button", { name: "Assess", exact: true }).click();
  await expect(page.getByTestId("assess-verdict")).toContainText("across 2 files");
  await expect(page.locator('[data-testid="assess-rule"][data-rule="ddl-mixed-with-dml"]')).toContainText("002_seed.sql:6:1");

  await page.locator('[data-testid="assess-rule"][data-rule="trigger"]').getByRole("link", { name: "triggers.sql:37:1" }).click();
  await expect(page.getByRole("tab", { name: "triggers.sql" })).toHaveAttribute("aria-selected", "true");
  await expect(page.locator("#f1-L37")).toHaveAttribute("data-selected", "true");

  const [json] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download JSON" }).click()]);
  const report = JSON.parse(readFileSync((await json.path()) ?? "", "utf8"));
  expect(report.ruleSetDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(report.files.map((f: { name: string }) => f.name)).toEqual(["002_seed.sql", "triggers.sql"]);
  expect(report.findings.some((f: { rule: string; line: number }) => f.rule === "trigger" && f.line === 37)).toBe(true);

  const [md] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download Markdown" }).click()]);
  expect(md.suggestedFilename()).toMatch(/\.md$/);
  expect(readFileSync((await md.path()) ?? "", "utf8")).toContain("# DSQL migration assessment");
});

test("the API refuses a malformed body with a 400 that names the field", async ({ request }) => {
  const r = await request.post("/api/assess", { data: { files: [{ name: "", sql: "SELECT 1" }] } });
  expect(r.status()).toBe(400);
  expect((await r.json()).error).toContain("files.0.name");
});

test("a 5 MB schema dump is accepted by the API and assessed", async ({ request }) => {
  const parts: string[] = [];
  let size = 0;
  let tables = 0;
  while (size < 5 * 1024 * 1024) {
    const t = `CREATE TABLE public.t${tables} (\n    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),\n    name character varying(200) NOT NULL,\n    note text,\n    created_at timestamp with time zone DEFAULT now() NOT NULL\n);\n\nCREATE INDEX t${tables}_name_idx ON public.t${tables} USING btree (name);\n\n`;
    parts.push(t);
    size += t.length;
    tables++;
  }
  const r = await request.post("/api/assess", { data: { files: [{ name: "dump.sql", sql: parts.join("") }] }, timeout: 120_000 });
  expect(r.status()).toBe(200);
  const report = await r.json();
  expect(report.files[0].bytes).toBeGreaterThan(5 * 1024 * 1024);
  expect(report.files[0].statements).toBe(tables * 2);
  expect(report.findings.filter((f: { rule: string }) => f.rule === "index-not-async")).toHaveLength(tables);
});
