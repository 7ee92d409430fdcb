import { beforeAll, describe, expect, it } from "vitest";
import { assess } from "./assess";
import { loadParser, parseSql, PIECE_BYTES } from "./parse";
import { SourceText } from "./source";
import { splitStatements } from "./split";

beforeAll(() => loadParser());

const L = (...lines: string[]) => lines.join("\n");

describe("DSQL's ASYNC keyword", () => {
  it("parses CREATE [UNIQUE] INDEX ASYNC and ALTER TABLE ASYNC as DSQL statements, not syntax errors", () => {
    const parsed = parseSql(
      L(
        "CREATE INDEX ASYNC a ON t (x);",
        "CREATE UNIQUE INDEX ASYNC IF NOT EXISTS b ON t (y);",
        "create index Async on t (z);",
        "ALTER TABLE ASYNC t VALIDATE CONSTRAINT c;",
        "CREATE INDEX plain ON t (x);",
      ),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.statements.map((s) => [s.kind, s.async])).toEqual([
      ["IndexStmt", true],
      ["IndexStmt", true],
      ["IndexStmt", true],
      ["AlterTableStmt", true],
      ["IndexStmt", false],
    ]);
    const unique = parsed.statements[1].node;
    expect("IndexStmt" in unique && unique.IndexStmt.idxname).toBe("b");
    expect("IndexStmt" in unique && unique.IndexStmt.if_not_exists).toBe(true);
  });

  it("leaves the word alone in strings, comments, identifiers and other positions", () => {
    const parsed = parseSql(
      L(
        "COMMENT ON TABLE t IS 'CREATE INDEX ASYNC x ON t (a)';",
        "-- CREATE INDEX ASYNC y ON t (a);",
        "CREATE INDEX async_idx ON t (a);",
        'CREATE INDEX "ASYNC" ON t (a);',
        "SELECT async FROM jobs;",
      ),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.statements.map((s) => s.async)).toEqual([false, false, false, false]);
    const comment = parsed.statements[0].node;
    expect("CommentStmt" in comment && comment.CommentStmt.comment).toBe("CREATE INDEX ASYNC x ON t (a)");
  });

  it("finds the keyword past comments that mention it, across scanner batches", () => {
    const statements = Array.from({ length: 2500 }, (_, i) =>
      i % 500 === 7 ? `-- build it async\nCREATE /* async, really */ UNIQUE INDEX ASYNC u${i} ON t (a);` : i % 3 === 0 ? `CREATE INDEX ASYNC i${i} ON t (a);` : `COMMENT ON TABLE t IS 'é async ${i}';`,
    );
    const parsed = parseSql(statements.join("\n"));
    expect(parsed.errors).toEqual([]);
    const asyncIndexes = parsed.statements.filter((s) => s.async).length;
    const expected = statements.filter((s) => s.includes("INDEX ASYNC")).length;
    expect(asyncIndexes).toBe(expected);
    expect(parsed.statements.filter((s) => s.kind === "IndexStmt" && !s.async)).toEqual([]);
  });

  it("keeps byte offsets right after the keyword is blanked", async () => {
    const report = await assess([{ name: "a.sql", sql: "CREATE INDEX ASYNC i ON t (a DESC);" }]);
    expect(report.findings.map((f) => [f.rule, f.column])).toEqual([["index-ordering", 30]]);
  });
});

describe("positions", () => {
  it("turns byte offsets into lines and UTF-16 columns across multi-byte text", () => {
    const src = new SourceText("é😀x\nab\n");
    expect(src.position(0)).toEqual({ line: 1, column: 1 });
    expect(src.position(2)).toEqual({ line: 1, column: 2 }); // after é (2 bytes)
    expect(src.position(6)).toEqual({ line: 1, column: 4 }); // after 😀 (4 bytes, 2 UTF-16 units)
    expect(src.position(8)).toEqual({ line: 2, column: 1 });
    expect(src.lineCount).toBe(2);
  });

  it("places findings right when non-ASCII text comes before the construct", async () => {
    const sql = L("-- Café, crème brûlée 😀", 'CREATE TABLE "tàble" (n text COLLATE "C");');
    const report = await assess([{ name: "u.sql", sql }]);
    const collation = report.findings.find((f) => f.rule === "collation");
    expect(collation).toMatchObject({ line: 2, column: 30 });
    expect(sql.split("\n")[1].slice(29, 36)).toBe("COLLATE");
  });

  it("places syntax errors by their code-point cursor, and goes on assessing the rest", async () => {
    const sql = L("SELECT '😀😀';", "SELECT 'é' FROM WHERE;", "CREATE TRIGGER t AFTER INSERT ON x FOR EACH ROW EXECUTE FUNCTION f();");
    const report = await assess([{ name: "e.sql", sql }]);
    expect(report.files[0].parseErrors).toEqual([{ line: 2, column: 17, message: 'syntax error at or near "WHERE"' }]);
    expect(sql.split("\n")[1].slice(16, 21)).toBe("WHERE");
    expect(report.findings.map((f) => [f.rule, f.line])).toEqual([
      ["syntax-error", 2],
      ["trigger", 3],
    ]);
  });

  it("localises several syntax errors in a long file", async () => {
    const lines = Array.from({ length: 300 }, (_, i) => `CREATE TABLE t${i} (id uuid PRIMARY KEY);`);
    lines[10] = "CREATE TABLE broken (;";
    lines[250] = "CREAT TABLE typo (id int);";
    const report = await assess([{ name: "long.sql", sql: L(...lines) }]);
    expect(report.files[0].parseErrors.map((e) => e.line)).toEqual([11, 251]);
    expect(report.files[0].statements).toBe(298);
  });

  it("reads files with a byte-order mark or NUL characters without losing statements or columns", async () => {
    const report = await assess([
      { name: "bom.sql", sql: "\uFEFFCREATE TABLE t (id serial PRIMARY KEY);" },
      { name: "nul.sql", sql: "SELECT 1;\u0000\nCREATE TRIGGER x AFTER INSERT ON t EXECUTE FUNCTION f();" },
    ]);
    expect(report.files.map((f) => f.parseErrors)).toEqual([[], []]);
    expect(report.findings.map((f) => [f.file, f.rule, f.line, f.column])).toEqual([
      ["bom.sql", "serial", 1, 20],
      ["bom.sql", "sequential-primary-key", 1, 27],
      ["nul.sql", "trigger", 2, 1],
    ]);
  });

  it("reports a statement nested too deeply for the parser instead of failing", async () => {
    const deep = `SELECT ${Array.from({ length: 20000 }, (_, i) => `a${i}`).join(" + ")};`;
    const wide = `SELECT ${Array.from({ length: 5000 }, (_, i) => `a${i}`).join(" + ")};`;
    const report = await assess([{ name: "deep.sql", sql: [wide, deep, "TRUNCATE t;"].join("\n") }]);
    expect(report.files[0].parseErrors).toEqual([{ line: 2, column: 1, message: "statement nested too deeply for the parser" }]);
    expect(report.findings.map((f) => [f.rule, f.line])).toEqual([
      ["syntax-error", 2],
      ["truncate", 3],
    ]);
  });

  it("parses a long file in pieces with the same statements, positions and ASYNC marks as one call", async () => {
    // About four pieces: tables, async indexes and triggers, with multi-byte text before each.
    const block = (i: number) =>
      L(`-- tàble ${i} 😀`, `CREATE TABLE t${i} (id uuid PRIMARY KEY, n text);`, `CREATE INDEX ASYNC i${i} ON t${i} (n);`, `CREATE TRIGGER g${i} AFTER INSERT ON t${i} EXECUTE FUNCTION f();`);
    const blocks: string[] = [];
    for (let i = 0, bytes = 0; bytes < 4 * PIECE_BYTES; i++) {
      blocks.push(block(i));
      bytes += Buffer.byteLength(blocks[i]) + 1;
    }
    const sql = L(...blocks);
    const parsed = parseSql(sql);
    expect(parsed.errors).toEqual([]);
    expect(parsed.statements).toHaveLength(3 * blocks.length);
    expect(parsed.statements.filter((s) => s.async)).toHaveLength(blocks.length);
    expect(parsed.statements.filter((s) => s.async).every((s) => s.kind === "IndexStmt")).toBe(true);
    const report = await assess([{ name: "long.sql", sql }]);
    const triggers = report.findings.filter((f) => f.rule === "trigger");
    expect(triggers).toHaveLength(blocks.length);
    // Each trigger is on the fourth line of its block, in column 1.
    expect(triggers.every((f, i) => f.line === 4 * i + 4 && f.column === 1)).toBe(true);
    expect(report.findings.filter((f) => f.rule === "syntax-error")).toEqual([]);
  });

  it("lets other work run between the pieces of a long file", async () => {
    const sql = "CREATE TABLE t (id uuid PRIMARY KEY);\n".repeat(Math.ceil((4 * PIECE_BYTES) / 38));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const report = await assess([{ name: "long.sql", sql }]).finally(() => clearInterval(timer));
    expect(report.files[0].parseErrors).toEqual([]);
    expect(ticks, "timers ran while the file was being assessed").toBeGreaterThanOrEqual(3);
  });

  it("finds a syntax error in a middle piece of a long file and parses the pieces around it", async () => {
    const lines = Array.from({ length: Math.ceil((3 * PIECE_BYTES) / 40) }, (_, i) => `CREATE TABLE t${i} (id uuid PRIMARY KEY);`);
    const broken = Math.floor(lines.length / 2);
    lines[broken] = "CREATE TABLE broken (id int,);";
    lines[lines.length - 1] = "TRUNCATE t0;";
    const report = await assess([{ name: "big.sql", sql: L(...lines) }]);
    expect(report.files[0].parseErrors).toEqual([{ line: broken + 1, column: 29, message: 'syntax error at or near ")"' }]);
    expect(report.files[0].statements).toBe(lines.length - 1);
    expect(report.findings.filter((f) => f.rule === "truncate").map((f) => f.line)).toEqual([lines.length]);
  });

  it("parses a statement with semicolons inside parentheses where a piece is cut", async () => {
    // CREATE RULE ... DO ALSO (a; b) is split at its inner semicolon; the filler puts that
    // split right at the end of the first piece.
    const rule = "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO log VALUES (1); INSERT INTO log VALUES (2));";
    const head = rule.slice(0, rule.indexOf(";") + 1);
    const filler = "SELECT 1;\n";
    const count = Math.floor((PIECE_BYTES - head.length - 1) / filler.length);
    const sql = `${filler.repeat(count)}${rule}\nSELECT 2;\n`;
    expect(count * filler.length + head.length).toBeLessThanOrEqual(PIECE_BYTES);
    expect(count * filler.length + rule.length).toBeGreaterThan(PIECE_BYTES);
    const parsed = parseSql(sql);
    expect(parsed.errors).toEqual([]);
    expect(parsed.statements.map((s) => s.kind).slice(-2)).toEqual(["RuleStmt", "SelectStmt"]);
    expect(parsed.statements).toHaveLength(count + 2);
  });

  it("reports an empty file or a file of comments as clean", async () => {
    const report = await assess([
      { name: "empty.sql", sql: "" },
      { name: "comments.sql", sql: "-- nothing\n/* here */\n" },
    ]);
    expect(report.findings).toEqual([]);
    expect(report.summary.verdict).toBe("compatible");
  });
});

describe("splitStatements", () => {
  const texts = (sql: string) => splitStatements(sql).map((c) => sql.slice(c.start, c.end).trim());

  it("ignores semicolons in quotes, comments, dollar quotes and BEGIN ATOMIC bodies", () => {
    const sql = L(
      "SELECT 'a;b', \"c;d\", E'\\';';",
      "/* x; /* nested; */ */ SELECT 1; -- trailing; comment",
      "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 1; END; $body$;",
      "CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; SELECT 2; END;",
      "SELECT $1;",
      "CREATE TABLE spans (begin int, finish int);",
      "CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); END;",
    );
    const parts = texts(sql);
    expect(parts).toHaveLength(7);
    expect(parts[5]).toBe("CREATE TABLE spans (begin int, finish int);");
    expect(parts[6].endsWith("VALUES (1); END;")).toBe(true);
    expect(parts[0]).toBe("SELECT 'a;b', \"c;d\", E'\\';';");
    expect(parts[3].endsWith("SELECT 2; END;")).toBe(true);
  });

  it("gives byte offsets that match the UTF-8 encoding", () => {
    const sql = "SELECT 'é';SELECT 2;";
    const [a, b] = splitStatements(sql);
    expect([a.byteStart, a.byteEnd, b.byteStart, b.byteEnd]).toEqual([0, 12, 12, 21]);
  });
});
