import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "./cli";

/** The command line as CI runs it: a separate `node bin/dsql-ops.mjs` process. */

const root = path.join(__dirname, "..", "..");
const fixtures = "lib/compat/fixtures";

function run(...args: string[]) {
  const r = spawnSync(process.execPath, ["bin/dsql-ops.mjs", ...args], { cwd: root, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("dsql-ops assess", { timeout: 60_000 }, () => {
  it("exits 0 on a DSQL-ready schema and prints a text summary", () => {
    const r = run("assess", `${fixtures}/dsql-native.sql`);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("0 errors, 0 warnings, 1 info in 1 file (rule set 2026-09-15)");
  });

  it("exits 1 when there is an error finding, with the JSON shape CI parses", () => {
    const r = run("assess", `${fixtures}/ecommerce.sql`, "--format", "json");
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.ruleSetDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(json.files).toEqual([expect.objectContaining({ name: `${fixtures}/ecommerce.sql`, statements: 12, parseErrors: [] })]);
    expect(json.findings.length).toBe(22);
    for (const f of json.findings) expect(Object.keys(f).sort()).toEqual(["column", "file", "line", "message", "rule", "severity", "suggestion"]);
    expect(json.findings[0]).toMatchObject({ file: `${fixtures}/ecommerce.sql`, line: 4, column: 1, rule: "create-type", severity: "error" });
  });

  it("reads folders in name order and writes SARIF 2.1.0", () => {
    const r = run("assess", `${fixtures}/migrations`, "--format=sarif");
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe("2.1.0");
    const run0 = sarif.runs[0];
    expect(run0.tool.driver.name).toBe("dsql-ops");
    expect(run0.tool.driver.rules.map((x: { id: string }) => x.id)).toContain("ddl-mixed-with-dml");
    expect(run0.results[0]).toMatchObject({
      ruleId: "multiple-ddl-in-transaction",
      level: "error",
      locations: [{ physicalLocation: { artifactLocation: { uri: `${fixtures}/migrations/001_init.sql` }, region: { startLine: 9, startColumn: 1 } } }],
    });
  });

  it("exits 1 on a syntax error and says where it is", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "dsql-ops-"));
    const file = path.join(dir, "broken.sql");
    writeFileSync(file, "SELECT 1;\nCREATE TABLE (;\n");
    const r = run("assess", file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file.split(path.sep).join("/")}:2:14  error    syntax-error  syntax error at or near "("`);
  });

  it("exits 2 with a message on unreadable files and usage errors", () => {
    const missing = run("assess", "no/such/file.sql");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Cannot read no/such/file.sql: no such file or folder");
    expect(missing.stdout).toBe("");

    const badFormat = run("assess", `${fixtures}/dsql-native.sql`, "--format", "xml");
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('--format must be one of text, json, sarif (got "xml")');
  });
});

describe("argument handling (in process)", () => {
  async function call(...args: string[]) {
    let stdout = "";
    let stderr = "";
    const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
  }

  it("explains usage errors and exits 2", async () => {
    expect(await call("assess")).toMatchObject({ code: 2, stderr: expect.stringContaining("No files given.") });
    expect(await call("lint", "x.sql")).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown command "lint".') });
    expect(await call("assess", "--fast", "x.sql")).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown option "--fast".') });
    expect(await call("assess", "lib/compat/fixtures/empty-folder-that-does-not-exist")).toMatchObject({ code: 2 });
  });

  it("prints help and exits 0", async () => {
    expect(await call("--help")).toMatchObject({ code: 0, stdout: expect.stringContaining("Usage: dsql-ops assess") });
  });
});
