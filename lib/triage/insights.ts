import type { Scope } from "../aws/scope";
import { num } from "../format";
import { CLIENT_READ, LABEL, AAS_METRIC } from "../insights/model";
import { promqlClient, type PromqlClient } from "../metrics/promql";
import type { HourWindow } from "./baselines";
import { HINTS, windowLabel, type Signal } from "./signals";

/**
 * Leaked transactions in triage: sessions idle inside open transactions (DASH's ClientRead wait)
 * over the last hour, from one PromQL call per account and Region whatever the number of clusters.
 * Each such session holds its transaction (and its compute, lib/insights/model.ts) open.
 */

/** Average sessions idle in transaction over the hour above which a cluster is flagged. */
export const LEAK_THRESHOLD_AAS = 0.5;

export interface LeakFact {
  app: string;
  role: string;
  aas: number;
}

const roleName = (arn: string) => arn.replace(/^arn:aws:iam::\d+:role\//, "");

/** The signal for a cluster's idle-in-transaction sessions, or null below the threshold. */
export function leakedTxSignal(facts: LeakFact[], window: HourWindow, threshold = LEAK_THRESHOLD_AAS): Signal | null {
  const total = facts.reduce((s, f) => s + f.aas, 0);
  if (total < threshold) return null;
  const worst = [...facts].sort((a, b) => b.aas - a.aas);
  const who = worst
    .slice(0, 3)
    .map((f) => `${f.app || "(no application name)"} as ${roleName(f.role)}: ${num(f.aas, 2)}`)
    .join("; ");
  return {
    kind: "leakedTx",
    severity: "warning",
    title: `${num(total, 1)} sessions idle in open transactions (${worst[0].app || roleName(worst[0].role)})`,
    evidence: {
      value: total,
      unit: "sessions",
      baseline: threshold,
      baselineLabel: "threshold",
      window,
      text: `On average ${num(total, 2)} sessions waited on their client inside an open transaction (ClientRead) in the last hour (${windowLabel(window)}): ${who}.`,
    },
    hint: HINTS.leakedTx,
  };
}

/** Per cluster of the scope: who held transactions open, and how many sessions on average, over the window. */
export async function regionLeakFacts(scope: Scope, window: HourWindow, client: PromqlClient = promqlClient()): Promise<Map<string, LeakFact[]>> {
  const minutes = Math.round((window.endMs - window.startMs) / 60_000);
  const query = `sum by ("${LABEL.cluster}", "${LABEL.app}", "${LABEL.role}") (sum_over_time({"${AAS_METRIC}", "${LABEL.wait}"="${CLIENT_READ}"}[${minutes}m])) / ${minutes}`;
  const answer = await client.query(scope, { query, endMs: window.endMs });
  const out = new Map<string, LeakFact[]>();
  for (const s of answer.series) {
    const id = s.labels[LABEL.cluster];
    const aas = s.points.at(-1)?.[1] ?? 0;
    if (!id || !(aas > 0)) continue;
    out.set(id, [...(out.get(id) ?? []), { app: s.labels[LABEL.app] ?? "", role: s.labels[LABEL.role] ?? "", aas }]);
  }
  return out;
}
