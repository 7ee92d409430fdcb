"use client";

import { useEffect, useState } from "react";

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
