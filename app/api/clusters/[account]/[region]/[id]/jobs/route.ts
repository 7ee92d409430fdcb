import { z } from "zod";
import { clusterJobs, MAX_INDEX_COLUMNS, submitIndex } from "@/lib/dsql/jobs";
import { clusterParams, watchedCluster } from "@/lib/http/cluster-params";
import { route } from "@/lib/http/route";
import { existingName } from "./params";

export const dynamic = "force-dynamic";

/** sys.jobs of the cluster with the remembered history, and the health of its SQL connections. */
export const GET = route({ params: clusterParams }, async ({ params: p }) => {
  return clusterJobs(await watchedCluster(p));
});

const indexRequest = z
  .object({
    schema: existingName,
    table: existingName,
    columns: z.array(existingName).min(1, "needs at least one column").max(MAX_INDEX_COLUMNS, `may hold at most ${MAX_INDEX_COLUMNS} columns (DSQL's limit)`),
    unique: z.boolean().default(false),
    // A new name: kept to plain identifiers so it never needs explaining; quoted anyway.
    name: z
      .string()
      .max(63, "is longer than 63 characters")
      .regex(/^[A-Za-z_][A-Za-z0-9_$]*$/, "must start with a letter or _ and hold only letters, digits, _ and $")
      .optional(),
  })
  .strict();

/** CREATE [UNIQUE] INDEX ASYNC from validated, catalog-checked and quoted identifiers; returns the job id to follow. */
export const POST = route(
  {
    params: clusterParams,
    body: indexRequest,
    mutation: { action: "index.create", target: ({ params: p, body }) => `${p.account}/${p.region}/${p.id}/${body.schema}.${body.table}`, auditParams: (b) => ({ ...b }) },
  },
  async ({ params: p, body }) => {
    return submitIndex(await watchedCluster(p), body);
  },
);
