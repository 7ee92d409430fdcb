import { z } from "zod";
import { ACCOUNT_ID, CLUSTER_ID, REGION, TAG_PART } from "@/lib/aws/ids";
import { scopeLabel } from "@/lib/cost/budget-model";
import { fleetBudgetStatuses } from "@/lib/cost/budget-status";
import { removeBudget, setBudget } from "@/lib/cost/budgets";
import { notFound } from "@/lib/errors";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const scope = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("cluster"),
      cluster: z.string().refine((k) => {
        const [account, region, id] = k.split("/");
        return k.split("/").length === 3 && ACCOUNT_ID.test(account) && REGION.test(region) && CLUSTER_ID.test(id);
      }, "must be <account>/<region>/<cluster id>"),
    })
    .strict(),
  z.object({ kind: z.literal("tag"), key: z.string().regex(TAG_PART, "must be a tag key"), value: z.string().regex(TAG_PART, "must be a tag value") }).strict(),
  z.object({ kind: z.literal("account"), account: z.string().regex(ACCOUNT_ID, "must be a 12-digit AWS account id") }).strict(),
]);

/** The budgets against this month's spend (month to date, month-end forecast, when each is expected to be crossed). */
export const GET = route({}, async () => fleetBudgetStatuses());

/** Sets a scope's monthly budget (replacing the one it had). */
export const POST = route(
  {
    body: z.object({ scope, monthlyUsd: z.number().positive("must be more than $0").max(1e9, "is beyond any plausible DSQL bill") }).strict(),
    mutation: { action: "budget.set", target: ({ body }) => (body?.scope ? scopeLabel(body.scope) : "?"), auditParams: (b) => ({ ...b }) },
  },
  async ({ body, user }) => {
    await setBudget(body.scope, body.monthlyUsd, user.name);
    return { ok: true };
  },
);

/** Removes a scope's budget. */
export const DELETE = route({ body: z.object({ scope }).strict(), mutation: { action: "budget.remove", target: ({ body }) => (body?.scope ? scopeLabel(body.scope) : "?") } }, async ({ body }) => {
  if (!(await removeBudget(body.scope))) throw notFound(`A budget for ${scopeLabel(body.scope)}`);
  return { removed: true };
});
