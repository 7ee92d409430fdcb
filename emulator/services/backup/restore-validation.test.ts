import { awsErrorOf, restCall } from "../../testing";
import { describe, expect, it } from "vitest";
import { Clock } from "../../clock";
import { AwsError } from "../../protocols/errors";
import type { RestCall } from "../../protocols/rest-json";
import { ACCOUNT_ID, demoScenario, STAGING_ACCOUNT } from "../../scenario/fleet";
import { DsqlService } from "../dsql";
import { describeRestoreJob, listRestoreJobs, putRestoreValidationResult, startRestoreJob } from "./restore-jobs";
import { BackupState } from "./state";

const anchor = Math.floor(Date.now() / 3_600_000) * 3_600_000;
const call = (over: Partial<RestCall>): RestCall => restCall("eu-west-1", over);
const err = awsErrorOf;

/** A restore of payments-eu's newest recovery point (eu-west-1, the default account), started now. */
function restoreOfPayments() {
  const scenario = demoScenario();
  const clock = new Clock(1);
  const st = new BackupState(clock, new DsqlService(clock, scenario, anchor), scenario, anchor);
  const payments = scenario.clusters.find((c) => c.name === "payments-eu")!;
  const point = st.visiblePoints("eu-west-1", ACCOUNT_ID).find((p) => p.resourceArn.endsWith(payments.identifier))!;
  const { RestoreJobId } = startRestoreJob(st, call({ body: { RecoveryPointArn: point.arn, Metadata: {} } }));
  return { st, id: RestoreJobId };
}

describe("PutRestoreValidationResult", () => {
  it("keeps the result on the restore job: DescribeRestoreJob and ListRestoreJobs show it, a later one replaces it", () => {
    const { st, id } = restoreOfPayments();
    const at = (body: Record<string, unknown>) => call({ params: { RestoreJobId: id }, body });
    expect(describeRestoreJob(st, at({})).ValidationStatus).toBeUndefined();
    expect(putRestoreValidationResult(st, at({ ValidationStatus: "VALIDATING" }))).toBeUndefined();
    expect(describeRestoreJob(st, at({}))).toMatchObject({ ValidationStatus: "VALIDATING", ValidationStatusMessage: undefined });
    putRestoreValidationResult(st, at({ ValidationStatus: "FAILED", ValidationStatusMessage: "row count 0, expected 1.2M" }));
    expect(describeRestoreJob(st, at({}))).toMatchObject({ ValidationStatus: "FAILED", ValidationStatusMessage: "row count 0, expected 1.2M" });
    expect(listRestoreJobs(st, call({})).RestoreJobs.find((j) => j.RestoreJobId === id)).toMatchObject({ ValidationStatus: "FAILED" });
  });

  it("refuses what the model refuses: a missing or unknown status, an unknown job, another account's job", () => {
    const { st, id } = restoreOfPayments();
    const at = (body: Record<string, unknown>, over: Partial<RestCall> = {}) => call({ params: { RestoreJobId: id }, body, ...over });
    expect(err(() => putRestoreValidationResult(st, at({}))).code).toBe("MissingParameterValueException");
    expect(err(() => putRestoreValidationResult(st, at({ ValidationStatus: "PASSED" }))).code).toBe("InvalidParameterValueException");
    expect(err(() => putRestoreValidationResult(st, at({ ValidationStatus: "SUCCESSFUL", ValidationStatusMessage: 3 }))).code).toBe("InvalidParameterValueException");
    expect(err(() => putRestoreValidationResult(st, call({ params: { RestoreJobId: "NOPE" }, body: { ValidationStatus: "SUCCESSFUL" } }))).code).toBe("ResourceNotFoundException");
    expect(err(() => putRestoreValidationResult(st, at({ ValidationStatus: "SUCCESSFUL" }, { account: STAGING_ACCOUNT }))).code).toBe("ResourceNotFoundException");
    expect(err(() => putRestoreValidationResult(st, at({ ValidationStatus: "SUCCESSFUL" }, { region: "us-east-1" }))).code).toBe("ResourceNotFoundException");
  });
});
