import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { costReview } from "@/lib/cost-review";
import { billCsv, csvFileName } from "@/lib/cost-review/csv";
import { costQuery } from "@/lib/cost-review/period";

export const dynamic = "force-dynamic";

/** The bill beside the estimate for the /cost page's period, as a CSV download. */
export const GET = route({ query: costQuery }, async ({ query }) => {
  const review = await costReview(query, { withBill: true });
  if (!review.bill) throw new AppError(502, `Could not read the bill from Cost Explorer: ${review.billError ?? "no answer"}`, "BillUnavailable");
  return new Response(billCsv(review, review.bill), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${csvFileName(review, "bill")}"`,
      "cache-control": "no-store",
    },
  });
});
