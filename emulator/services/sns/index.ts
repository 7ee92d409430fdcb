import { AwsError } from "../../protocols/errors";
import type { QueryService } from "../../protocols/query";
import { SnsState } from "./state";
import { createTopic, listTopics, publish } from "./topics";

/**
 * Amazon SNS (Query protocol, XML), the part alarm notifications need: topics per account and
 * Region, and Publish, whose messages are kept so tests and demos can read what was sent
 * (GET /_emulator/sns/messages). Simplifications: no subscriptions or deliveries, no FIFO topics,
 * no message attributes' validation.
 */

export const SNS_QUERY: QueryService = { namespace: "http://sns.amazonaws.com/doc/2010-03-31/", version: "2010-03-31" };

/** Every SNS operation the emulator answers, and the function answering it. */
const OPERATIONS: Record<string, (sns: SnsState, input: Record<string, unknown>, region: string, account: string) => unknown> = {
  // topics.ts
  CreateTopic: createTopic,
  ListTopics: listTopics,
  Publish: publish,
};

/** SNS: the topics and published messages (state.ts) behind the operations above. */
export class SnsService extends SnsState {
  call(action: string, input: Record<string, unknown>, region: string, account: string): unknown {
    const handler = OPERATIONS[action];
    if (!handler) throw new AwsError("InvalidAction", `The action ${action} is not valid for this web service.`, 400);
    return handler(this, input, region, account);
  }
}
