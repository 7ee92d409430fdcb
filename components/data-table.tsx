import type { ReactNode } from "react";

/** The bordered, scrollable table the dashboard's lists share: a header row of labels, rows from the caller. */
export function DataTable({ testId, headers, children }: { testId?: string; headers: (string | null)[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <thead className="bg-slate-100 text-xs uppercase text-slate-600">
          <tr>
            {headers.map((h, i) => (
              <th key={h ?? `blank-${i}`} className="px-3 py-2">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
