"use client";

import { useMemo, useState } from "react";
import type { SubmittedIndex, TableInfo } from "@/lib/dsql/jobs";
import { callJson } from "./call-json";
import { ActionError } from "./error-panel";

const NAME = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const MAX_COLUMNS = 8;

/**
 * CREATE [UNIQUE] INDEX ASYNC from a form: a table and its columns picked from the catalog (in key
 * order), unique or not, and an optional name. The server checks everything again and quotes it.
 */
export function JobsSubmitForm({
  account,
  region,
  clusterId,
  initialTables,
  initialError,
  prefill,
  onSubmitted,
}: {
  account: string;
  region: string;
  clusterId: string;
  initialTables: TableInfo[] | null;
  initialError: string | null;
  /** A suggested index (the Insights tab's advisor): the form opens with it, for the operator to check and submit. */
  prefill?: { table: string; columns: string[] };
  onSubmitted: (r: SubmittedIndex) => void;
}) {
  const [tables, setTables] = useState(initialTables);
  const [tablesError, setTablesError] = useState(initialError);
  const [tableKey, setTableKey] = useState(prefill?.table ?? "");
  const [columns, setColumns] = useState<string[]>(prefill?.columns.slice(0, MAX_COLUMNS) ?? []);
  const [unique, setUnique] = useState(false);
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<SubmittedIndex | null>(null);

  const table = useMemo(() => tables?.find((t) => `${t.schema}.${t.name}` === tableKey), [tables, tableKey]);
  const defaultName = table && columns.length ? `${table.name}_${columns.join("_")}_idx` : "";
  const nameProblem = name && !NAME.test(name) ? "Use letters, digits, _ and $, starting with a letter or _" : name.length > 63 ? "At most 63 characters" : null;

  async function loadTables() {
    setTablesError(null);
    try {
      setTables((await callJson<{ tables: TableInfo[] }>(`/api/clusters/${account}/${region}/${clusterId}/jobs/tables`)).tables);
    } catch (err) {
      setTablesError(err instanceof Error ? err.message : String(err));
    }
  }

  function toggle(col: string) {
    setColumns((cs) => (cs.includes(col) ? cs.filter((c) => c !== col) : cs.length < MAX_COLUMNS ? [...cs, col] : cs));
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!table || !columns.length || nameProblem) return;
    setBusy(true);
    setError(null);
    try {
      const r = await callJson<SubmittedIndex>(`/api/clusters/${account}/${region}/${clusterId}/jobs`, {
        method: "POST",
        body: { schema: table.schema, table: table.name, columns, unique, ...(name ? { name } : {}) },
      });
      setDone(r);
      setColumns([]);
      setName("");
      onSubmitted(r);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  if (!tables) {
    return (
      <div className="text-sm">
        <p role="alert" className="text-red-800">
          The tables of this cluster could not be listed{tablesError ? `: ${tablesError}` : ""}.
        </p>
        <button type="button" onClick={loadTables} className="mt-2 rounded border border-slate-300 px-3 py-1 hover:bg-slate-50">
          Try again
        </button>
      </div>
    );
  }
  if (!tables.length) return <p className="text-sm text-slate-500">This cluster has no tables to index yet.</p>;

  return (
    <form onSubmit={submit} className="space-y-3 text-sm" aria-label="Create an index">
      <div className="flex flex-wrap items-end gap-4">
        <label className="flex flex-col gap-1">
          <span className="text-slate-600">Table</span>
          <select
            value={tableKey}
            onChange={(e) => {
              setTableKey(e.target.value);
              setColumns([]);
            }}
            className="rounded border border-slate-300 bg-white px-2 py-1.5"
            required
          >
            <option value="">Choose a table…</option>
            {tables.map((t) => (
              <option key={`${t.schema}.${t.name}`} value={`${t.schema}.${t.name}`}>
                {t.schema}.{t.name}
                {t.rows !== null ? ` (${t.rows.toLocaleString("en-US")} rows)` : ""}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-slate-600">Index name (optional)</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder={defaultName || "table_column_idx"}
            aria-invalid={!!nameProblem}
            aria-describedby={nameProblem ? "index-name-problem" : undefined}
            className="w-72 rounded border border-slate-300 px-2 py-1.5 font-mono text-xs"
          />
        </label>
        <label className="flex items-center gap-2 pb-1.5">
          <input type="checkbox" checked={unique} onChange={(e) => setUnique(e.target.checked)} />
          Unique
        </label>
      </div>
      {nameProblem && (
        <p id="index-name-problem" className="text-red-800">
          {nameProblem}
        </p>
      )}
      {table && (
        <fieldset className="rounded border border-slate-200 p-3">
          <legend className="px-1 text-slate-600">Key columns, in the order you pick them (up to {MAX_COLUMNS})</legend>
          <div className="flex flex-wrap gap-3">
            {table.columns.map((c) => (
              <label key={c} className="flex items-center gap-1">
                <input type="checkbox" checked={columns.includes(c)} onChange={() => toggle(c)} disabled={!columns.includes(c) && columns.length >= MAX_COLUMNS} />
                <span className="font-mono text-xs">{c}</span>
                {columns.includes(c) && <span className="rounded bg-slate-200 px-1 text-xs">{columns.indexOf(c) + 1}</span>}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {unique && <p className="text-slate-600">A unique build fails if the table already holds duplicate values; the failed index then stays, invalid, until it is dropped.</p>}
      <div className="flex items-center gap-3">
        <button type="submit" disabled={busy || !table || !columns.length || !!nameProblem} className="rounded bg-slate-800 px-3 py-1.5 font-medium text-white hover:bg-slate-700 disabled:opacity-50">
          {busy ? "Submitting…" : "Create index (ASYNC)"}
        </button>
        <span className="text-slate-500">DSQL builds it in the background as a job; it is invalid, and not used by queries, until the job completes.</span>
      </div>
      <ActionError message={error} />
      {done && (
        <p className="rounded border border-emerald-300 bg-emerald-50 p-2" data-testid="index-submitted">
          Submitted job <span className="font-mono">{done.jobId}</span>: <code className="font-mono text-xs">{done.statement}</code>
        </p>
      )}
    </form>
  );
}
