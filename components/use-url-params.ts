"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useTransition } from "react";

/**
 * View state kept in the URL, so a link shows the same view: returns a setter that merges
 * changes into the query (null or "" removes a key) and whether the navigation is under way.
 */
export function useUrlParams(mode: "push" | "replace" = "replace") {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const set = useCallback(
    (changes: Record<string, string | null | undefined>) => {
      const next = new URLSearchParams(params.toString());
      for (const [k, v] of Object.entries(changes)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      const s = next.toString();
      const url = s ? `${pathname}?${s}` : pathname;
      startTransition(() => (mode === "push" ? router.push(url, { scroll: false }) : router.replace(url, { scroll: false })));
    },
    [params, pathname, router, mode],
  );
  return { params, set, pending };
}
