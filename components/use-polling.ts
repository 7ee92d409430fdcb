"use client";

import { useCallback, useEffect, useRef, useState } from "react";

/**
 * The one way a page keeps server data fresh. One timer per hook (a page that shows several
 * sources loads them together in `load`), so a page never refreshes twice per tick:
 * - the interval comes from the caller (the URL's `refresh`, or a pace that depends on the data;
 *   `null` stops polling, e.g. once a restore has ended);
 * - a hidden tab does not poll; when it is shown again it refreshes at once if its data is stale;
 * - after a failure the next attempt waits longer (doubling, capped), and the last good data stays
 *   on screen with its age and the error beside it;
 * - `refresh()` fetches now (after a mutation, or a Retry button); a fetch in flight is not repeated;
 *   `replace(data)` shows what a mutation answered and polls on from there.
 * We keep this hook (about 80 lines) rather than SWR or TanStack Query: those key their timers per
 * request, so the one-tick-per-page rule and the data-dependent pace would be fought, not given.
 */

export interface Polled<T> {
  data: T;
  /** When `data` was fetched (epoch ms); the first render's data counts from `initialAt`. */
  updatedAt: number;
  /** The latest refresh's error, while the last good data is shown. */
  error: string | null;
  busy: boolean;
  refresh: () => void;
  /** Shows data the page got another way (a mutation's answer) and polls on from it. */
  replace: (data: T) => void;
}

/**
 * A polling interval that never asks sooner than the server's answer changes: `freshForMs` is how
 * long the data stays what it is (the metrics engine keeps a 1-hour panel's answer 6 minutes), counted
 * from its arrival so the browser's and the server's clocks need not agree. Null or 0: no polling.
 */
export function pacedInterval(intervalMs: number | null, freshForMs: number): number | null {
  return intervalMs ? Math.max(intervalMs, freshForMs) : null;
}

/** The next delay after `failures` consecutive failures: the interval, doubled per failure, capped at 8× (and 5 min, unless the interval is longer). */
export function nextDelay(intervalMs: number, failures: number): number {
  if (failures <= 0) return intervalMs;
  const cap = Math.max(intervalMs, Math.min(intervalMs * 8, 300_000));
  return Math.min(cap, intervalMs * 2 ** failures);
}

export function usePolling<T>(load: () => Promise<T>, opts: { initial: T; initialAt?: number; intervalMs: number | null | ((data: T) => number | null); key?: string }): Polled<T> {
  const [state, setState] = useState({ data: opts.initial, updatedAt: opts.initialAt ?? 0, error: null as string | null, failures: 0 });
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  const inFlight = useRef(false);
  useEffect(() => {
    loadRef.current = load;
  });
  const interval = typeof opts.intervalMs === "function" ? opts.intervalMs(state.data) : opts.intervalMs;

  const run = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    try {
      const data = await loadRef.current();
      setState({ data, updatedAt: Date.now(), error: null, failures: 0 });
    } catch (err) {
      setState((s) => ({ ...s, error: err instanceof Error ? err.message : String(err), failures: s.failures + 1 }));
    } finally {
      inFlight.current = false;
      setBusy(false);
      setTick((t) => t + 1);
    }
  }, []);

  // A new key (another cluster, range or filter) is new data: fetch it now.
  const firstKey = useRef(opts.key);
  useEffect(() => {
    if (opts.key === firstKey.current) return;
    firstKey.current = opts.key;
    void run();
  }, [opts.key, run]);

  useEffect(() => {
    if (interval === null || interval <= 0) return;
    const delay = nextDelay(interval, state.failures);
    const t = setTimeout(() => {
      if (document.visibilityState === "hidden") setTick((n) => n + 1);
      else void run();
    }, delay);
    const onVisible = () => {
      if (document.visibilityState === "visible" && Date.now() - state.updatedAt > delay) void run();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      clearTimeout(t);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [interval, state.failures, state.updatedAt, tick, run]);

  const replace = useCallback((data: T) => setState({ data, updatedAt: Date.now(), error: null, failures: 0 }), []);
  return { data: state.data, updatedAt: state.updatedAt, error: state.error, busy, refresh: run, replace };
}
