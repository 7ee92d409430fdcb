import { firstValues, type SearchParams } from "@/lib/http/search-params";
import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { forbidden, unauthorized } from "next/navigation";
import { DataTable } from "@/components/data-table";
import { ErrorPanel } from "@/components/error-panel";
import { auditFacets, auditQuerySchema, listAudit, type AuditFilter, type AuditRow } from "@/lib/audit";
import { canOperate, userFromRequest } from "@/lib/auth";
import { toAppError } from "@/lib/errors";
import { age } from "@/lib/format";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit" };

const PAGE = 100;

const resultTone: Record<string, string> = {
  ok: "bg-emerald-100 text-emerald-800",
  refused: "bg-amber-100 text-amber-900",
  failed: "bg-red-100 text-red-800",
};

function href(q: Record<string, string | undefined>): string {
  const p = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1]));
  return p.size ? `/audit?${p}` : "/audit";
}

/** A filter of the GET form; the current value stays selectable even when no entry has it any more. */
function FilterSelect({ name, label, all, value, options }: { name: string; label: string; all: string; value?: string; options: string[] }) {
  return (
    <label className="flex flex-col gap-1">
      <span className="text-slate-600">{label}</span>
      <select name={name} defaultValue={value ?? ""} className="rounded border border-slate-300 bg-white px-2 py-1">
        <option value="">{all}</option>
        {[...new Set([...options, ...(value ? [value] : [])])].map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  let user;
  try {
    user = await userFromRequest(await headers());
  } catch (err) {
    if (toAppError(err).status === 401) unauthorized();
    throw err;
  }
  if (!canOperate(user)) forbidden();

  const parsed = auditQuerySchema.safeParse(firstValues(await searchParams));
  const filter: AuditFilter = parsed.success ? parsed.data : {};
  let rows: AuditRow[] = [];
  let facets = { users: [] as string[], actions: [] as string[] };
  let error: string | undefined;
  try {
    [rows, facets] = await Promise.all([listAudit({ ...filter, limit: PAGE }), auditFacets()]);
  } catch (err) {
    error = toAppError(err).message;
  }
  const now = new Date();
  const filtered = !!(filter.user || filter.action || filter.before);

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="text-sm text-slate-500">Every change made or attempted through the dashboard, allowed or refused, newest first.</p>
      </div>

      {!parsed.success && <ErrorPanel title="Some filters were ignored" message={parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")} retryHref="/audit" />}

      <form method="get" action="/audit" className="flex flex-wrap items-end gap-3 text-sm" aria-label="Filter the audit log">
        <FilterSelect name="user" label="User" all="All users" value={filter.user} options={facets.users} />
        <FilterSelect name="action" label="Action" all="All actions" value={filter.action} options={facets.actions} />
        <button type="submit" className="rounded bg-slate-800 px-3 py-1.5 text-white hover:bg-slate-700">
          Filter
        </button>
        {filtered && (
          <Link href="/audit" className="py-1.5 text-sky-700 hover:underline">
            Clear filters
          </Link>
        )}
      </form>

      {error ? (
        <ErrorPanel title="Could not read the audit log" message={error} retryHref={href({ user: filter.user, action: filter.action })} />
      ) : (
        <DataTable
          caption="Audit log entries, newest first"
          rows={rows}
          rowKey={(r) => r.id}
          rowProps={() => ({ "data-testid": "audit-row", className: "align-top" })}
          empty={filtered ? "No entries match these filters." : "No changes have been made or attempted yet."}
          emptyTestId="audit-empty"
          columns={[
            {
              header: "Time (UTC)",
              className: "whitespace-nowrap",
              title: (r) => new Date(r.at).toISOString(),
              cell: (r) => (
                <>
                  {new Date(r.at).toISOString().replace("T", " ").slice(0, 19)}
                  <div className="text-xs text-slate-500">{age(r.at, now)} ago</div>
                </>
              ),
            },
            {
              header: "User",
              cell: (r) => (
                <>
                  <Link href={href({ user: r.user_name, action: filter.action })} className="text-sky-700 hover:underline">
                    {r.user_name}
                  </Link>
                  <div className="text-xs text-slate-500">{r.role}</div>
                </>
              ),
            },
            {
              header: "Action",
              className: "font-mono text-xs",
              cell: (r) => (
                <Link href={href({ user: filter.user, action: r.action })} className="hover:underline">
                  {r.action}
                </Link>
              ),
            },
            { header: "Target", className: "max-w-xs break-all font-mono text-xs", cell: (r) => r.target },
            {
              header: "Result",
              cell: (r) => (
                <>
                  <span data-testid="audit-result" className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${resultTone[r.result] ?? "bg-slate-100"}`}>
                    {r.result} · {r.status}
                  </span>
                  {r.message && <div className="mt-1 max-w-xs text-xs text-slate-600">{r.message}</div>}
                </>
              ),
            },
            { header: "Parameters", className: "max-w-sm break-all font-mono text-xs text-slate-600", cell: (r) => (r.params && Object.keys(r.params).length ? JSON.stringify(r.params) : "—") },
          ]}
        />
      )}
      {rows.length === PAGE && (
        <Link href={href({ user: filter.user, action: filter.action, before: new Date(rows[rows.length - 1].at).toISOString() })} className="inline-block text-sky-700 hover:underline">
          Older entries →
        </Link>
      )}
    </div>
  );
}
