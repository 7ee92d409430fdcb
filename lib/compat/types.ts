/**
 * The shapes of an assessment, shared by the engine, the report formats, the CLI and the page.
 * Free of Node and parser imports so the browser can format a report it received.
 */

export const SEVERITIES = ["error", "warning", "info"] as const;
/** `error`: DSQL refuses it; `warning`: it runs but hurts (or is not verified); `info`: worth knowing. */
export type Severity = (typeof SEVERITIES)[number];

export interface RuleInfo {
  id: string;
  title: string;
  severity: Severity;
  /** Date (YYYY-MM-DD) of the DSQL behaviour the rule encodes. */
  since: string;
  /** The page that documents that behaviour. */
  source: string;
  /** One sentence: what DSQL does differently. */
  explanation: string;
  /** The default rewrite; a finding may carry a more specific one. */
  suggestion: string;
  /** False where the sources disagree or nothing official confirms the behaviour. */
  verified: boolean;
}

export interface Finding {
  file: string;
  /** 1-based line and column (UTF-16 code units) of the offending construct. */
  line: number;
  column: number;
  rule: string;
  severity: Severity;
  message: string;
  suggestion: string;
}

export interface ParseError {
  line: number;
  column: number;
  message: string;
}

export interface FileSummary {
  name: string;
  bytes: number;
  lines: number;
  statements: number;
  parseErrors: ParseError[];
}

export type Verdict = "compatible" | "compatible-with-warnings" | "incompatible";

export interface Report {
  /** The date of the newest DSQL behaviour this rule set was checked against. */
  ruleSetDate: string;
  files: FileSummary[];
  findings: Finding[];
  summary: { verdict: Verdict; error: number; warning: number; info: number; statements: number };
  /** Metadata of every rule that produced a finding, in rule-set order. */
  rules: RuleInfo[];
}

export const VERDICT_TEXT: Record<Verdict, string> = {
  compatible: "Compatible: nothing in these files needs changing for DSQL",
  "compatible-with-warnings": "Runs on DSQL, but some constructs will hurt or need checking",
  incompatible: "Will not run on DSQL as written",
};
