"use client";

import { useMemo, useState } from "react";
import { groupByRule, toJson, toMarkdown, type RuleGroup } from "@/lib/compat/report";
import { SEVERITIES, VERDICT_TEXT, type Report, type Severity } from "@/lib/compat/types";
import { AssessSqlView, lineAnchor, type LineRef } from "./assess-sql-view";

/** The outcome of an assessment: verdict, exports, syntax errors, findings by rule, and the SQL. */

const severityTone: Record<Severity, string> = {
  error: "bg-red-100 text-red-800",
  warning: "bg-amber-100 text-amber-900",
  info: "bg-sky-100 text-sky-800",
};

const verdictTone: Record<Report["summary"]["verdict"], string> = {
  incompatible: "border-red-300 bg-red-50 text-red-900",
  "compatible-with-warnings": "border-amber-300 bg-amber-50 text-amber-900",
  compatible: "border-emerald-300 bg-emerald-50 text-emerald-900",
};

/** Findings listed per rule before "show all": a dump can produce thousands of one kind. */
const SHOWN = 50;

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The finding-specific part of a message ("what: explanation"), since the card shows the explanation once. */
function detailOf(message: string, explanation: string): string {
  return message.endsWith(explanation) ? message.slice(0, message.length - explanation.length).replace(/: $/, "") : message;
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${severityTone[severity]}`}>{severity}</span>;
}

export function AssessResults({ report, files }: { report: Report; files: { name: string; sql: string }[] }) {
  const [selected, setSelected] = useState<LineRef | null>(null);
  const groups = useMemo(() => groupByRule(report), [report]);
  const fileIndex = useMemo(() => new Map(report.files.map((f, i) => [f.name, i])), [report]);
  const marks = useMemo(() => {
    const out = report.files.map(() => new Map<number, Severity>());
    for (const f of report.findings) {
      const m = out[fileIndex.get(f.file) ?? 0];
      const prev = m.get(f.line);
      if (!prev || SEVERITIES.indexOf(f.severity) < SEVERITIES.indexOf(prev)) m.set(f.line, f.severity);
    }
    return out;
  }, [report, fileIndex]);
  const parseErrors = report.files.flatMap((f, i) => f.parseErrors.map((e) => ({ ...e, file: i, name: f.name })));
  const { summary } = report;
  const stamp = new Date().toISOString().slice(0, 10);

  const lineLink = (file: number, line: number, column: number, name: string) => (
    <a
      href={`#${lineAnchor(file, line)}`}
      onClick={(e) => {
        e.preventDefault();
        setSelected({ file, line });
      }}
      className="font-mono text-xs text-sky-700 hover:underline"
    >
      {report.files.length > 1 ? `${name}:` : "line "}
      {line}:{column}
    </a>
  );

  return (
    <div className="space-y-4" data-testid="assess-results">
      <div role="status" data-testid="assess-verdict" className={`rounded border p-4 ${verdictTone[summary.verdict]}`}>
        <p className="text-lg font-semibold">{VERDICT_TEXT[summary.verdict]}</p>
        <p className="mt-1 text-sm">
          <strong>{summary.error}</strong> errors · <strong>{summary.warning}</strong> warnings · <strong>{summary.info}</strong> info, in {summary.statements.toLocaleString("en-US")} statements
          across {report.files.length} {report.files.length === 1 ? "file" : "files"}. Rule set: DSQL behaviour as of {report.ruleSetDate}.
        </p>
        <div className="no-print mt-3 flex gap-2">
          <button
            type="button"
            onClick={() => download(`dsql-assessment-${stamp}.md`, "text/markdown", toMarkdown(report))}
            className="rounded border border-current px-3 py-1 text-sm hover:bg-white/60"
          >
            Download Markdown
          </button>
          <button
            type="button"
            onClick={() => download(`dsql-assessment-${stamp}.json`, "application/json", toJson(report))}
            className="rounded border border-current px-3 py-1 text-sm hover:bg-white/60"
          >
            Download JSON
          </button>
        </div>
      </div>

      {parseErrors.length > 0 && (
        <section role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          <h2 className="font-medium">
            {parseErrors.length} {parseErrors.length === 1 ? "statement" : "statements"} could not be parsed, and were not assessed
          </h2>
          <ul className="mt-2 space-y-1">
            {parseErrors.map((e) => (
              <li key={`${e.file}:${e.line}:${e.column}`}>
                {lineLink(e.file, e.line, e.column, e.name)} {e.message}
              </li>
            ))}
          </ul>
        </section>
      )}

      <div className="grid gap-4 lg:grid-cols-2">
        <section aria-label="Findings by rule" className="space-y-3">
          {groups.length === 0 ? (
            <p className="rounded border border-dashed border-slate-300 p-4 text-sm text-slate-600">No findings: nothing in this SQL needs changing for DSQL.</p>
          ) : (
            groups.map((g) => <RuleCard key={g.rule.id} group={g} fileIndex={fileIndex} lineLink={lineLink} />)
          )}
        </section>
        <div className="lg:sticky lg:top-4 lg:self-start">
          <AssessSqlView files={files} marks={marks} selected={selected} onSelect={setSelected} />
        </div>
      </div>
    </div>
  );
}

function RuleCard({ group, fileIndex, lineLink }: { group: RuleGroup; fileIndex: Map<string, number>; lineLink: (file: number, line: number, column: number, name: string) => React.ReactNode }) {
  const [showAll, setShowAll] = useState(false);
  const { rule, findings } = group;
  const shown = showAll ? findings : findings.slice(0, SHOWN);
  return (
    <article data-testid="assess-rule" data-rule={rule.id} className="rounded border border-slate-200 bg-white p-3">
      <header className="flex flex-wrap items-center gap-2">
        <SeverityBadge severity={rule.severity} />
        <h3 className="font-medium">{rule.title}</h3>
        <span className="font-mono text-xs text-slate-500">{rule.id}</span>
        <span data-testid="assess-rule-count" className="ml-auto rounded-full bg-slate-100 px-2 text-xs font-medium text-slate-700">
          {findings.length}
        </span>
      </header>
      <p className="mt-1 text-sm text-slate-700">
        {rule.explanation}
        {!rule.verified && <span className="ml-1 rounded bg-slate-100 px-1 text-xs text-slate-600">unverified</span>}
      </p>
      <p className="mt-1 text-xs text-slate-500">
        DSQL behaviour since {rule.since} ·{" "}
        <a href={rule.source} target="_blank" rel="noreferrer" className="text-sky-700 hover:underline">
          source
        </a>
      </p>
      <ul className="mt-2 space-y-2 text-sm">
        {shown.map((f, i) => (
          <li key={`${f.file}:${f.line}:${f.column}:${i}`} className="border-t border-slate-100 pt-2">
            <div className="flex gap-2">
              {lineLink(fileIndex.get(f.file) ?? 0, f.line, f.column, f.file)}
              <span>{detailOf(f.message, rule.explanation) || rule.title}</span>
            </div>
            <p className="mt-0.5 text-xs text-slate-600">
              <span className="font-medium">Rewrite:</span> {f.suggestion}
            </p>
          </li>
        ))}
      </ul>
      {findings.length > SHOWN && (
        <button type="button" onClick={() => setShowAll((v) => !v)} className="mt-2 text-sm text-sky-700 hover:underline">
          {showAll ? "Show fewer" : `Show all ${findings.length.toLocaleString("en-US")}`}
        </button>
      )}
    </article>
  );
}
