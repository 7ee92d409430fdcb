import { AwsError, operationHandler } from "../../protocols/errors";
import type { Clock } from "../../clock";
import type { Caller } from "../sts/identity";
import type { Organization } from "../../scenario/accounts";

/** AWS Organizations (JSON 1.1): the accounts of the organisation, listed from the management account. */

export const ORGANIZATIONS_TARGET = "AWSOrganizationsV20161128";

/** Every Organizations operation the emulator answers. */
const OPERATIONS: Record<string, (org: Organization, clock: Clock, input: Record<string, unknown>) => unknown> = {
  ListAccounts: listAccounts,
};

export function callOrganizations(org: Organization, clock: Clock, caller: Caller, operation: string, input: Record<string, unknown>): unknown {
  const handler = operationHandler(OPERATIONS, operation);
  // Only the management account (or a delegated administrator, not emulated) may list the accounts.
  if (caller.account !== org.managementAccountId) throw new AwsError("AccessDeniedException", "You don't have permissions to access this resource.", 400);
  return handler(org, clock, input);
}

function listAccounts(org: Organization, clock: Clock, input: Record<string, unknown>) {
  const max = input.MaxResults === undefined ? 20 : input.MaxResults;
  if (typeof max !== "number" || !Number.isInteger(max) || max < 1 || max > 20) throw new AwsError("InvalidInputException", "You provided a value that does not match the required pattern.", 400, { Reason: "INVALID_INPUT" });
  let start = 0;
  if (input.NextToken !== undefined) {
    start = Number(Buffer.from(String(input.NextToken), "base64url").toString("utf8"));
    if (!Number.isInteger(start) || start < 0 || start > org.accounts.length) throw new AwsError("InvalidInputException", "The NextToken value is not valid.", 400, { Reason: "INVALID_NEXT_TOKEN" });
  }
  const page = org.accounts.slice(start, start + max);
  const next = start + max < org.accounts.length ? Buffer.from(String(start + max)).toString("base64url") : undefined;
  return {
    Accounts: page.map((a) => ({
      Id: a.id,
      Arn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${a.id}`,
      Email: a.email,
      Name: a.name,
      Status: a.status,
      State: a.status,
      JoinedMethod: a.id === org.managementAccountId ? "CREATED" : "INVITED",
      JoinedTimestamp: new Date(clock.now() - a.joinedDaysAgo * 86_400_000),
    })),
    NextToken: next,
  };
}
