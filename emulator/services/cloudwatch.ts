import type { Clock } from "../clock";
import { AwsError } from "../protocols/errors";
import type { DsqlService } from "./dsql";

/** CloudWatch: metrics of the emulated clusters as functions of time, stored custom metrics, alarms. */
export class CloudWatchService {
  constructor(
    readonly clock: Clock,
    readonly dsql: DsqlService,
    readonly anchorMs: number,
  ) {}

  async call(operation: string, _input: Record<string, unknown>, _region: string): Promise<unknown> {
    throw new AwsError("InvalidAction", `The action ${operation} is not valid for this web service`, 400);
  }
}
