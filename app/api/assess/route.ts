import { assess } from "@/lib/compat/assess";
import { assessRequestSchema, MAX_BODY_BYTES } from "@/lib/compat/input";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * POST /api/assess {files: [{name, sql}]}: the DSQL migration assessment of the given SQL.
 * Read-only (not a mutation): the SQL is parsed, never executed, and not stored.
 */
export const POST = route({ body: assessRequestSchema, maxBodyBytes: MAX_BODY_BYTES }, async ({ body }) => assess(body.files));
