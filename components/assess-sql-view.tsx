"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import type { Severity } from "@/lib/compat/types";

/**
 * A read-only, numbered view of the assessed SQL. Lines with findings are marked by severity,
 * the selected line is highlighted and scrolled to. Large files show a window of lines around
 * the selection (a 5 MB dump has some 200,000 lines, too many for the DOM at once).
 */

export interface LineRef {
  file: number;
  line: number;
}

export const lineAnchor = (file: number, line: number) => `f${file}-L${line}`;

const FULL_LIMIT = 3000;
const WINDOW = 200;

const markTone: Record<Severity, string> = {
  error: "border-red-500 bg-red-50",
  warning: "border-amber-500 bg-amber-50",
  info: "border-sky-400 bg-sky-50",
};

export function AssessSqlView({
  files,
  marks,
  selected,
  onSelect,
}: {
  files: { name: string; sql: string }[];
  /** Per file, the most severe finding on each line. */
  marks: Map<number, Severity>[];
  selected: LineRef | null;
  onSelect: (ref: LineRef) => void;
}) {
  const file = selected?.file ?? 0;
  const lines = useMemo(() => (files[file]?.sql ?? "").split("\n"), [files, file]);
  const focus = selected?.file === file ? selected.line : 1;
  const [extra, setExtra] = useState({ before: 0, after: 0, focus });
  // A new selection re-centres the window.
  const grown = extra.focus === focus ? extra : { before: 0, after: 0, focus };
  const full = lines.length <= FULL_LIMIT;
  const from = full ? 1 : Math.max(1, focus - WINDOW - grown.before);
  const to = full ? lines.length : Math.min(lines.length, focus + WINDOW + grown.after);

  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!selected) return;
    const anchor = lineAnchor(selected.file, selected.line);
    const el = document.getElementById(anchor);
    const container = box.current;
    if (el && container) {
      // Scroll the view itself, not the page: the finding that was clicked stays where it is.
      container.scrollTop = el.offsetTop - container.clientHeight / 2;
      // On narrow screens the view sits below the findings: bring it on screen.
      const rect = container.getBoundingClientRect();
      if (rect.top > window.innerHeight || rect.bottom < 0) container.scrollIntoView({ block: "nearest" });
    }
    history.replaceState(null, "", `#${anchor}`);
  }, [selected]);

  const fileMarks = marks[file] ?? new Map<number, Severity>();
  const rows = [];
  for (let n = from; n <= to; n++) {
    const mark = fileMarks.get(n);
    const isSelected = selected?.file === file && selected.line === n;
    rows.push(
      <div
        key={n}
        id={lineAnchor(file, n)}
        data-line={n}
        data-selected={isSelected || undefined}
        className={`flex border-l-4 ${isSelected ? "border-yellow-500 bg-yellow-200" : mark ? markTone[mark] : "border-transparent"}`}
      >
        <button type="button" onClick={() => onSelect({ file, line: n })} className="w-14 shrink-0 select-none pr-3 text-right text-slate-400 hover:text-slate-700" aria-label={`Line ${n}`}>
          {n}
        </button>
        <code className="whitespace-pre pr-4">{lines[n - 1] || " "}</code>
      </div>,
    );
  }

  return (
    <section aria-label="Assessed SQL" className="rounded border border-slate-200 bg-white">
      {files.length > 1 && (
        <div role="tablist" className="flex flex-wrap gap-1 border-b border-slate-200 p-2">
          {files.map((f, i) => (
            <button
              key={f.name}
              type="button"
              role="tab"
              aria-selected={i === file}
              onClick={() => onSelect({ file: i, line: 1 })}
              className={`rounded px-2 py-1 text-xs ${i === file ? "bg-slate-800 text-white" : "bg-slate-100 text-slate-700 hover:bg-slate-200"}`}
            >
              {f.name}
            </button>
          ))}
        </div>
      )}
      <div className="flex items-center justify-between border-b border-slate-100 px-3 py-1 text-xs text-slate-500">
        <span className="font-mono">{files[file]?.name}</span>
        <span>
          {lines.length.toLocaleString("en-US")} lines{full ? "" : ` · showing ${from.toLocaleString("en-US")}–${to.toLocaleString("en-US")}`}
        </span>
      </div>
      <div ref={box} data-testid="assess-sql-view" className="relative max-h-[70vh] overflow-auto py-1 font-mono text-xs leading-5">
        {from > 1 && (
          <button type="button" onClick={() => setExtra({ ...grown, before: grown.before + WINDOW * 2 })} className="ml-14 py-1 text-sky-700 hover:underline">
            Show earlier lines
          </button>
        )}
        {rows}
        {to < lines.length && (
          <button type="button" onClick={() => setExtra({ ...grown, after: grown.after + WINDOW * 2 })} className="ml-14 py-1 text-sky-700 hover:underline">
            Show later lines
          </button>
        )}
      </div>
    </section>
  );
}
