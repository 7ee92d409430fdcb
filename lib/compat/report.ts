import { SEVERITIES, VERDICT_TEXT, type Finding, type Report, type Severity } from "./types";

/**
 * Report formats: text for a terminal, JSON and SARIF 2.1.0 for CI and code scanning, Markdown
 * for a pull request or a ticket. Pure functions of a Report, so the page can export in the
 * browser what the server computed.
 */

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function summaryLine(report: Report): string {
  const { error, warning, info } = report.summary;
  return `${plural(error, "error")}, ${plural(warning, "warning")}, ${info} info in ${plural(report.files.length, "file")} (rule set ${report.ruleSetDate}): ${VERDICT_TEXT[report.summary.verdict]}`;
}

export function toText(report: Report): string {
  const lines = report.findings.map((f) => `${f.file}:${f.line}:${f.column}  ${f.severity.padEnd(7)}  ${f.rule}  ${f.message}\n    fix: ${f.suggestion}`);
  return [...lines, lines.length ? "" : "No findings.", summaryLine(report)].join("\n") + "\n";
}

export function toJson(report: Report): string {
  return JSON.stringify(report, null, 2) + "\n";
}

const SARIF_LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };

/** SARIF 2.1.0: one run, the rules that fired as reportingDescriptors, one result per finding. */
export function toSarif(report: Report, toolVersion = "0.1.0"): object {
  const index = new Map(report.rules.map((r, i) => [r.id, i]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "dsql-ops",
            informationUri: "https://docs.aws.amazon.com/aurora-dsql/latest/userguide/working-with-postgresql-compatibility-unsupported-features.html",
            version: toolVersion,
            rules: report.rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z])/g, (_, _dash, c: string) => c.toUpperCase()),
              shortDescription: { text: r.title },
              fullDescription: { text: r.explanation },
              helpUri: r.source,
              help: { text: `${r.explanation} ${r.suggestion}`, markdown: `${r.explanation}\n\n**Rewrite:** ${r.suggestion}\n\n[DSQL documentation](${r.source}) (behaviour since ${r.since})` },
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
              properties: { since: r.since, verified: r.verified, tags: ["dsql", "migration"] },
            })),
          },
        },
        results: report.findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule),
          level: SARIF_LEVEL[f.severity],
          message: { text: `${f.message} Suggested rewrite: ${f.suggestion}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: toUri(f.file) },
                region: { startLine: f.line, startColumn: f.column },
              },
            },
          ],
        })),
        properties: { ruleSetDate: report.ruleSetDate },
      },
    ],
  };
}

/** A relative path as a SARIF URI: forward slashes, each segment percent-encoded. */
function toUri(file: string): string {
  return file
    .replace(/\\/g, "/")
    .split("/")
    .map((s) => encodeURIComponent(s))
    .join("/");
}

const mdEscape = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function toMarkdown(report: Report): string {
  const out: string[] = [];
  out.push("# DSQL migration assessment", "");
  out.push(`**${VERDICT_TEXT[report.summary.verdict]}.** ${summaryLine(report).split(": ")[0]}.`, "");
  out.push(`Rule set: DSQL behaviour as of ${report.ruleSetDate}.`, "");
  out.push("| File | Lines | Statements | Syntax errors |", "|---|---:|---:|---:|");
  for (const f of report.files) out.push(`| ${mdEscape(f.name)} | ${f.lines} | ${f.statements} | ${f.parseErrors.length} |`);
  out.push("");
  if (report.findings.length === 0) {
    out.push("No findings.", "");
    return out.join("\n");
  }
  for (const group of groupByRule(report)) {
    const r = group.rule;
    out.push(`## ${r.title} (\`${r.id}\`): ${r.severity}, ${plural(group.findings.length, "finding")}`, "");
    out.push(`${r.explanation}${r.verified ? "" : " *(Not verified against a live cluster.)*"} Since ${r.since}; [source](${r.source}).`, "");
    out.push("| Where | Finding | Suggested rewrite |", "|---|---|---|");
    for (const f of group.findings) out.push(`| ${mdEscape(f.file)}:${f.line}:${f.column} | ${mdEscape(f.message)} | ${mdEscape(f.suggestion)} |`);
    out.push("");
  }
  return out.join("\n");
}

export interface RuleGroup {
  rule: Report["rules"][number];
  findings: Finding[];
}

/** Findings grouped by rule, errors first, then by the rule set's order. */
export function groupByRule(report: Report): RuleGroup[] {
  const groups = report.rules.map((rule) => ({ rule, findings: report.findings.filter((f) => f.rule === rule.id) }));
  return groups.filter((g) => g.findings.length > 0).sort((a, b) => SEVERITIES.indexOf(a.rule.severity) - SEVERITIES.indexOf(b.rule.severity));
}
