/** How old a cluster's last good backup is, and whether that is too old. Pure. */

/** Recovery point states that can be restored from. */
const GOOD = new Set(["COMPLETED", "AVAILABLE"]);

export interface BackupHealth {
  /** When the newest good backup was taken; undefined when there is none. */
  lastGoodAt?: string;
  ageHours?: number;
  stale: boolean;
  thresholdHours: number;
}

export function lastGoodBackup<T extends { status: string; createdAt: string }>(points: T[]): T | undefined {
  let best: T | undefined;
  for (const p of points) if (GOOD.has(p.status) && (!best || p.createdAt > best.createdAt)) best = p;
  return best;
}

/** A cluster with no good backup at all is stale too: that is the case to flag first. */
export function backupHealth(lastGoodAt: string | Date | undefined, thresholdHours: number, now: Date = new Date()): BackupHealth {
  if (lastGoodAt === undefined) return { stale: true, thresholdHours };
  const at = new Date(lastGoodAt);
  const ageHours = Math.max(0, (now.getTime() - at.getTime()) / 3_600_000);
  return { lastGoodAt: at.toISOString(), ageHours, stale: ageHours > thresholdHours, thresholdHours };
}

/** "5 h", "3 d 2 h": short enough for a table cell. */
export function formatAgeHours(h: number): string {
  if (h < 1) return `${Math.max(1, Math.round(h * 60))} min`;
  if (h < 48) return `${Math.floor(h)} h`;
  const d = Math.floor(h / 24);
  const rest = Math.floor(h - d * 24);
  return rest ? `${d} d ${rest} h` : `${d} d`;
}
