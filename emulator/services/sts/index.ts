import { AwsError } from "../../protocols/errors";
import type { QueryService } from "../../protocols/query";
import type { Caller, Identities } from "./identity";

/** STS speaks the Query protocol with its own namespace and version. */
export const STS_QUERY: QueryService = { namespace: "https://sts.amazonaws.com/doc/2011-06-15/", version: "2011-06-15", numbers: new Set(["DurationSeconds"]) };

/** Every STS operation the emulator answers. */
const OPERATIONS: Record<string, (ids: Identities, caller: Caller, input: Record<string, unknown>) => unknown> = {
  AssumeRole: (ids, caller, input) => ids.assumeRole(caller, input),
  GetCallerIdentity: (_ids, caller) => ({ UserId: caller.userId, Account: caller.account, Arn: caller.arn }),
};

export function callSts(ids: Identities, caller: Caller, action: string, input: Record<string, unknown>): unknown {
  const handler = OPERATIONS[action];
  if (!handler) throw new AwsError("InvalidAction", `Could not find operation ${action} for version ${STS_QUERY.version}`, 400);
  return handler(ids, caller, input);
}
