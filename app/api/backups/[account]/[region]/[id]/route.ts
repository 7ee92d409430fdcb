import { z } from "zod";
import { config } from "@/lib/aws/config";
import { backupHealth, lastGoodBackup } from "@/lib/backup/age";
import { listBackupJobs, startOnDemandBackup } from "@/lib/backup/jobs";
import { listRecoveryPoints } from "@/lib/backup/points";
import { clusterParams, watchedCluster } from "@/lib/http/cluster-params";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const params = clusterParams;

/** The cluster's recovery points, backup jobs and last-good-backup age. */
export const GET = route({ params }, async ({ params: p }) => {
  const cluster = await watchedCluster(p);
  const [points, jobs] = await Promise.all([listRecoveryPoints(cluster, cluster.arn), listBackupJobs(cluster, cluster.arn)]);
  return { points, jobs, health: backupHealth(lastGoodBackup(points)?.createdAt, config().backupStaleHours) };
});

/** Starts an on-demand backup; the browser's token makes a repeated click start one job. */
export const POST = route(
  { params, body: z.object({ token: z.uuid("must be a UUID").optional() }).strict(), mutation: { action: "backup.start", target: ({ params: p }) => `${p.account}/${p.region}/${p.id}` } },
  async ({ params: p, body }) => {
    const cluster = await watchedCluster(p, { fresh: true });
    return { job: await startOnDemandBackup(cluster, body.token) };
  },
);
