import { Fragment, type ComponentProps, type ReactNode } from "react";

/**
 * The bordered, scrollable table the dashboard's lists share: a header row from the columns, a
 * row per item, and an empty-state message in place of the table when there is nothing to list.
 * No hooks and no "use client": server pages and client views render it alike.
 */

export interface Column<T> {
  header: string;
  /** Keeps the header for screen readers only (a column of row actions). */
  hideHeader?: boolean;
  cell: (row: T) => ReactNode;
  /** Classes added to this column's cells. */
  className?: string;
  align?: "left" | "right";
  /** The cell's tooltip. */
  title?: (row: T) => string | undefined;
}

/** What a row carries besides its cells: test ids and data attributes the e2e tests read, extra classes. */
export type RowProps = Omit<ComponentProps<"tr">, "children"> & { [data: `data-${string}`]: string | number | boolean | undefined };

export interface DataTableProps<T> {
  /** Columns in order; `false` leaves one out (a column only some users or views get). */
  columns: (Column<T> | false)[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  rowProps?: (row: T) => RowProps;
  /** A full-width row under a row (an error and what to do about it), or nothing. */
  detail?: (row: T) => ReactNode;
  /** Tints a row and its detail row (the item the user follows). */
  highlight?: (row: T) => boolean;
  empty: ReactNode;
  emptyTestId?: string;
  testId?: string;
  /** Read by screen readers; the visible heading usually sits above the table. */
  caption?: string;
}

const pad = "px-3 py-2";
const alignClass = (c: { align?: "left" | "right" }) => (c.align === "right" ? "text-right" : undefined);
const cx = (...parts: (string | false | undefined)[]) => parts.filter(Boolean).join(" ");

export function DataTable<T>({ columns, rows, rowKey, rowProps, detail, highlight, empty, emptyTestId, testId, caption }: DataTableProps<T>) {
  if (rows.length === 0) {
    return (
      <p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-500" data-testid={emptyTestId}>
        {empty}
      </p>
    );
  }
  const cols = columns.filter((c): c is Column<T> => c !== false);
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid={testId}>
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead className="bg-slate-100 text-xs uppercase text-slate-600">
          <tr>
            {cols.map((c) => (
              <th key={c.header} scope="col" className={cx(pad, alignClass(c))}>
                {c.hideHeader ? <span className="sr-only">{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const { className, ...attrs } = rowProps?.(row) ?? {};
            const tint = highlight?.(row) ? "bg-sky-50" : undefined;
            const more = detail?.(row);
            return (
              <Fragment key={rowKey(row)}>
                <tr {...attrs} className={cx("border-t border-slate-100", className, tint)}>
                  {cols.map((c) => (
                    <td key={c.header} title={c.title?.(row)} className={cx(pad, alignClass(c), c.className)}>
                      {c.cell(row)}
                    </td>
                  ))}
                </tr>
                {more && (
                  <tr className={tint}>
                    <td colSpan={cols.length} className="px-3 pb-3 text-sm">
                      {more}
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
