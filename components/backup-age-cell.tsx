import Link from "next/link";
import { formatAgeHours } from "@/lib/backup/age";

export interface BackupAge {
  ageHours?: number;
  stale: boolean;
  lastGoodAt?: string;
  thresholdHours: number;
  /** How far back the fleet view looked for a completed backup. */
  lookbackDays: number;
}

/** The fleet table's "last backup" cell: age of the last good backup, flagged past the threshold. */
export function BackupAgeCell({ backup, href }: { backup?: BackupAge; href: string }) {
  if (!backup)
    return (
      <span className="text-slate-400" title="Backup figures could not be read for this region">
        –
      </span>
    );
  const text = backup.ageHours !== undefined ? `${formatAgeHours(backup.ageHours)} ago` : `none in ${backup.lookbackDays} d`;
  const title = backup.lastGoodAt ? `Last good backup ${backup.lastGoodAt}; stale past ${backup.thresholdHours} h` : `No completed backup in the last ${backup.lookbackDays} days`;
  return (
    <Link
      href={href}
      data-testid="backup-age"
      data-stale={backup.stale ? "true" : "false"}
      title={title}
      className={backup.stale ? "font-medium text-amber-800 hover:underline" : "text-slate-700 hover:underline"}
    >
      {backup.stale && <span aria-label="stale">⚠ </span>}
      {text}
    </Link>
  );
}
