import "server-only";
import { inStore } from "../store";
import type { Drill, DrillSchedule } from "./model";

/**
 * Drills and schedules in the dashboard's store, shared by its instances. A drill is a document
 * plus the columns it is found by; an instance moves a drill on only while it holds its lease,
 * and claims a schedule's due run by moving next_run_at on (compare and set), so every run and
 * every step happens once however many instances tick.
 */

const LEASE_MS = 2 * 60_000;

interface DrillRow {
  doc: string;
}

const parse = (r: DrillRow) => JSON.parse(r.doc) as Drill;

export async function insertDrill(d: Drill): Promise<void> {
  await inStore((db) =>
    db.query("INSERT INTO restore_drills (id, cluster_arn, phase, requested_at, doc) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING", [
      d.id,
      d.clusterArn,
      d.phase,
      d.requestedAt,
      JSON.stringify(d),
    ]),
  );
}

export async function saveDrill(d: Drill): Promise<void> {
  await inStore((db) => db.query("UPDATE restore_drills SET phase = $2, doc = $3 WHERE id = $1", [d.id, d.phase, JSON.stringify(d)]));
}

/** Takes the drill's lease if nobody holds it: the drill as stored then, or undefined. */
export async function claimDrill(id: string, nowMs: number): Promise<Drill | undefined> {
  const rows = await inStore((db) => db.query<DrillRow>("UPDATE restore_drills SET lease_until = $2 WHERE id = $1 AND lease_until < $3 RETURNING doc", [id, nowMs + LEASE_MS, nowMs]));
  return rows[0] && parse(rows[0]);
}

export async function releaseDrill(id: string): Promise<void> {
  await inStore((db) => db.query("UPDATE restore_drills SET lease_until = 0 WHERE id = $1", [id]));
}

export async function getDrill(id: string): Promise<Drill | undefined> {
  const rows = await inStore((db) => db.query<DrillRow>("SELECT doc FROM restore_drills WHERE id = $1", [id]));
  return rows[0] && parse(rows[0]);
}

/** Drills not done (their copy may still exist), oldest first. */
export async function openDrills(): Promise<Drill[]> {
  const rows = await inStore((db) => db.query<DrillRow>("SELECT doc FROM restore_drills WHERE phase <> 'done' ORDER BY requested_at"));
  return rows.map(parse);
}

/** Newest first; of one cluster when its ARN is given. */
/** The newest drills, of one cluster, or up to `limit` of each of several clusters (one query for a Region's clusters), or of all. */
export async function listDrills(opts: { clusterArn?: string; clusterArns?: string[]; limit?: number } = {}): Promise<Drill[]> {
  const limit = Math.min(opts.limit ?? 200, 1000);
  const rows = await inStore((db) =>
    opts.clusterArns
      ? db.query<DrillRow>(
          `SELECT doc FROM (SELECT doc, requested_at, row_number() OVER (PARTITION BY cluster_arn ORDER BY requested_at DESC) AS n FROM restore_drills WHERE cluster_arn = ANY($1::text[])) d
           WHERE n <= $2 ORDER BY requested_at DESC`,
          [opts.clusterArns, limit],
        )
      : opts.clusterArn
        ? db.query<DrillRow>("SELECT doc FROM restore_drills WHERE cluster_arn = $1 ORDER BY requested_at DESC LIMIT $2", [opts.clusterArn, limit])
        : db.query<DrillRow>("SELECT doc FROM restore_drills ORDER BY requested_at DESC LIMIT $1", [limit]),
  );
  return rows.map(parse);
}

interface ScheduleRow {
  next_run_at: string | number;
  canary_at: string | number;
  doc: string;
}

const parseSchedule = (r: ScheduleRow): DrillSchedule & { canaryAt: number } => ({ ...(JSON.parse(r.doc) as DrillSchedule), nextRunAt: Number(r.next_run_at), canaryAt: Number(r.canary_at) });

export async function upsertSchedule(s: DrillSchedule): Promise<void> {
  await inStore((db) =>
    db.query(
      `INSERT INTO drill_schedules (cluster_arn, next_run_at, doc) VALUES ($1, $2, $3)
       ON CONFLICT (cluster_arn) DO UPDATE SET next_run_at = EXCLUDED.next_run_at, doc = EXCLUDED.doc`,
      [s.clusterArn, s.nextRunAt, JSON.stringify(s)],
    ),
  );
}

export async function deleteSchedule(clusterArn: string): Promise<boolean> {
  const rows = await inStore((db) => db.query("DELETE FROM drill_schedules WHERE cluster_arn = $1 RETURNING cluster_arn", [clusterArn]));
  return rows.length > 0;
}

export async function listSchedules(): Promise<(DrillSchedule & { canaryAt: number })[]> {
  const rows = await inStore((db) => db.query<ScheduleRow>("SELECT next_run_at, canary_at, doc FROM drill_schedules ORDER BY next_run_at"));
  return rows.map(parseSchedule);
}

/** Moves a due schedule on to `next`; true for the one instance whose update did it. */
export async function claimScheduledRun(clusterArn: string, dueAt: number, next: number): Promise<boolean> {
  const rows = await inStore((db) => db.query("UPDATE drill_schedules SET next_run_at = $3 WHERE cluster_arn = $1 AND next_run_at = $2 RETURNING cluster_arn", [clusterArn, dueAt, next]));
  return rows.length > 0;
}

/** Claims the canary's next write (none written since `since`); true for the instance that got it. */
export async function claimCanaryWrite(clusterArn: string, since: number, nowMs: number): Promise<boolean> {
  const rows = await inStore((db) => db.query("UPDATE drill_schedules SET canary_at = $3 WHERE cluster_arn = $1 AND canary_at < $2 RETURNING cluster_arn", [clusterArn, since, nowMs]));
  return rows.length > 0;
}
