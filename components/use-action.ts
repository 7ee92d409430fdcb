"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

/**
 * An operator's change from a panel: one at a time (`busy` names it), its error kept for the
 * panel to show, and the page's server data read again once it succeeded (unless `refresh` is
 * false: a change the page does not show, which need not read the page's data again).
 */
export function useAction(opts: { refresh?: boolean } = {}) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  /** Runs `f` as `label`; true when it succeeded. */
  const run = async (label: string, f: () => Promise<unknown>): Promise<boolean> => {
    setBusy(label);
    setProblem(null);
    try {
      await f();
      if (opts.refresh !== false) router.refresh();
      return true;
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
      return false;
    } finally {
      setBusy(null);
    }
  };

  return { busy, problem, setProblem, run, refresh: () => router.refresh() };
}
