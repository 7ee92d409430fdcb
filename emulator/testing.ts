import { AwsError } from "./protocols/errors";
import type { RestCall } from "./protocols/rest-json";
import { ACCOUNT_ID } from "./scenario/fleet";

/** Helpers for the emulator's unit tests: a REST call as the router hands it to a handler, and the AWS error a call throws. */

export const restCall = (region: string, over: Partial<RestCall> = {}): RestCall => ({ params: {}, query: new URLSearchParams(), body: {}, region, account: ACCOUNT_ID, headers: {}, ...over });

export function awsErrorOf(f: () => unknown): AwsError {
  try {
    f();
  } catch (e) {
    if (e instanceof AwsError) return e;
    throw e;
  }
  throw new Error("expected an AwsError");
}
