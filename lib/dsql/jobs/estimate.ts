/**
 * How long an index build may still take. sys.jobs has no progress column, so there is no
 * percentage to show; an estimate is offered only when it can be grounded in this cluster's own
 * earlier builds (their durations and their tables' sizes) and the size of this build's table.
 */

export interface BuildSample {
  /** Rows of the table when that build ran. */
  rows: number;
  durationS: number;
}

export interface Estimate {
  /** Predicted total duration of this build, seconds. */
  totalS: number;
  /** What is left of it; 0 once the build has run past the prediction. */
  remainingS: number;
  /** The build is taking clearly longer than earlier builds predict. */
  overdue: boolean;
  /** How the estimate was made, for the label. */
  basis: string;
  samples: number;
}

/** Sizes this far apart (or more) let a line be fitted; closer ones are averaged. */
const SPREAD_FOR_FIT = 1.5;
/** Without a fit, only builds on tables of a similar size (within this factor) are comparable. */
const COMPARABLE = 2;

function fit(samples: BuildSample[]): { a: number; b: number } | undefined {
  const n = samples.length;
  const mx = samples.reduce((s, p) => s + p.rows, 0) / n;
  const my = samples.reduce((s, p) => s + p.durationS, 0) / n;
  const sxx = samples.reduce((s, p) => s + (p.rows - mx) ** 2, 0);
  if (sxx === 0) return undefined;
  const b = samples.reduce((s, p) => s + (p.rows - mx) * (p.durationS - my), 0) / sxx;
  const a = my - b * mx;
  // A build never gets faster with more rows, nor takes negative time: such a fit is noise.
  if (b < 0 || a < 0) return undefined;
  return { a, b };
}

/**
 * The estimate for a build on a table of `rows` rows that has run `elapsedS`, from earlier builds
 * on the same cluster; null when nothing comparable is known.
 */
export function estimateBuild(samples: BuildSample[], rows: number | null, elapsedS: number): Estimate | null {
  if (rows === null || rows < 0) return null;
  const usable = samples.filter((s) => s.rows >= 0 && s.durationS > 0 && Number.isFinite(s.durationS));
  if (!usable.length) return null;
  const sizes = usable.map((s) => s.rows);
  const spread = Math.max(...sizes) / Math.max(1, Math.min(...sizes));
  let totalS: number | undefined;
  let used = 0;
  const line = usable.length >= 2 && spread >= SPREAD_FOR_FIT ? fit(usable) : undefined;
  if (line) {
    totalS = line.a + line.b * rows;
    used = usable.length;
  } else {
    const similar = usable.filter((s) => Math.max(s.rows, rows) / Math.max(1, Math.min(s.rows, rows)) <= COMPARABLE);
    if (!similar.length) return null;
    totalS = similar.reduce((s, p) => s + p.durationS, 0) / similar.length;
    used = similar.length;
  }
  totalS = Math.max(1, Math.round(totalS));
  return {
    totalS,
    remainingS: Math.max(0, totalS - elapsedS),
    overdue: elapsedS > totalS * 1.2,
    basis: `from ${used} earlier ${used === 1 ? "build" : "builds"} on this cluster and this table's ${Math.round(rows).toLocaleString("en-US")} rows`,
    samples: used,
  };
}
