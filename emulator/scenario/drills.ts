import { uuidFrom } from "./backups";

/**
 * The scenario's restore drill history, as AWS Backup holds it: drill restores of two clusters whose
 * copies were deleted afterwards, each with the verdict the drill reported
 * (PutRestoreValidationResult), one of them a failure. Hours before the anchor.
 */
export interface DrillVerdictSeed {
  cluster: string;
  region: string;
  agoH: number;
  status: "SUCCESSFUL" | "FAILED";
  message: string;
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
];

/** A seeded drill restore's job id and the (deleted) copy's identifier, stable across runs. */
export const drillSeedIds = (d: DrillVerdictSeed) => ({
  jobId: uuidFrom(`drill-restore/${d.region}/${d.cluster}/${d.agoH}`).toUpperCase(),
  copyId: uuidFrom(`drill-copy/${d.region}/${d.cluster}/${d.agoH}`).replace(/-/g, "").slice(0, 26).toLowerCase(),
});
