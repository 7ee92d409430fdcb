import { z } from "zod";
import { config } from "@/lib/aws/config";
import { backupHealth, lastGoodBackup } from "@/lib/backup/age";
import { listBackupJobs, startOnDemandBackup } from "@/lib/backup/jobs";
import { listRecoveryPoints } from "@/lib/backup/points";
import { getCluster, requireCluster } from "@/lib/dsql/clusters";
import { clusterIdParam, regionParam, route } from "@/lib/http/route";
import { requireWatchedRegion } from "@/lib/metrics/range";

export const dynamic = "force-dynamic";

const params = z.object({ region: regionParam, id: clusterIdParam });

/** The cluster's recovery points, backup jobs and last-good-backup age. */
export const GET = route({ params }, async ({ params: p }) => {
  requireWatchedRegion(p.region, config().regions);
  const cluster = await requireCluster(p.region, p.id);
  const [points, jobs] = await Promise.all([listRecoveryPoints(p.region, cluster.arn), listBackupJobs(p.region, cluster.arn)]);
  return { points, jobs, health: backupHealth(lastGoodBackup(points)?.createdAt, config().backupStaleHours) };
});

/** Starts an on-demand backup; the browser's token makes a repeated click start one job. */
export const POST = route(
  { params, body: z.object({ token: z.uuid("must be a UUID").optional() }).strict(), mutation: { action: "backup.start", target: ({ params: p }) => `${p.region}/${p.id}` } },
  async ({ params: p, body }) => {
    requireWatchedRegion(p.region, config().regions);
    const cluster = await getCluster(p.region, p.id);
    return { job: await startOnDemandBackup(cluster, body.token) };
  },
);
