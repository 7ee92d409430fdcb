import { randomUUID } from "node:crypto";
import { AwsError } from "../../protocols/errors";
import type { SnsState } from "./state";

/** Topics and publishing: CreateTopic, ListTopics (paged by 100 as SNS does), Publish. */

const PAGE = 100;
const NAME = /^[A-Za-z0-9_-]{1,256}$/;
const TOPIC_ARN = /^arn:aws:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256})$/;
const invalid = (message: string) => new AwsError("InvalidParameter", message, 400);

export function createTopic(sns: SnsState, input: Record<string, unknown>, region: string, account: string) {
  const name = String(input.Name ?? "");
  if (!NAME.test(name)) throw invalid("Invalid parameter: Topic Name");
  return { TopicArn: sns.create(account, region, name) };
}

export function listTopics(sns: SnsState, input: Record<string, unknown>, region: string, account: string) {
  const all = sns.list(account, region);
  const start = input.NextToken === undefined ? 0 : Number(Buffer.from(String(input.NextToken), "base64url").toString("utf8"));
  if (!Number.isInteger(start) || start < 0 || start > all.length) throw invalid("Invalid parameter: NextToken");
  const page = all.slice(start, start + PAGE);
  return { Topics: page.map((TopicArn) => ({ TopicArn })), NextToken: start + PAGE < all.length ? Buffer.from(String(start + PAGE)).toString("base64url") : undefined };
}

/** Publish keeps the message (GET /_emulator/sns/messages) instead of delivering it. */
export function publish(sns: SnsState, input: Record<string, unknown>, region: string, account: string) {
  const arn = String(input.TopicArn ?? input.TargetArn ?? "");
  const m = TOPIC_ARN.exec(arn);
  if (!m) throw invalid("Invalid parameter: TopicArn");
  if (m[1] !== region || m[2] !== account || !sns.list(account, region).includes(arn)) throw new AwsError("NotFound", "Topic does not exist", 404);
  if (typeof input.Message !== "string" || !input.Message) throw invalid("Invalid parameter: Message");
  if (Buffer.byteLength(input.Message) > 262_144) throw invalid("Invalid parameter: Message too long");
  const messageId = randomUUID();
  sns.published.push({ messageId, topicArn: arn, subject: typeof input.Subject === "string" ? input.Subject : undefined, message: input.Message, at: new Date(sns.clock.now()).toISOString() });
  return { MessageId: messageId };
}
