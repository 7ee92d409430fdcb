"use client";

import { useState } from "react";
import { MAX_FILES, MAX_SQL_CHARS } from "@/lib/compat/input";
import type { Report } from "@/lib/compat/types";
import { AssessResults } from "./assess-results";
import { callJson } from "./call-json";
import { ErrorPanel } from "./error-panel";

/** Paste or upload SQL, send it to /api/assess, show the report. Nothing is executed. */

interface SqlInput {
  name: string;
  sql: string;
}

type State = { status: "idle" } | { status: "loading" } | { status: "error"; message: string } | { status: "done"; report: Report; files: SqlInput[] };

const EXAMPLE = `CREATE TABLE customers (
    id serial PRIMARY KEY,
    email text NOT NULL UNIQUE
);

CREATE TABLE orders (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    customer_id integer NOT NULL REFERENCES customers (id),
    placed_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX orders_customer_idx ON orders (customer_id, placed_at DESC);
`;

const mib = (chars: number) => `${(chars / 1024 / 1024).toFixed(1)} MiB`;

export function AssessWorkbench() {
  const [pasted, setPasted] = useState("");
  const [uploads, setUploads] = useState<SqlInput[]>([]);
  const [state, setState] = useState<State>({ status: "idle" });

  const inputs: SqlInput[] = [...(pasted.trim() ? [{ name: "pasted.sql", sql: pasted }] : []), ...uploads];
  const total = inputs.reduce((n, f) => n + f.sql.length, 0);
  const tooMuch = total > MAX_SQL_CHARS ? `The SQL adds up to ${mib(total)}; the limit is ${mib(MAX_SQL_CHARS)}.` : inputs.length > MAX_FILES ? `At most ${MAX_FILES} files at once.` : undefined;

  async function addFiles(list: FileList | null) {
    if (!list?.length) return;
    const read = await Promise.all([...list].map(async (f) => ({ name: f.name, sql: await f.text() })));
    setUploads((prev) => {
      const byName = new Map(prev.map((f) => [f.name, f]));
      for (const f of read) byName.set(f.name, f);
      return [...byName.values()];
    });
  }

  async function run() {
    if (inputs.length === 0 || tooMuch) return;
    const files = inputs;
    setState({ status: "loading" });
    try {
      setState({ status: "done", report: await callJson<Report>("/api/assess", { method: "POST", body: { files } }), files });
    } catch (err) {
      setState({ status: "error", message: (err as Error).message });
    }
  }

  const loading = state.status === "loading";

  return (
    <div className="space-y-4">
      <section aria-label="SQL input" className="space-y-3 rounded border border-slate-200 bg-white p-4">
        <label htmlFor="assess-sql" className="block text-sm font-medium">
          SQL to assess
        </label>
        <textarea
          id="assess-sql"
          value={pasted}
          onChange={(e) => setPasted(e.target.value)}
          rows={12}
          spellCheck={false}
          placeholder="Paste a schema dump (pg_dump --schema-only) or migration files here…"
          className="w-full rounded border border-slate-300 p-2 font-mono text-xs focus:border-sky-500 focus:outline-none"
        />
        <div className="flex flex-wrap items-center gap-2">
          <label className="cursor-pointer rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50">
            Upload .sql files
            <input
              type="file"
              accept=".sql,text/plain,application/sql"
              multiple
              data-testid="assess-upload"
              className="sr-only"
              onChange={(e) => void addFiles(e.target.files).then(() => (e.target.value = ""))}
            />
          </label>
          {uploads.map((f) => (
            <span key={f.name} className="inline-flex items-center gap-1 rounded-full bg-slate-100 px-2 py-0.5 font-mono text-xs">
              {f.name}
              <button type="button" aria-label={`Remove ${f.name}`} onClick={() => setUploads((prev) => prev.filter((u) => u.name !== f.name))} className="text-slate-500 hover:text-red-700">
                ×
              </button>
            </span>
          ))}
          <span className="ml-auto flex gap-2">
            <button type="button" onClick={() => setPasted(EXAMPLE)} className="rounded px-3 py-1.5 text-sm text-sky-700 hover:underline">
              Load an example
            </button>
            <button
              type="button"
              onClick={() => {
                setPasted("");
                setUploads([]);
                setState({ status: "idle" });
              }}
              className="rounded px-3 py-1.5 text-sm text-slate-600 hover:underline"
            >
              Clear
            </button>
            <button
              type="button"
              onClick={() => void run()}
              disabled={loading || inputs.length === 0 || !!tooMuch}
              className="rounded bg-slate-900 px-4 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:cursor-not-allowed disabled:bg-slate-400"
            >
              {loading ? "Assessing…" : "Assess"}
            </button>
          </span>
        </div>
        <p className="text-xs text-slate-500">
          {tooMuch ??
            `${inputs.length} ${inputs.length === 1 ? "input" : "inputs"}, ${mib(total)} of ${mib(MAX_SQL_CHARS)}. The SQL is parsed with PostgreSQL's parser, never executed, and not stored.`}
        </p>
        {loading && (
          <div role="progressbar" aria-label="Assessing" className="h-1 w-full overflow-hidden rounded bg-slate-100">
            <div className="h-full w-1/3 animate-pulse rounded bg-sky-500" />
          </div>
        )}
      </section>

      {state.status === "error" && <ErrorPanel title="The assessment failed" message={state.message} />}
      {state.status === "idle" && (
        <p className="rounded border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">No assessment yet. Paste a schema or upload .sql files, then choose Assess.</p>
      )}
      {state.status === "done" && <AssessResults report={state.report} files={state.files} />}
    </div>
  );
}
