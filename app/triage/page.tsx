import type { Metadata } from "next";
import { Suspense } from "react";
import { TriageBoard } from "@/components/triage-board";
import { REFRESHES, type RefreshKey } from "@/lib/metrics/range-presets";
import { triageFleet } from "@/lib/triage";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Triage" };

/** What needs attention now, across every cluster of every watched region. */
export default async function TriagePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const wanted = Array.isArray(sp.refresh) ? sp.refresh[0] : sp.refresh;
  // Polling is on by default here: an on-call page that goes stale unnoticed is worse than none.
  const refresh: RefreshKey = REFRESHES.includes(wanted as RefreshKey) ? (wanted as RefreshKey) : "1m";
  const report = await triageFleet();
  return (
    <Suspense>
      <TriageBoard initial={report} refresh={refresh} />
    </Suspense>
  );
}
