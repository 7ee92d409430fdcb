import { z } from "zod";
import { config } from "@/lib/aws/config";
import { restoreProgress } from "@/lib/backup/restores";
import { regionParam, route } from "@/lib/http/route";
import { requireWatchedRegion } from "@/lib/metrics/range";

export const dynamic = "force-dynamic";

/** A restore job's progress, its request, and the new cluster once it exists. */
export const GET = route({ params: z.object({ region: regionParam, jobId: z.string().regex(/^[A-Za-z0-9-]{1,100}$/, "must be a restore job id") }) }, async ({ params }) => {
  requireWatchedRegion(params.region, config().regions);
  return restoreProgress(params.region, params.jobId);
});
