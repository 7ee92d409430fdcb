import { z } from "zod";
import { getRestoreRequest } from "@/lib/backup/restores";
import { notFound } from "@/lib/errors";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** A restore request as stored: its options, its state and, once submitted, its restore job. */
export const GET = route({ params: z.object({ id: z.uuid("must be a restore request id") }) }, async ({ params }) => {
  const request = await getRestoreRequest(params.id);
  if (!request) throw notFound(`Restore request ${params.id}`);
  return { request };
});
