import { notFound } from "@/lib/errors";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Any path under /api that no route serves: a JSON 404 like every other API error, not an HTML page. */
const none = route({}, async () => {
  throw notFound("This API endpoint");
});

export const GET = none;
export const POST = none;
export const PUT = none;
export const PATCH = none;
export const DELETE = none;
