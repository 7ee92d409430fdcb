import { firstValues, type SearchParams } from "@/lib/http/search-params";
import type { Metadata } from "next";
import { Suspense } from "react";
import { TriageBoard } from "@/components/triage-board";
import { REFRESHES, type RefreshKey } from "@/lib/metrics/range-presets";
import { triageFleet } from "@/lib/triage";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Triage" };

/** What needs attention now, across every cluster of every watched region. */
export default async function TriagePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const wanted = firstValues(await searchParams).refresh;
  // Polling is on by default here: an on-call page that goes stale unnoticed is worse than none.
  const refresh: RefreshKey = REFRESHES.includes(wanted as RefreshKey) ? (wanted as RefreshKey) : "1m";
  const report = await triageFleet();
  return (
    <Suspense>
      <TriageBoard initial={report} refresh={refresh} />
    </Suspense>
  );
}
