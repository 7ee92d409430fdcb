import { drillsView } from "@/lib/drills";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Every drill, schedule and leftover copy, and AWS Backup's verdicts on restores (the Drills page polls this). */
export const GET = route({}, async () => drillsView());
