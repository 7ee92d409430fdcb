import { AwsError, notFound, validation } from "../../protocols/errors";
import { type RestCall } from "../../protocols/rest-json";
import { wildcard } from "../wildcard";
import { bool, str } from "./input";
import { DsqlState, type ClusterRecord } from "./state";

/**
 * Resource-based policies on clusters: GetClusterPolicy, PutClusterPolicy, DeleteClusterPolicy
 * (and CreateCluster's `policy`). policyVersion is a counter as a string ("1", "2"…, going on after a
 * delete): AWS does not document its form. expectedPolicyVersion, when given, must be the current version
 * (ConflictException otherwise). Simplifications: the document is checked for JSON and the
 * statement grammar's basics, not against IAM's full grammar; Block Public Access is not emulated;
 * the lockout safety check refuses only a statement that denies everyone PutClusterPolicy without
 * a condition (bypassPolicyLockoutSafetyCheck lets it through).
 */

const policyError = (message: string) => validation(message, { reason: "fieldValidationFailed", fieldList: [{ name: "policy", message }] });

type Statement = { Effect?: unknown; Principal?: unknown; Action?: unknown; NotAction?: unknown; Condition?: unknown };

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** Whether an IAM action pattern (wildcards, case-insensitive) covers an action. */
const covers = (pattern: unknown, action: string) => typeof pattern === "string" && wildcard(pattern, "i").test(action);

const everyone = (p: unknown) => p === "*" || (!!p && typeof p === "object" && list((p as { AWS?: unknown }).AWS).includes("*"));

/** Checks a policy document as PutClusterPolicy does and returns it. */
export function checkPolicy(v: unknown, bypassLockoutCheck: unknown): string {
  const doc = str(v, "policy", { min: 1, max: 20480 });
  if (doc === undefined) throw policyError("policy is required");
  const bypass = bool(bypassLockoutCheck, "bypassPolicyLockoutSafetyCheck") === true;
  let parsed: unknown;
  try {
    parsed = JSON.parse(doc);
  } catch {
    throw policyError("The policy document is not valid JSON");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw policyError("The policy document must be a JSON object");
  const statements = list((parsed as { Statement?: unknown }).Statement) as Statement[];
  if (!statements.length) throw policyError("The policy document must have at least one Statement");
  for (const [i, s] of statements.entries()) {
    if (!s || typeof s !== "object") throw policyError(`Statement ${i} must be an object`);
    if (s.Effect !== "Allow" && s.Effect !== "Deny") throw policyError(`Statement ${i}: Effect must be Allow or Deny`);
    if (s.Action === undefined && s.NotAction === undefined) throw policyError(`Statement ${i} must have an Action or a NotAction`);
    if (s.Principal === undefined) throw policyError(`Statement ${i} must have a Principal (a resource-based policy names who it applies to)`);
  }
  const locksOut = statements.some((s) => s.Effect === "Deny" && everyone(s.Principal) && s.Condition === undefined && list(s.Action).some((a) => covers(a, "dsql:PutClusterPolicy")));
  if (locksOut && !bypass) {
    throw validation("The policy would prevent every principal from changing it later; to attach it anyway, set bypassPolicyLockoutSafetyCheck", { reason: "other" });
  }
  return doc;
}

function expectVersion(c: ClusterRecord, expected: string | undefined) {
  const current = c.policy?.document ? String(c.policy.version) : undefined;
  if (expected !== undefined && expected !== current) {
    throw new AwsError("ConflictException", `The policy version of cluster ${c.identifier} is ${current ?? "none (no policy)"}, not the expected ${expected}`, 409, {
      resourceId: c.identifier,
      resourceType: "cluster",
    });
  }
}

function attached(c: ClusterRecord): { document: string; version: number } {
  if (!c.policy?.document) throw notFound(`Cluster ${c.identifier} has no resource-based policy`, { resourceId: c.identifier, resourceType: "cluster" });
  return { document: c.policy.document, version: c.policy.version };
}

export function getClusterPolicy(ds: DsqlState, { params, region, account }: RestCall) {
  const p = attached(ds.get(region, params.identifier, account));
  return { policy: p.document, policyVersion: String(p.version) };
}

export function putClusterPolicy(ds: DsqlState, { params, body, region, account }: RestCall) {
  const c = ds.get(region, params.identifier, account);
  const document = checkPolicy(body.policy, body.bypassPolicyLockoutSafetyCheck);
  expectVersion(c, str(body.expectedPolicyVersion, "expectedPolicyVersion"));
  c.policy = { document, version: (c.policy?.version ?? 0) + 1 };
  return { policyVersion: String(c.policy.version) };
}

/** Answers the version that was deleted. */
export function deleteClusterPolicy(ds: DsqlState, { params, query, region, account }: RestCall) {
  const c = ds.get(region, params.identifier, account);
  const p = attached(c);
  expectVersion(c, query.get("expected-policy-version") ?? undefined);
  c.policy = { version: p.version };
  return { policyVersion: String(p.version) };
}
