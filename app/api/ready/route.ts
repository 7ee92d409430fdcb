import { awsAnswers } from "@/lib/aws/answers";
import { isDraining } from "@/lib/shutdown";
import { storeStatus } from "@/lib/store";

export const dynamic = "force-dynamic";

/**
 * Readiness: the store answers and has this version's schema, and the instance is not stopping
 * (503 otherwise, so a load balancer sends no traffic to an instance that cannot serve it), and, per service and Region, when AWS
 * last answered this instance's calls. Makes no AWS call; shows no URL, account or error text.
 */
export async function GET() {
  const draining = isDraining();
  const store = await storeStatus();
  const ready = !draining && store.reachable && store.migrated;
  return Response.json({ status: draining ? "draining" : ready ? "ready" : "not ready", store, aws: awsAnswers() }, { status: ready ? 200 : 503, headers: { "cache-control": "no-store" } });
}
