"use client";

import { agoLabel } from "@/lib/format/time";
import { useNow } from "./use-now";

/** A failed refresh, said beside the data still shown: what failed and how old that data is. */
export function RefreshProblem({ error, updatedAt, what = "refresh" }: { error: string | null; updatedAt: number; what?: string }) {
  const now = useNow(!!error, new Date(updatedAt || 0).toISOString());
  if (!error) return null;
  return (
    <p role="status" className="text-sm text-amber-800">
      Could not {what} (retrying): {error}
      {updatedAt > 0 && ` · showing the data of ${agoLabel(now - updatedAt)}`}
    </p>
  );
}
