/**
 * Whether AWS answered recently, per service and Region: every SDK client reports each call's
 * outcome here (lib/aws/clients.ts), and GET /api/ready shows it without making a call of its own.
 * Only the kind of failure is kept, never a message (it may name ARNs or accounts).
 */

export interface AnswerState {
  service: string;
  region: string;
  /** The last time AWS answered at all (an error such as AccessDenied is an answer). */
  lastAnswerAt?: string;
  /** The last call that got no usable answer (unreachable, timed out, 5xx), and its error's name. */
  lastFailureAt?: string;
  lastFailure?: string;
}

// One table per process: Next.js bundles this module once per route.
const KEY = Symbol.for("dsql-ops.aws-answers");
const table: Map<string, AnswerState> = ((globalThis as Record<symbol, unknown>)[KEY] ??= new Map()) as Map<string, AnswerState>;

/** Records a call's outcome: an HTTP status from AWS is an answer, below 500 at least. */
export function recordAnswer(service: string, region: string, outcome: { status?: number; error?: string }, at = new Date()): void {
  const key = `${service}|${region}`;
  const s = table.get(key) ?? { service, region };
  if (outcome.status !== undefined && outcome.status < 500) s.lastAnswerAt = at.toISOString();
  else {
    s.lastFailureAt = at.toISOString();
    s.lastFailure = outcome.error ?? (outcome.status ? `HTTP ${outcome.status}` : "no answer");
  }
  table.set(key, s);
}

export function awsAnswers(): AnswerState[] {
  return [...table.values()].sort((a, b) => a.service.localeCompare(b.service) || a.region.localeCompare(b.region));
}
