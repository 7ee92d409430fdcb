/**
 * Time ranges and auto-refresh intervals of the cluster page, as they appear in the URL
 * (`?range=24h&refresh=1m`, or `?from=…&to=…` for a custom range). Dependency-free so client
 * components can import it.
 */

const H = 3_600_000;

export const RANGE_MS = { "1h": H, "3h": 3 * H, "12h": 12 * H, "24h": 24 * H, "7d": 7 * 24 * H, "14d": 14 * 24 * H, "30d": 30 * 24 * H } as const;
export type RangeKey = keyof typeof RANGE_MS;
export const RANGES = Object.keys(RANGE_MS) as RangeKey[];
export const DEFAULT_RANGE: RangeKey = "24h";

export const REFRESH_MS = { off: 0, "30s": 30_000, "1m": 60_000, "5m": 300_000 } as const;
export type RefreshKey = keyof typeof REFRESH_MS;
export const REFRESHES = Object.keys(REFRESH_MS) as RefreshKey[];

export const RANGE_LABEL: Record<RangeKey | "custom", string> = {
  "1h": "Last 1 hour",
  "3h": "Last 3 hours",
  "12h": "Last 12 hours",
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "14d": "Last 14 days",
  "30d": "Last 30 days",
  custom: "Custom",
};

/** What a range looks like in the URL. */
export type RangeParams = { range: RangeKey } | { from: string; to: string };

export function rangeSearch(r: RangeParams): string {
  return "range" in r ? `range=${r.range}` : `from=${encodeURIComponent(r.from)}&to=${encodeURIComponent(r.to)}`;
}
