import { z } from "zod";
import { restoreProgress } from "@/lib/backup/restores";
import { scopeParams, watchedScope } from "@/lib/http/cluster-params";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** A restore job's progress, its request, and the new cluster once it exists. */
export const GET = route({ params: scopeParams.extend({ jobId: z.string().regex(/^[A-Za-z0-9-]{1,100}$/, "must be a restore job id") }) }, async ({ params }) => {
  await watchedScope(params);
  return restoreProgress(params, params.jobId);
});
