import { z } from "zod";
import { config } from "@/lib/aws/config";
import { getBackupJob } from "@/lib/backup/jobs";
import { requireCluster } from "@/lib/dsql/clusters";
import { notFound } from "@/lib/errors";
import { clusterIdParam, regionParam, route } from "@/lib/http/route";
import { requireWatchedRegion } from "@/lib/metrics/range";

export const dynamic = "force-dynamic";

const params = z.object({ region: regionParam, id: clusterIdParam, jobId: z.string().regex(/^[A-Za-z0-9-]{1,100}$/, "must be a backup job id") });

/** One backup job of this cluster, for following its progress. */
export const GET = route({ params }, async ({ params: p }) => {
  requireWatchedRegion(p.region, config().regions);
  const [cluster, job] = await Promise.all([requireCluster(p.region, p.id), getBackupJob(p.region, p.jobId)]);
  if (job.resourceArn !== cluster.arn) throw notFound(`Backup job ${p.jobId} of cluster ${p.id}`);
  return { job };
});
