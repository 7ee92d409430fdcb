import { z } from "zod";
import { getBackupJob } from "@/lib/backup/jobs";
import { notFound } from "@/lib/errors";
import { clusterParams, watchedCluster } from "@/lib/http/cluster-params";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const params = clusterParams.extend({ jobId: z.string().regex(/^[A-Za-z0-9-]{1,100}$/, "must be a backup job id") });

/** One backup job of this cluster, for following its progress. */
export const GET = route({ params }, async ({ params: p }) => {
  const [cluster, job] = await Promise.all([watchedCluster(p), getBackupJob(p, p.jobId)]);
  if (job.resourceArn !== cluster.arn) throw notFound(`Backup job ${p.jobId} of cluster ${p.id}`);
  return { job };
});
