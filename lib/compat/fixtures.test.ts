import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assess } from "./assess";
import type { Report } from "./types";

/** The realistic schemas written for this assessment (lib/compat/fixtures). */

const dir = path.join(__dirname, "fixtures");
const read = (name: string) => ({ name, sql: readFileSync(path.join(dir, name), "utf8") });
const at = (report: Report, rule: string, file?: string) => report.findings.filter((f) => f.rule === rule && (!file || f.file === file)).map((f) => f.line);

describe("e-commerce schema with foreign keys and serials", () => {
  it("flags the serials, the enum, the collation, the synchronous indexes and the FK added later", async () => {
    const report = await assess([read("ecommerce.sql")]);
    expect(report.files[0].parseErrors).toEqual([]);
    expect(at(report, "serial")).toEqual([7, 15, 21, 31]);
    expect(at(report, "sequential-primary-key")).toEqual([7, 15, 21, 31, 55]);
    expect(at(report, "create-type")).toEqual([4]);
    expect(at(report, "collation")).toEqual([16]);
    expect(at(report, "foreign-key")).toEqual([17, 26, 32, 45]);
    expect(at(report, "foreign-key-not-valid")).toEqual([49]);
    expect(at(report, "index-not-async")).toEqual([58, 59, 60]);
    expect(at(report, "index-ordering")).toEqual([58]);
    expect(at(report, "index-method")).toEqual([60]);
    expect(at(report, "runtime-only-type")).toEqual([27]);
    expect(report.summary).toMatchObject({ verdict: "incompatible", error: 12, warning: 6, info: 4 });
    // The comment's accents precede every finding: columns still count characters.
    const collation = report.findings.find((f) => f.rule === "collation");
    expect(collation?.column).toBe(24);
  });
});

describe("schema with triggers and PL/pgSQL", () => {
  it("flags the procedural code, the triggers, the extension and the materialized view, not the SQL function", async () => {
    const report = await assess([read("triggers.sql")]);
    expect(at(report, "function-language")).toEqual([21, 29, 44, 60]);
    expect(at(report, "trigger")).toEqual([37, 40]);
    expect(at(report, "event-trigger")).toEqual([50]);
    expect(at(report, "extension")).toEqual([3]);
    expect(at(report, "materialized-view")).toEqual([57]);
    expect(at(report, "sequence-cache")).toEqual([13]);
    expect(report.findings.some((f) => f.line >= 52 && f.line <= 54)).toBe(false);
  });
});

describe("migration folder mixing DDL and DML in BEGIN/COMMIT", () => {
  it("follows the transaction grouping file by file", async () => {
    const files = readdirSync(path.join(dir, "migrations"))
      .sort()
      .map((f) => read(`migrations/${f}`));
    const report = await assess(files);
    expect(at(report, "multiple-ddl-in-transaction", "migrations/001_init.sql")).toEqual([9, 15]);
    expect(at(report, "ddl-mixed-with-dml", "migrations/002_seed.sql")).toEqual([6]);
    expect(at(report, "ddl-mixed-with-dml", "migrations/003_backfill.sql")).toEqual([4]);
    expect(at(report, "alter-table-action", "migrations/003_backfill.sql")).toEqual([2]);
    expect(at(report, "savepoint", "migrations/003_backfill.sql")).toEqual([3, 5]);
    // TRUNCATE after COMMIT is its own transaction: reported for itself, not as mixing.
    expect(at(report, "truncate", "migrations/003_backfill.sql")).toEqual([8]);
    expect(report.findings.filter((f) => f.file === "migrations/004_done_right.sql")).toEqual([]);
    expect(report.files.map((f) => f.name)).toEqual(["migrations/001_init.sql", "migrations/002_seed.sql", "migrations/003_backfill.sql", "migrations/004_done_right.sql"]);
  });
});

describe("schema written for DSQL", () => {
  it("assesses clean: ASYNC indexes, async validation and cached identities are DSQL syntax, not errors", async () => {
    const report = await assess([read("dsql-native.sql")]);
    expect(report.files[0].parseErrors).toEqual([]);
    expect(report.findings.filter((f) => f.severity !== "info")).toEqual([]);
    expect(report.summary.verdict).toBe("compatible");
    expect(report.files[0].statements).toBe(23);
  });
});
