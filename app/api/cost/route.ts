import { route } from "@/lib/http/route";
import { costReview } from "@/lib/cost-review";
import { costQuery } from "@/lib/cost-review/period";

export const dynamic = "force-dynamic";

/** The cost review as JSON: `?month=2026-11` or `?from=2026-11-01&to=2026-11-14`, `&groupBy=team&tag=team:data`. */
export const GET = route({ query: costQuery }, async ({ query }) => costReview(query));
