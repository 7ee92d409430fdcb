import { config } from "../aws/config";
import type { BudgetStatus } from "../cost/budget-model";
import { fleetBudgetStatuses } from "../cost/budget-status";
import { type Scope, scopeKey } from "../aws/scope";
import { fleetBackupHealth, restoresAcross, scopesOf } from "../backup/fleet";
import { listFleet, type Cluster } from "../dsql/clusters";
import { CONTACTABLE } from "../dsql/jobs";
import { toAppError } from "../errors";
import type { MetricsEngine } from "../metrics/engine";
import type { HourWindow } from "./baselines";
import { alarmsInAlarm, clusterAlarmFacts } from "./alarms";
import { regionLeakFacts, leakedTxSignal } from "./insights";
import { fleetJobsSnapshot, jobFacts } from "./jobs";
import { regionMetricFacts, type RegionMetricFacts } from "./metrics";
import { alarmSignal, backupSignal, drillSignal, restoreSignal } from "./ops-signals";
import { drillSignals } from "../drills";
import { partition, triageOf, type ClusterTriage, type Ranked, type SourceName } from "./rank";
import type { Signal } from "./signals";

/**
 * Triage of the whole fleet: every cluster of every watched region, with what needs attention
 * now. Each source (metrics, alarms, backups, restores, index jobs) is read once and settled on
 * its own, so one failing region or source shows its error while the rest still render.
 */

export type { ClusterTriage } from "./rank";
export type { Signal } from "./signals";

export interface RegionStatus extends Scope {
  accountName: string;
  clusters: number;
  /** What could not be read in this region. */
  errors: { source: SourceName | "clusters"; message: string }[];
  /** GetMetricData calls this refresh cost (0 when served from the engine's cache). */
  metricCalls: number;
}

export interface TriageReport extends Ranked {
  generatedAt: number;
  thresholdPct: number;
  backupStaleHours: number;
  /** The "last hour" of the metric signals, for the page header. */
  window: HourWindow | null;
  /** Until when the metric figures stand: a refresh sooner returns the same (null: none read). */
  metricsFreshUntil: number | null;
  regions: RegionStatus[];
  /** Set when the index jobs could not be listed at all. */
  jobsError?: string;
  /** When the index jobs shown were listed (they are refreshed in the background); null while the first listing runs. */
  jobsAt: number | null;
  /** Budgets this month is forecast to exceed, or has (lib/cost/budget-status.ts). */
  budgets: BudgetStatus[];
}

/** Clusters whose sys.jobs is read (sleeping ones are not woken). */

export interface TriageOptions {
  regions?: string[];
  nowMs?: number;
  thresholdPct?: number;
  engine?: MetricsEngine;
}

async function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; message: string }> {
  try {
    return { ok: true, value: await p };
  } catch (err) {
    return { ok: false, message: toAppError(err).message };
  }
}

export async function triageFleet(opts: TriageOptions = {}): Promise<TriageReport> {
  const cfg = config();
  const nowMs = opts.nowMs ?? Date.now();
  const thresholdPct = opts.thresholdPct ?? cfg.occThresholdPct;
  const fleet = await listFleet({ regions: opts.regions });
  const all: Cluster[] = fleet.flatMap((r) => r.clusters);
  // Leaked transactions over the last hour of whole minutes (Database Insights publishes per minute).
  const leakEnd = Math.floor(nowMs / 60_000) * 60_000;
  const leakWindow: HourWindow = { startMs: leakEnd - 3_600_000, endMs: leakEnd };

  const [perRegion, backups, restores, jobs, budgets, drills] = await Promise.all([
    Promise.all(
      fleet.map(async (r) => {
        const [metrics, alarms, leaks] = await Promise.all([
          r.clusters.length
            ? settle(
                regionMetricFacts(
                  r,
                  r.clusters.map((c) => ({ identifier: c.identifier, createdMs: c.creationTime.getTime() })),
                  { engine: opts.engine, nowMs, thresholdPct },
                ),
              )
            : Promise.resolve({ ok: true as const, value: undefined as RegionMetricFacts | undefined }),
          r.clusters.length ? settle(alarmsInAlarm(r)) : Promise.resolve({ ok: true as const, value: [] }),
          r.clusters.length ? settle(regionLeakFacts(r, leakWindow)) : Promise.resolve({ ok: true as const, value: new Map() }),
        ]);
        return { scope: scopeKey(r), metrics, alarms, leaks };
      }),
    ),
    settle(fleetBackupHealth(all, new Date(nowMs))),
    settle(restoresAcross(scopesOf(all), () => true, 7)),
    settle(fleetJobsSnapshot()),
    // Only when budgets are set does this read the month's spend (the overview's figures, shared through the engine's cache).
    fleetBudgetStatuses(nowMs).catch(() => ({ statuses: [] as BudgetStatus[] })),
    settle(drillSignals(nowMs)),
  ]);
  const jobsByCluster = jobs.ok && jobs.value ? jobFacts(jobs.value.jobs, all, nowMs) : undefined;

  const restoreSignals = new Map<string, Signal[]>();
  if (restores.ok) {
    const arns = new Set(all.map((c) => c.arn));
    for (const job of restores.value.jobs) {
      const s = restoreSignal(job, nowMs);
      // The source cluster is the one someone is trying to recover; else the cluster it made.
      const owner = [job.sourceResourceArn, job.createdResourceArn].find((a) => a && arns.has(a));
      if (s && owner) restoreSignals.set(owner, [...(restoreSignals.get(owner) ?? []), s]);
    }
  }
  const backupErrors = new Map((backups.ok ? backups.value.errors : []).map((e) => [scopeKey(e), e.message]));
  const restoreErrors = new Map((restores.ok ? restores.value.errors : []).map((e) => [scopeKey(e), e.message]));

  const clusters: ClusterTriage[] = [];
  const regionStatus: RegionStatus[] = fleet.map((r) => {
    const pr = perRegion.find((p) => p.scope === scopeKey(r))!;
    const errors: RegionStatus["errors"] = [];
    if (r.error) errors.push({ source: "clusters", message: r.error });
    if (!pr.metrics.ok) errors.push({ source: "metrics", message: pr.metrics.message });
    if (!pr.alarms.ok) errors.push({ source: "alarms", message: pr.alarms.message });
    const backupError = backups.ok ? backupErrors.get(scopeKey(r)) : backups.message;
    if (backupError) errors.push({ source: "backups", message: backupError });
    const restoreError = restores.ok ? restoreErrors.get(scopeKey(r)) : restores.message;
    if (restoreError) errors.push({ source: "restores", message: restoreError });

    for (const c of r.clusters) {
      const signals: Signal[] = [];
      const unchecked: ClusterTriage["unchecked"] = [];
      const notes: string[] = [];
      if (pr.metrics.ok && pr.metrics.value) {
        const m = pr.metrics.value.byCluster.get(c.identifier);
        if (m?.error) unchecked.push({ source: "metrics", message: m.error });
        signals.push(...(m?.signals ?? []));
        notes.push(...(m?.notes ?? []));
      } else if (!pr.metrics.ok) unchecked.push({ source: "metrics", message: pr.metrics.message });
      if (pr.alarms.ok) signals.push(...clusterAlarmFacts(pr.alarms.value, c.identifier).map(alarmSignal));
      else unchecked.push({ source: "alarms", message: pr.alarms.message });
      const health = backups.ok ? backups.value.byArn[c.arn] : undefined;
      if (health) {
        const s = backupSignal(health, { createdMs: c.creationTime.getTime(), status: c.status }, nowMs);
        if (s) signals.push(s);
      } else unchecked.push({ source: "backups", message: backupError ?? "no backup figures for this cluster" });
      if (pr.leaks.ok) {
        const s = leakedTxSignal(pr.leaks.value.get(c.identifier) ?? [], leakWindow);
        if (s) signals.push(s);
      } else unchecked.push({ source: "insights", message: pr.leaks.message });
      if (restoreError) unchecked.push({ source: "restores", message: restoreError });
      else signals.push(...(restoreSignals.get(c.arn) ?? []));
      const j = jobsByCluster?.get(`${c.region}/${c.identifier}`);
      if (!jobs.ok) unchecked.push({ source: "jobs", message: jobs.message });
      else if (!jobs.value && CONTACTABLE.has(c.status)) unchecked.push({ source: "jobs", message: "the index jobs are still being listed; they follow on the next refresh" });
      else if (j?.error) unchecked.push({ source: "jobs", message: j.error });
      signals.push(...(j?.signals ?? []));
      if (drills.ok) signals.push(...drills.value.filter((d) => d.clusterArn === c.arn).map(drillSignal));
      else unchecked.push({ source: "drills", message: drills.message });
      clusters.push(triageOf({ account: c.account, accountName: r.accountName, region: c.region, identifier: c.identifier, name: c.name, status: c.status, signals, unchecked, notes }));
    }
    return { account: r.account, accountName: r.accountName, region: r.region, clusters: r.clusters.length, errors, metricCalls: pr.metrics.ok ? (pr.metrics.value?.calls ?? 0) : 0 };
  });

  const read = perRegion.flatMap((p) => (p.metrics.ok && p.metrics.value ? [p.metrics.value] : []));
  const window = read[0]?.window ?? null;
  return {
    generatedAt: nowMs,
    thresholdPct,
    backupStaleHours: cfg.backupStaleHours,
    window,
    metricsFreshUntil: read.length ? Math.min(...read.map((m) => m.freshUntil)) : null,
    regions: regionStatus,
    ...partition(clusters),
    jobsError: jobs.ok ? undefined : jobs.message,
    jobsAt: jobs.ok && jobs.value ? jobs.value.at : null,
    budgets: budgets.statuses.filter((b) => b.state !== "ok"),
  };
}
