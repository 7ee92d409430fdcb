import type { Metadata } from "next";
import { AssessWorkbench } from "@/components/assess-workbench";
import { SeverityBadge } from "@/components/assess-results";
import { RULE_SET_DATE, RULES } from "@/lib/compat/rules/registry";

export const metadata: Metadata = { title: "Assess" };

/** /assess: check PostgreSQL schema and migrations against what DSQL supports. */
export default function AssessPage() {
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Migration assessment</h1>
        <p className="text-sm text-slate-500">
          Paste or upload PostgreSQL schema and migration files to see what Aurora DSQL would refuse or handle differently, with a rewrite for each finding. {RULES.length} rules, DSQL behaviour as of {RULE_SET_DATE}. The same check runs in CI with <code className="rounded bg-slate-100 px-1">npx dsql-ops assess &lt;files&gt;</code>.
        </p>
      </div>
      <AssessWorkbench />
      <details className="rounded border border-slate-200 bg-white p-3 text-sm">
        <summary className="cursor-pointer font-medium">The rules ({RULES.length})</summary>
        <table className="mt-2 w-full text-left">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-1 pr-3">Rule</th>
              <th className="py-1 pr-3">Severity</th>
              <th className="py-1 pr-3">DSQL since</th>
              <th className="py-1">What DSQL does</th>
            </tr>
          </thead>
          <tbody>
            {RULES.map((r) => (
              <tr key={r.id} className="border-t border-slate-100 align-top">
                <td className="py-1 pr-3">
                  <a href={r.source} target="_blank" rel="noreferrer" className="text-sky-700 hover:underline">
                    {r.title}
                  </a>
                  <div className="font-mono text-xs text-slate-500">{r.id}</div>
                </td>
                <td className="py-1 pr-3">
                  <SeverityBadge severity={r.severity} />
                </td>
                <td className="py-1 pr-3 whitespace-nowrap">{r.since}</td>
                <td className="py-1">
                  {r.explanation}
                  {!r.verified && <span className="ml-1 rounded bg-slate-100 px-1 text-xs text-slate-600">unverified</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
