import { z } from "zod";
import { submitRestoreRequest } from "@/lib/backup/restores";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * Starts the restore of a request, once: the body carries the source cluster identifier the
 * person typed. Submitting the same request again answers with the same restore job.
 */
export const POST = route(
  {
    params: z.object({ id: z.uuid("must be a restore request id") }),
    body: z.object({ confirm: z.string().max(100) }).strict(),
    mutation: { action: "restore.start", target: ({ params }) => params.id, auditParams: () => ({}) },
  },
  async ({ params, body }) => ({ request: await submitRestoreRequest(params.id, body.confirm) }),
);
