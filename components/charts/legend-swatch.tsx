/** One entry of a chart's HTML legend (kept out of the SVG so print layouts can scale the chart alone). */
export function LegendSwatch({ color, label, shape = "square" }: { color: string; label: string; shape?: "square" | "dot" | "dashed" }) {
  const mark =
    shape === "dashed" ? (
      <i aria-hidden className="mr-1 inline-block w-4 border-t-2 border-dashed align-middle" style={{ borderColor: color }} />
    ) : (
      <i aria-hidden className={`mr-1 inline-block h-2.5 w-2.5 align-middle ${shape === "dot" ? "rounded-full" : ""}`} style={{ background: color }} />
    );
  return (
    <span>
      {mark}
      {label}
    </span>
  );
}
