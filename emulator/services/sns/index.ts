import { randomUUID } from "node:crypto";
import type { Clock } from "../../clock";
import { AwsError } from "../../protocols/errors";
import type { QueryService } from "../../protocols/query";

/**
 * Amazon SNS (Query protocol, XML), the part alarm notifications need: topics per account and
 * Region (CreateTopic, ListTopics paged by 100 as SNS does), and Publish, whose messages are kept
 * so tests and demos can read what was sent (GET /_emulator/sns/messages). Simplifications: no
 * subscriptions or deliveries, no FIFO topics, no message attributes' validation.
 */

export const SNS_QUERY: QueryService = { namespace: "http://sns.amazonaws.com/doc/2010-03-31/", version: "2010-03-31" };
const PAGE = 100;
const NAME = /^[A-Za-z0-9_-]{1,256}$/;
const TOPIC_ARN = /^arn:aws:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256})$/;

export interface PublishedMessage {
  messageId: string;
  topicArn: string;
  subject?: string;
  message: string;
  at: string;
}

export class SnsService {
  /** Topic ARNs by "account|region", in creation order. */
  private readonly topics = new Map<string, string[]>();
  readonly published: PublishedMessage[] = [];

  constructor(
    private readonly clock: Clock,
    seed: { account: string; regions: string[]; names: string[] },
  ) {
    for (const region of seed.regions) for (const name of seed.names) this.create(seed.account, region, name);
  }

  private create(account: string, region: string, name: string): string {
    const arn = `arn:aws:sns:${region}:${account}:${name}`;
    const list = this.topics.get(`${account}|${region}`) ?? [];
    if (!list.includes(arn)) list.push(arn);
    this.topics.set(`${account}|${region}`, list);
    return arn;
  }

  call(action: string, input: Record<string, unknown>, region: string, account: string): unknown {
    switch (action) {
      case "CreateTopic": {
        const name = String(input.Name ?? "");
        if (!NAME.test(name)) throw invalid("Invalid parameter: Topic Name");
        return { TopicArn: this.create(account, region, name) };
      }
      case "ListTopics": {
        const all = this.topics.get(`${account}|${region}`) ?? [];
        const start = input.NextToken === undefined ? 0 : Number(Buffer.from(String(input.NextToken), "base64url").toString("utf8"));
        if (!Number.isInteger(start) || start < 0 || start > all.length) throw invalid("Invalid parameter: NextToken");
        const page = all.slice(start, start + PAGE);
        return { Topics: page.map((TopicArn) => ({ TopicArn })), NextToken: start + PAGE < all.length ? Buffer.from(String(start + PAGE)).toString("base64url") : undefined };
      }
      case "Publish": {
        const arn = String(input.TopicArn ?? input.TargetArn ?? "");
        const m = TOPIC_ARN.exec(arn);
        if (!m) throw invalid("Invalid parameter: TopicArn");
        if (m[1] !== region || m[2] !== account || !(this.topics.get(`${account}|${region}`) ?? []).includes(arn)) throw new AwsError("NotFound", "Topic does not exist", 404);
        if (typeof input.Message !== "string" || !input.Message) throw invalid("Invalid parameter: Message");
        if (Buffer.byteLength(input.Message) > 262_144) throw invalid("Invalid parameter: Message too long");
        const messageId = randomUUID();
        this.published.push({ messageId, topicArn: arn, subject: typeof input.Subject === "string" ? input.Subject : undefined, message: input.Message, at: new Date(this.clock.now()).toISOString() });
        return { MessageId: messageId };
      }
    }
    throw new AwsError("InvalidAction", `The action ${action} is not valid for this web service.`, 400);
  }
}

const invalid = (message: string) => new AwsError("InvalidParameter", message, 400);
