import { AwsError } from "../../protocols/errors";
import { DEFAULT_ACCOUNT } from "../../protocols/http";
import type { AlarmScope, Alarms } from "./alarms/model";
import { deleteAlarms, describeAlarmHistory, describeAlarms, describeAlarmsForMetric, listTagsForResource, putMetricAlarm, setAlarmState, tagResource, untagResource } from "./alarms/operations";
import { putCompositeAlarm } from "./alarms/composite";
import { getDashboard, listDashboards, putDashboard } from "./dashboards";
import type { Input } from "./input";
import { getMetricData, getMetricStatistics, listMetrics } from "./metric-reads";
import { putMetricData } from "./put-metric-data";
import { CloudWatchState } from "./state";

type Handler = (cw: CloudWatchState, input: Input, region: string, account: string) => unknown;
/** Alarm operations work on the alarms alone. */
const onAlarms =
  (handler: (alarms: Alarms, input: Input, at: AlarmScope) => unknown): Handler =>
  (cw, input, region, account) =>
    handler(cw.alarms, input, { account, region });

/** Every CloudWatch operation the emulator answers (JSON 1.0 and Query alike), and the function answering it. */
const OPERATIONS: Record<string, Handler> = {
  // metric-reads.ts
  GetMetricData: getMetricData,
  GetMetricStatistics: getMetricStatistics,
  ListMetrics: listMetrics,
  // put-metric-data.ts
  PutMetricData: putMetricData,
  // alarms/operations.ts
  PutMetricAlarm: onAlarms(putMetricAlarm),
  PutCompositeAlarm: onAlarms(putCompositeAlarm),
  DescribeAlarms: onAlarms(describeAlarms),
  DescribeAlarmsForMetric: onAlarms(describeAlarmsForMetric),
  DescribeAlarmHistory: onAlarms(describeAlarmHistory),
  DeleteAlarms: onAlarms(deleteAlarms),
  SetAlarmState: onAlarms(setAlarmState),
  ListTagsForResource: onAlarms(listTagsForResource),
  TagResource: onAlarms(tagResource),
  UntagResource: onAlarms(untagResource),
  // dashboards.ts (per account: dashboards are global)
  PutDashboard: putDashboard,
  GetDashboard: getDashboard,
  ListDashboards: listDashboards,
};

/**
 * CloudWatch: metrics of the emulated clusters as functions of time, stored custom metrics, alarms;
 * the state and model (state.ts) behind the operations above. Metric math is in metric-math/.
 */
export class CloudWatchService extends CloudWatchState {
  /** One CloudWatch call. Simplification: alarms and PutMetricData's custom metrics are kept per Region, not yet per account. */
  async call(operation: string, input: Input, region: string, account: string = DEFAULT_ACCOUNT): Promise<unknown> {
    this.callStamp++;
    const handler = OPERATIONS[operation];
    if (!handler) throw new AwsError("InvalidAction", `The action ${operation} is not valid for this web service.`, 400);
    return handler(this, input, region, account);
  }
}
