"use client";

import { useCallback, useEffect, useState } from "react";
import { callJson } from "./call-json";

/**
 * Keeps a server view fresh: fetches `url` again after `intervalFor(latest data)` ms, and at once
 * after `refresh()` (a mutation). A failed refresh keeps the last data and says so, then retries.
 */
export function usePolling<T>(url: string, initial: T, intervalFor: (data: T) => number) {
  const [data, setData] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const [urgent, setUrgent] = useState(false);
  const interval = intervalFor(data);

  useEffect(() => {
    let cancelled = false;
    const t = setTimeout(
      async () => {
        try {
          const next = await callJson<T>(url);
          if (!cancelled) {
            setData(next);
            setProblem(null);
          }
        } catch (err) {
          if (!cancelled) setProblem(err instanceof Error ? err.message : String(err));
        } finally {
          if (!cancelled) {
            setUrgent(false);
            setRound((r) => r + 1);
          }
        }
      },
      urgent ? 0 : interval,
    );
    return () => {
      cancelled = true;
      clearTimeout(t);
    };
  }, [url, interval, urgent, round]);

  const refresh = useCallback(() => setUrgent(true), []);
  return { data, problem, refresh };
}

/** The current time, ticking every second while `active` (elapsed times of running jobs); starts at `fromIso` so server and browser render alike. */
export function useNow(active: boolean, fromIso: string): number {
  const [now, setNow] = useState(() => Date.parse(fromIso));
  useEffect(() => {
    if (!active) return;
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const t = setInterval(tick, 1_000);
    return () => {
      clearTimeout(first);
      clearInterval(t);
    };
  }, [active]);
  return now;
}
