import { describe, expect, it } from "vitest";
import { assess } from "./assess";
import { groupByRule, toMarkdown, toSarif, toText } from "./report";

const SQL = ["CREATE TABLE t (id serial PRIMARY KEY, v text);", "CREATE INDEX t_v ON t (v);", "LISTEN x;"].join("\n");

describe("report formats", async () => {
  const report = await assess([{ name: "db/schema 1.sql", sql: SQL }]);

  it("SARIF 2.1.0 names the rules with help links and places each result", () => {
    const sarif = toSarif(report) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string; helpUri: string; defaultConfiguration: { level: string } }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[];
    };
    expect(sarif.version).toBe("2.1.0");
    const run = sarif.runs[0];
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(ids).toEqual(report.rules.map((r) => r.id));
    expect(run.tool.driver.rules.every((r) => r.helpUri.startsWith("https://"))).toBe(true);
    expect(run.results).toHaveLength(report.findings.length);
    const serial = run.results.find((r) => r.ruleId === "serial");
    expect(serial?.level).toBe("error");
    expect(ids[serial?.ruleIndex ?? -1]).toBe("serial");
    expect(serial?.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: "db/schema%201.sql" }, region: { startLine: 1, startColumn: 20 } });
    expect(run.results.find((r) => r.ruleId === "listen-notify")?.level).toBe("warning");
  });

  it("Markdown groups findings by rule with counts, errors first", () => {
    const md = toMarkdown(report);
    expect(md).toContain("**Will not run on DSQL as written.**");
    expect(md).toContain("Rule set: DSQL behaviour as of 2026-09-15.");
    expect(md).toMatch(/## SERIAL and BIGSERIAL \(`serial`\): error, 1 finding/);
    expect(md.indexOf("`serial`")).toBeLessThan(md.indexOf("`listen-notify`"));
    expect(md).toContain("| db/schema 1.sql:2:1 |");
    expect(groupByRule(report).map((g) => g.rule.severity)).toEqual(["error", "error", "warning", "warning"]);
  });

  it("text gives file:line:column, the rule and the fix, and a summary line", () => {
    const text = toText(report);
    expect(text).toContain("db/schema 1.sql:1:20  error    serial  Column id serial");
    expect(text).toContain("    fix: ");
    expect(text.trim().split("\n").pop()).toBe("2 errors, 2 warnings, 0 info in 1 file (rule set 2026-09-15): Will not run on DSQL as written");
  });
});
