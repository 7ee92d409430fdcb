import { route } from "@/lib/http/route";
import { costReview } from "@/lib/cost-review";
import { csvFileName, reviewCsv } from "@/lib/cost-review/csv";
import { costQuery } from "@/lib/cost-review/period";

export const dynamic = "force-dynamic";

/** The cost review as a CSV download, with the same query as the /cost page. */
export const GET = route({ query: costQuery }, async ({ query }) => {
  const review = await costReview(query, { withBill: true });
  return new Response(reviewCsv(review), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${csvFileName(review)}"`,
      "cache-control": "no-store",
    },
  });
});
