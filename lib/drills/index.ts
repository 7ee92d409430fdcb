import "server-only";
import type { User } from "../auth";
import { config } from "../aws/config";
import type { Scope } from "../aws/scope";
import { recentRestoreJobs, restoresAcross } from "../backup/fleet";
import { regionPrice } from "../cost/pricing";
import { GB, storageDollars } from "../cost";
import { deleteCluster, listFleet, type Cluster } from "../dsql/clusters";
import { badRequest, conflict, notFound } from "../errors";
import { type Cadence, cadenceMs, type Drill, type DrillSchedule, type DrillSignal, figuresOf, isLeftover, lastVerdict, nextRunAfter, verdictMessage } from "./model";
import { createDrill, DRILL_EXPIRES_TAG, DRILL_TAG } from "./runner";
import { deleteSchedule, getDrill, listDrills, listSchedules, openDrills, upsertSchedule } from "./store";

/** Restore drills for pages and routes: schedules, drills started now, history, leftovers. */

export { CADENCES, type Cadence, type Drill, type DrillCheck, type DrillSchedule, type DrillSignal, figuresOf, isLeftover } from "./model";
export { DRILL_TAG, DRILL_EXPIRES_TAG, tickDrills } from "./runner";
export { getDrill } from "./store";

/** Sets (or replaces) a cluster's drill schedule; its first run is the cadence's next slot. */
export async function scheduleDrills(cluster: Cluster, input: { cadence: Cadence; canary: boolean }, user: User, nowMs = Date.now()): Promise<DrillSchedule> {
  const s: DrillSchedule = {
    clusterArn: cluster.arn,
    account: cluster.account,
    region: cluster.region,
    clusterName: cluster.name,
    cadence: input.cadence,
    canary: input.canary,
    nextRunAt: nextRunAfter(input.cadence, nowMs),
    setBy: user.name,
    setAt: nowMs,
  };
  await upsertSchedule(s);
  return s;
}

export async function unscheduleDrills(cluster: Cluster): Promise<void> {
  if (!(await deleteSchedule(cluster.arn))) throw notFound(`A drill schedule for ${cluster.name}`);
}

/** A drill started now by a person; one at a time per cluster. */
export async function startDrillNow(cluster: Cluster, user: User, nowMs = Date.now()): Promise<Drill> {
  const running = (await openDrills()).find((d) => d.clusterArn === cluster.arn && !d.result);
  if (running) throw conflict(`A drill of ${cluster.name} is already under way (${running.phase}, started ${new Date(running.requestedAt).toISOString()})`);
  const schedule = (await listSchedules()).find((s) => s.clusterArn === cluster.arn);
  return createDrill({ cluster, trigger: "manual", requestedBy: user.name, canary: schedule?.canary ?? false }, nowMs);
}

/** A copy tagged as a drill's that no drill in this dashboard's store owns (another deployment's, or a lost record). */
export interface StrayCopy extends Scope {
  arn: string;
  identifier: string;
  drillId: string;
  expiresAt?: string;
  status: string;
}

export interface Leftover {
  arn: string;
  identifier: string;
  account: string;
  region: string;
  drillId: string;
  reason: string;
  /** Storage of the copy per day at the Region's price (null: price or size unknown). */
  usdPerDay: number | null;
}

export interface DrillsView {
  drills: Drill[];
  schedules: DrillSchedule[];
  leftovers: Leftover[];
  /** Verdicts AWS Backup holds for restores of the watched clusters (PutRestoreValidationResult), this store's or not. */
  reported: { jobId: string; account: string; region: string; sourceArn?: string; status: string; message?: string; at: string }[];
  problems: string[];
  /** When this was read (epoch ms). */
  at: number;
}

const identifierOf = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);

async function perDay(region: string, bytes: number): Promise<number | null> {
  return storageDollars((bytes / GB) * (1 / 30.4), await regionPrice(region));
}

/** The Drills page: history, schedules, leftovers (the store's and stray tagged copies in the fleet), and AWS Backup's verdicts. */
export async function drillsView(nowMs = Date.now()): Promise<DrillsView> {
  const [drills, schedules, fleet] = await Promise.all([listDrills({ limit: 500 }), listSchedules(), listFleet()]);
  const problems = fleet.filter((r) => r.error).map((r) => `${r.accountName} ${r.region}: ${r.error}`);
  const known = new Map(drills.map((d) => [d.id, d]));
  const leftovers: Leftover[] = [];
  for (const d of drills.filter((x) => isLeftover(x, nowMs))) {
    leftovers.push({
      arn: d.restoredArn!,
      identifier: identifierOf(d.restoredArn!),
      account: d.account,
      region: d.region,
      drillId: d.id,
      reason: d.deleteError ? `Delete failed: ${d.deleteError}` : `Outlived its expiry (${new Date(d.expiresAt).toISOString()})`,
      usdPerDay: await perDay(d.region, d.pointSizeBytes ?? 0),
    });
  }
  for (const scope of fleet) {
    for (const c of scope.clusters) {
      const id = c.tags[DRILL_TAG];
      if (!id || known.has(id) || c.status === "DELETING") continue;
      const expires = c.tags[DRILL_EXPIRES_TAG];
      leftovers.push({
        arn: c.arn,
        identifier: c.identifier,
        account: c.account,
        region: c.region,
        drillId: id,
        reason: `Tagged as drill ${id}${expires ? `, expired ${expires}` : ""}, which this dashboard has no record of: delete it once you know nobody uses it`,
        usdPerDay: null,
      });
    }
  }
  const scopes = fleet.filter((r) => !r.error).map((r) => ({ account: r.account, region: r.region }));
  const restores = await restoresAcross(scopes, (j) => !!j.validation, 30);
  problems.push(...restores.errors.map((e) => `${e.account} ${e.region}: ${e.message}`));
  return {
    drills,
    schedules,
    leftovers,
    reported: restores.jobs.map((j) => ({
      jobId: j.id,
      account: j.account,
      region: j.region,
      sourceArn: j.sourceResourceArn,
      status: j.validation!.status,
      message: j.validation!.message,
      at: j.createdAt,
    })),
    problems,
    at: nowMs,
  };
}

/**
 * Deletes a stray drill copy after a person confirmed it by typing its identifier. Only a cluster
 * tagged as a drill's copy can be deleted this way.
 */
export async function deleteStrayCopy(cluster: Cluster, confirm: string): Promise<void> {
  if (!cluster.tags[DRILL_TAG]) throw badRequest(`${cluster.identifier} is not tagged as a restore drill's copy (${DRILL_TAG}); the dashboard deletes nothing else`);
  if (confirm.trim() !== cluster.identifier) throw badRequest(`To confirm, type the copy's identifier (${cluster.identifier}) exactly`);
  await deleteCluster(cluster);
}

/** A cluster's drills and schedule (its Backups tab). */
export async function clusterDrills(clusterArn: string, nowMs = Date.now()): Promise<{ drills: Drill[]; schedule?: DrillSchedule; at: number }> {
  const [drills, schedules] = await Promise.all([listDrills({ clusterArn, limit: 50 }), listSchedules()]);
  return { drills, schedule: schedules.find((s) => s.clusterArn === clusterArn), at: nowMs };
}

/**
 * What readiness judges a cluster by: its newest drill verdict in the store, else the newest
 * verdict AWS Backup holds for a restore of it (another deployment's drill, or the team's own test).
 */
export interface DrillStanding {
  lastAt: number;
  passed: boolean;
  summary: string;
}

/**
 * The last drill verdict of each cluster (by ARN): the store's newest, read for all of them in one
 * query, else the newest verdict AWS Backup holds on a restore of the cluster; null when neither has one.
 */
export async function drillStandings(clusters: (Scope & { arn: string })[]): Promise<Record<string, DrillStanding | null>> {
  const drills = await listDrills({ clusterArns: clusters.map((c) => c.arn), limit: 20 });
  const out: Record<string, DrillStanding | null> = {};
  await Promise.all(
    clusters.map(async (c) => {
      const last = lastVerdict(drills.filter((d) => d.clusterArn === c.arn));
      if (last) {
        const f = figuresOf(last);
        const rto = f.rtoMs !== undefined ? `, RTO ${Math.round(f.rtoMs / 60_000)} min` : "";
        out[c.arn] = { lastAt: last.requestedAt, passed: last.result === "passed", summary: `${verdictMessage(last.checks)}${rto}` };
        return;
      }
      const held = (await recentRestoreJobs(c, 30)).find((j) => j.sourceResourceArn === c.arn && (j.validation?.status === "SUCCESSFUL" || j.validation?.status === "FAILED"));
      out[c.arn] = held
        ? {
            lastAt: Date.parse(held.createdAt),
            passed: held.validation!.status === "SUCCESSFUL",
            summary: `AWS Backup holds the verdict on restore ${held.id} (${held.createdAt.slice(0, 10)}): ${held.validation!.message ?? held.validation!.status}`,
          }
        : null;
    }),
  );
  return out;
}

/** Triage: the last drill failed, no passed drill within the schedule, a copy left behind. */
export async function drillSignals(nowMs = Date.now()): Promise<DrillSignal[]> {
  const [drills, schedules] = await Promise.all([listDrills({ limit: 500 }), listSchedules()]);
  const out: DrillSignal[] = [];
  const byCluster = new Map<string, Drill[]>();
  for (const d of drills) byCluster.set(d.clusterArn, [...(byCluster.get(d.clusterArn) ?? []), d]);
  for (const [arn, list] of byCluster) {
    const last = lastVerdict(list);
    if (last?.result === "failed") out.push({ kind: "drill-failed", clusterArn: arn, clusterName: last.clusterName, account: last.account, region: last.region, detail: last.message ?? "failed" });
    for (const d of list.filter((x) => isLeftover(x, nowMs))) {
      out.push({
        kind: "drill-leftover",
        clusterArn: arn,
        clusterName: d.clusterName,
        account: d.account,
        region: d.region,
        detail: `Copy ${identifierOf(d.restoredArn!)} of drill ${d.id} is still there: ${d.deleteError ?? "past its expiry"}`,
      });
    }
  }
  for (const s of schedules) {
    const passed = (byCluster.get(s.clusterArn) ?? []).filter((d) => d.result === "passed").sort((a, b) => b.requestedAt - a.requestedAt)[0];
    const slack = 2 * cadenceMs(s.cadence);
    if (nowMs - s.setAt > slack && (!passed || nowMs - passed.requestedAt > slack)) {
      out.push({
        kind: "drill-overdue",
        clusterArn: s.clusterArn,
        clusterName: s.clusterName,
        account: s.account,
        region: s.region,
        detail: `No passed ${s.cadence} drill ${passed ? `since ${new Date(passed.requestedAt).toISOString().slice(0, 10)}` : "yet"}`,
      });
    }
  }
  return out;
}

export const drillSettings = () => config().drills;
