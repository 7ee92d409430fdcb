import { AwsError } from "../../protocols/errors";
import type { QueryService } from "../../protocols/query";
import { Ec2State } from "./state";
import { describeVpcEndpoints } from "./vpc-endpoints";

/**
 * Amazon EC2, the part production readiness needs: the VPC endpoints of each account and Region
 * (DescribeVpcEndpoints), over EC2's own Query protocol (SigV4 name `ec2`, API version 2016-11-15):
 * flattened lists in requests, `<requestId>` and `<item>` lists in answers, errors as
 * `<Response><Errors><Error>`. The demo's prod account has one Interface endpoint in us-east-1,
 * for the Region's DSQL connection service (orders-prod's); there are none elsewhere.
 */

export const EC2_QUERY: QueryService = {
  namespace: "http://ec2.amazonaws.com/doc/2016-11-15/",
  version: "2016-11-15",
  numbers: new Set(["MaxResults"]),
  booleans: new Set(["DryRun"]),
  ec2: true,
};

/** Every EC2 operation the emulator answers, and the function answering it. */
const OPERATIONS: Record<string, (ec2: Ec2State, input: Record<string, unknown>, region: string, account: string) => unknown> = {
  // vpc-endpoints.ts
  DescribeVpcEndpoints: describeVpcEndpoints,
};

/** EC2: the VPC endpoints (state.ts) behind the operations above. */
export class Ec2Service extends Ec2State {
  call(action: string, input: Record<string, unknown>, region: string, account: string): unknown {
    const handler = OPERATIONS[action];
    if (!handler) throw new AwsError("InvalidAction", `The action ${action} is not valid for this web service.`, 400);
    return handler(this, input, region, account);
  }
}
