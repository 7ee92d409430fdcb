import { auditQuerySchema, listAudit } from "@/lib/audit";
import { requireOperator } from "@/lib/auth";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/audit?user=&action=&before=&limit=: the audit log, newest first; operators only. */
export const GET = route({ query: auditQuerySchema }, async ({ query, user }) => {
  requireOperator(user, "Reading the audit log");
  const entries = await listAudit(query);
  return { entries, next: entries.length === (query.limit ?? 100) ? entries.at(-1)?.at : undefined };
});
