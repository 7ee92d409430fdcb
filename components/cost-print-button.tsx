"use client";

/** Opens the browser's print dialog; the cost page's print layout fits one A4/Letter page. */
export function CostPrintButton() {
  return (
    <button type="button" onClick={() => window.print()} className="rounded border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-50">
      Print
    </button>
  );
}
