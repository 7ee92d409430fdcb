import { uuidFrom } from "./backups";

/**
 * The scenario's restore drill history, as AWS Backup holds it: drill restores, each with the
 * verdict the drill reported (PutRestoreValidationResult), one of them a failure. Their copies were
 * deleted afterwards, but one: a copy another deployment's drill left behind (tagged as a drill's,
 * its expiry long past), which still exists and costs money. Hours before the anchor.
 */
export interface DrillVerdictSeed {
  cluster: string;
  region: string;
  agoH: number;
  status: "SUCCESSFUL" | "FAILED";
  message: string;
  /** The copy is still there. */
  leftover?: boolean;
}

export const DRILL_VERDICTS: DrillVerdictSeed[] = [
  {
    cluster: "catalog-apac",
    region: "ap-northeast-1",
    agoH: 24 * 6 + 5,
    status: "SUCCESSFUL",
    message: "Passed: restore, tables, columns, indexes, rows, canary",
  },
  {
    cluster: "payments-eu",
    region: "eu-west-1",
    agoH: 24 * 2 + 3,
    status: "FAILED",
    message: "Failed: canary: The copy lacks the canary row written before the recovery point: the backup is missing data written before it",
  },
  {
    cluster: "reporting-eu",
    region: "eu-west-1",
    agoH: 24 * 3 + 6,
    status: "SUCCESSFUL",
    message: "Passed: restore, tables, columns, indexes, rows",
    leftover: true,
  },
];

/** The tags a drill's copy carries; that deployment named its copies by drill id, not by source. */
export const drillCopyTags = (drillId: string, expiresMs: number) => ({
  Name: `drill-${drillId.slice(0, 8)}`,
  "dsql-ops:drill": drillId,
  "dsql-ops:drill-expires": new Date(expiresMs).toISOString(),
});

/** A seeded drill restore's job id and the (deleted) copy's identifier, stable across runs. */
export const drillSeedIds = (d: DrillVerdictSeed) => ({
  jobId: uuidFrom(`drill-restore/${d.region}/${d.cluster}/${d.agoH}`).toUpperCase(),
  copyId: uuidFrom(`drill-copy/${d.region}/${d.cluster}/${d.agoH}`).replace(/-/g, "").slice(0, 26).toLowerCase(),
});
