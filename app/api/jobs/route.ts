import { fleetJobs } from "@/lib/dsql/jobs";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Index builds and other async jobs across the fleet (idle clusters are not woken up). */
export const GET = route({}, () => fleetJobs());
