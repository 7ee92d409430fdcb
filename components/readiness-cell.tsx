"use client";

import Link from "next/link";
import { Suspense, use } from "react";

/** A cluster's readiness in the fleet table: passed of applicable checks, from a summary the server streams after the table. */

export interface ReadinessSummary {
  passed: number;
  applicable: number;
  failed: number;
  unknown: number;
}

/** Cluster key (account/region/identifier) → its summary; a cluster absent from it could not be scored. */
export type ReadinessSummaries = Record<string, ReadinessSummary>;

const tone = (s: ReadinessSummary) => (s.failed ? "bg-red-100 text-red-800" : s.unknown ? "bg-amber-100 text-amber-900" : "bg-emerald-100 text-emerald-800");

function Score({ summaries, clusterKey, href }: { summaries: Promise<ReadinessSummaries>; clusterKey: string; href: string }) {
  const s = use(summaries)[clusterKey];
  if (!s)
    return (
      <span className="text-slate-400" title="Readiness could not be read">
        –
      </span>
    );
  const title = `${s.passed} of ${s.applicable} checks pass${s.failed ? `, ${s.failed} fail` : ""}${s.unknown ? `, ${s.unknown} could not be read` : ""}`;
  return (
    <Link href={href} title={title} data-testid="readiness-cell" className={`rounded px-1.5 py-0.5 text-xs font-medium tabular-nums hover:underline ${tone(s)}`}>
      {s.passed}/{s.applicable}
    </Link>
  );
}

/** "…" until the fleet's readiness arrives: never a score that was not read. */
export function ReadinessCell(props: { summaries?: Promise<ReadinessSummaries>; clusterKey: string; href: string }) {
  const pending = (
    <span className="text-slate-400" title="Reading readiness…" data-testid="readiness-pending">
      …
    </span>
  );
  if (!props.summaries) return <span className="text-slate-400">–</span>;
  return (
    <Suspense fallback={pending}>
      <Score summaries={props.summaries} clusterKey={props.clusterKey} href={props.href} />
    </Suspense>
  );
}
