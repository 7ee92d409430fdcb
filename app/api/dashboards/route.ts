import { z } from "zod";
import { tagFilterParam, parseTagFilter } from "@/lib/cost-review/period";
import { listFleet } from "@/lib/dsql/clusters";
import { AppError, notFound } from "@/lib/errors";
import { watchedCluster, watchedScope } from "@/lib/http/cluster-params";
import { accountParam, clusterIdParam, regionParam, route } from "@/lib/http/route";
import { configuredDashboardBody, DASHBOARD_NAME, dashboardName, previewDashboard, putDashboard, type DashboardCluster } from "@/lib/metrics/dashboards";

export const dynamic = "force-dynamic";

/**
 * Export to a CloudWatch dashboard: of one cluster (`cluster=<id>`) or of the account's clusters
 * carrying a tag (`tag=key:value`, in every watched Region of the account: a dashboard belongs to
 * the account, and each chart names its Region). GET previews it (the body, and whether a
 * dashboard of that name exists), or with `download=1` answers the body as a JSON file for
 * infrastructure as code; POST writes it, replacing an existing one only with `overwrite`.
 */

const source = {
  account: accountParam,
  region: regionParam,
  cluster: clusterIdParam.optional(),
  tag: tagFilterParam.optional(),
  name: z.string().regex(DASHBOARD_NAME, "must be 1 to 255 letters, digits, dashes or underscores").optional(),
};
type Source = { account: string; region: string; cluster?: string; tag?: string; name?: string };
const oneSource = (s: Source) => !s.cluster !== !s.tag;
const oneSourceIssue = { message: "name either a cluster or a tag (key:value)", path: ["cluster"] };

const query = z.object({ ...source, download: z.literal("1").optional() }).refine(oneSource, oneSourceIssue);
const body = z
  .object({ ...source, overwrite: z.boolean().default(false) })
  .strict()
  .refine(oneSource, oneSourceIssue);

/** The clusters the dashboard shows, and the words its default name is made of. */
async function chosen(s: Source): Promise<{ clusters: DashboardCluster[]; name: string }> {
  if (s.cluster) {
    const c = await watchedCluster({ account: s.account, region: s.region, id: s.cluster });
    return { clusters: [c], name: s.name ?? dashboardName(c.name) };
  }
  await watchedScope(s);
  const tag = parseTagFilter(s.tag)!;
  const fleet = await listFleet({ accounts: [s.account] });
  // A dashboard silently missing the clusters of a Region that could not be read would mislead.
  const failed = fleet.filter((r) => r.error);
  if (failed.length)
    throw new AppError(503, `Could not list the clusters of account ${s.account} in ${failed.map((r) => r.region).join(", ")} (${failed[0].error}): the dashboard would miss them`, "Unavailable");
  const clusters = fleet
    .flatMap((r) => r.clusters)
    .filter((c) => c.tags[tag.key] === tag.value)
    .sort((a, b) => a.name.localeCompare(b.name) || a.region.localeCompare(b.region));
  if (!clusters.length) throw notFound(`A cluster tagged ${tag.key} = ${tag.value} in account ${s.account}`);
  return { clusters, name: s.name ?? dashboardName(`${tag.key}-${tag.value}`) };
}

/** The preview `{name, body, exists, clusters}`, or with `download=1` the body as a file. */
export const GET = route({ query }, async ({ query: q }) => {
  const { clusters, name } = await chosen(q);
  if (q.download) {
    return new Response(`${JSON.stringify(configuredDashboardBody(clusters), null, 2)}\n`, {
      headers: { "content-type": "application/json; charset=utf-8", "content-disposition": `attachment; filename="${name}.json"`, "cache-control": "no-store" },
    });
  }
  const preview = await previewDashboard(q, name, clusters);
  return { name, ...preview, clusters: clusters.length };
});

/** Writes the dashboard (PutDashboard); 409 when one of that name exists and `overwrite` is not set. */
export const POST = route({ body, mutation: { action: "dashboard.put", target: ({ body: b }) => `${b?.account}/${b?.name ?? b?.cluster ?? b?.tag}` } }, async ({ body: b }) => {
  const { clusters, name } = await chosen(b);
  const written = await putDashboard(b, name, configuredDashboardBody(clusters), { overwrite: b.overwrite });
  return { ...written, clusters: clusters.length };
});
