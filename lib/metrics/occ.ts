/**
 * The OCC conflict rate's state: red at or above the threshold (config().occThresholdPct,
 * 5 % by default), amber from half of it, green below; "idle" when there were no
 * transactions, because a rate over nothing is not a healthy 0 %.
 */

export type OccState = "ok" | "warn" | "alarm" | "idle";

export const OCC_WARN_FRACTION = 0.5;

export function occState(ratePct: number | null | undefined, thresholdPct: number): OccState {
  if (ratePct === null || ratePct === undefined || !Number.isFinite(ratePct)) return "idle";
  if (ratePct >= thresholdPct) return "alarm";
  if (ratePct >= thresholdPct * OCC_WARN_FRACTION) return "warn";
  return "ok";
}

export const OCC_STATE_LABEL: Record<OccState, string> = { ok: "normal", warn: "elevated", alarm: "above threshold", idle: "no transactions" };

/** The latest datapoint of a series, if any. */
export function latest(points: [number, number][]): { t: number; v: number } | undefined {
  const p = points.at(-1);
  return p ? { t: p[0], v: p[1] } : undefined;
}

/** Contiguous stretches at or above the threshold: what the OCC chart shades. */
export function spansAbove(points: [number, number | null][], threshold: number, periodMs: number): [number, number][] {
  const spans: [number, number][] = [];
  let open: number | undefined;
  let lastT = 0;
  for (const [t, v] of points) {
    const above = v !== null && v >= threshold;
    if (above && open === undefined) open = t;
    if (!above && open !== undefined) {
      spans.push([open, lastT + periodMs]);
      open = undefined;
    }
    if (above) lastT = t;
  }
  if (open !== undefined) spans.push([open, lastT + periodMs]);
  return spans;
}
