import { scoreOf, sortSignals, worstSeverity, type Severity, type Signal } from "./signals";

/**
 * Ranking: the cluster that needs attention first is on top. Critical signals outweigh any
 * number of warnings (100 vs 10 points); ties go to the cluster with more signals, then by name.
 * A cluster is "clean" only when every source was read and nothing was found: one whose
 * metrics or backups could not be read is "unchecked", never clean.
 */

export type SourceName = "metrics" | "alarms" | "backups" | "restores" | "jobs" | "drills" | "insights";

export interface ClusterTriage {
  account: string;
  accountName: string;
  region: string;
  identifier: string;
  name: string;
  status: string;
  signals: Signal[];
  /** Sources that could not be read for this cluster, with why. */
  unchecked: { source: SourceName; message: string }[];
  /** Sources that answered only in part (e.g. partial CloudWatch data). */
  notes: string[];
  score: number;
  severity: Severity | null;
}

export function triageOf(c: Omit<ClusterTriage, "score" | "severity">): ClusterTriage {
  const signals = sortSignals(c.signals);
  return { ...c, signals, score: scoreOf(signals), severity: worstSeverity(signals) };
}

export function rank(clusters: ClusterTriage[]): ClusterTriage[] {
  return [...clusters].sort((a, b) => b.score - a.score || b.signals.length - a.signals.length || a.name.localeCompare(b.name) || a.region.localeCompare(b.region));
}

export interface Ranked {
  attention: ClusterTriage[];
  /** Nothing found and everything read: one line on the page. */
  clean: ClusterTriage[];
  /** Nothing found but something could not be read. */
  unchecked: ClusterTriage[];
}

export function partition(clusters: ClusterTriage[]): Ranked {
  const ranked = rank(clusters);
  return {
    attention: ranked.filter((c) => c.signals.length > 0),
    clean: ranked.filter((c) => c.signals.length === 0 && c.unchecked.length === 0),
    unchecked: ranked.filter((c) => c.signals.length === 0 && c.unchecked.length > 0),
  };
}
