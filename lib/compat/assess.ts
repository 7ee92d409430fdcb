import { ruleRunner, type Rule } from "./engine";
import { loadParser, streamSql } from "./parse";
import { RULE_SET_DATE, RULES, ruleInfo, SYNTAX_ERROR } from "./rules/registry";
import type { FileSummary, Finding, Report, RuleInfo, Verdict } from "./types";

/**
 * The migration assessment: parse each file with PostgreSQL's parser and run the DSQL rule set.
 * Nothing is executed; the SQL is only read.
 */

export interface SqlFile {
  name: string;
  sql: string;
}

export async function assess(files: SqlFile[], rules: Rule[] = RULES): Promise<Report> {
  await loadParser();
  const order = new Map<string, number>([...rules.map((r, i) => [r.id, i] as const), [SYNTAX_ERROR.id, -1]]);
  const summaries: FileSummary[] = [];
  const findings: Finding[] = [];
  let statements = 0;

  for (const file of files) {
    const parsed = streamSql(file.sql);
    const runner = ruleRunner(rules, file.name, parsed.source);
    for (const piece of parsed.pieces) {
      runner.run(piece);
      // A long file takes a second or two: let the server answer other requests between pieces.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const { findings: fileFindings, statements: count } = runner;
    const parseErrors = parsed.errors.map((e) => ({ ...parsed.source.position(e.offset), message: e.message }));
    for (const e of parseErrors) {
      fileFindings.push({
        file: file.name,
        line: e.line,
        column: e.column,
        rule: SYNTAX_ERROR.id,
        severity: SYNTAX_ERROR.severity,
        message: `${e.message}: ${SYNTAX_ERROR.explanation}`,
        suggestion: SYNTAX_ERROR.suggestion,
      });
    }
    fileFindings.sort((a, b) => a.line - b.line || a.column - b.column || (order.get(a.rule) ?? 0) - (order.get(b.rule) ?? 0));
    findings.push(...fileFindings);
    statements += count;
    summaries.push({ name: file.name, bytes: parsed.source.bytes.length, lines: parsed.source.lineCount, statements: count, parseErrors });
  }

  const fired = new Set(findings.map((f) => f.rule));
  const used: RuleInfo[] = [...(fired.has(SYNTAX_ERROR.id) ? [SYNTAX_ERROR] : []), ...rules.filter((r) => fired.has(r.id)).map(ruleInfo)];
  const count = (s: Finding["severity"]) => findings.filter((f) => f.severity === s).length;
  const summary = { error: count("error"), warning: count("warning"), info: count("info"), statements, verdict: "compatible" as Verdict };
  summary.verdict = summary.error > 0 ? "incompatible" : summary.warning > 0 ? "compatible-with-warnings" : "compatible";
  return { ruleSetDate: RULE_SET_DATE, files: summaries, findings, summary, rules: used };
}
