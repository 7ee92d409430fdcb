import { z } from "zod";
import { watchedScopes } from "@/lib/aws/accounts";
import { restoresAcross, restoresInFlight } from "@/lib/backup/fleet";
import { createRestoreRequest, requestsForJobs } from "@/lib/backup/restores";
import { watchedCluster } from "@/lib/http/cluster-params";
import { accountParam, clusterIdParam, regionParam, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const kmsArn = z.string().max(2048).optional();
const options = z
  .object({
    deletionProtection: z.boolean(),
    kmsKeyArn: kmsArn,
    copySourceTags: z.boolean(),
    tags: z.record(z.string().max(128), z.string().max(256)),
    multiRegion: z.object({ peerRegion: regionParam, witnessRegion: regionParam, peerDeletionProtection: z.boolean(), peerKmsKeyArn: kmsArn }).strict().optional(),
  })
  .strict();
const body = z.object({ account: accountParam, region: regionParam, clusterId: clusterIdParam, recoveryPointArn: z.string().min(1).max(2048), options }).strict();

/** Restore jobs of the last 30 days in every watched account and region (`?active=1`: only those under way), with who asked. */
export const GET = route({ query: z.object({ active: z.enum(["0", "1"]).optional() }) }, async ({ query }) => {
  const { jobs, errors } = query.active === "1" ? await restoresInFlight(await watchedScopes()) : await restoresAcross(await watchedScopes());
  return { jobs, errors, requests: await requestsForJobs(jobs.map((j) => j.id)) };
});

/**
 * Creates a restore request (validated against the cluster's current recovery points); the
 * wizard submits it by id once the person confirmed. Nothing is sent to AWS here.
 */
export const POST = route(
  { body, mutation: { action: "restore.request", target: ({ body: b }) => `${b?.account}/${b?.region}/${b?.clusterId}`, auditParams: (b) => ({ recoveryPointArn: b.recoveryPointArn, options: b.options }) } },
  async ({ body: b, user }) => {
    const cluster = await watchedCluster({ account: b.account, region: b.region, id: b.clusterId }, { fresh: true });
    return { request: await createRestoreRequest({ cluster, recoveryPointArn: b.recoveryPointArn, options: b.options, user }) };
  },
);
