import { randomUUID } from "node:crypto";
import type { Clock } from "../../clock";

export interface PublishedMessage {
  messageId: string;
  topicArn: string;
  subject?: string;
  message: string;
  at: string;
}

/** The state of SNS in the emulator: topics per account and Region, and every message published. */
export class SnsState {
  /** Topic ARNs by "account|region", in creation order. */
  private readonly topics = new Map<string, string[]>();
  readonly published: PublishedMessage[] = [];

  constructor(
    readonly clock: Clock,
    seed: { accounts: string[]; regions: string[]; names: string[] },
  ) {
    for (const account of seed.accounts) for (const region of seed.regions) for (const name of seed.names) this.create(account, region, name);
  }

  /** Creates a topic, or returns the one of that name (CreateTopic is idempotent). */
  create(account: string, region: string, name: string): string {
    const arn = `arn:aws:sns:${region}:${account}:${name}`;
    const list = this.list(account, region);
    if (!list.includes(arn)) list.push(arn);
    this.topics.set(`${account}|${region}`, list);
    return arn;
  }

  /** A message from another service (a CloudWatch alarm): kept like a Publish; false when the topic does not exist. */
  deliver(topicArn: string, subject: string, message: string): boolean {
    const [, , , region, account] = topicArn.split(":");
    if (!this.list(account, region).includes(topicArn)) return false;
    this.published.push({ messageId: randomUUID(), topicArn, subject, message, at: new Date(this.clock.now()).toISOString() });
    return true;
  }

  list(account: string, region: string): string[] {
    return this.topics.get(`${account}|${region}`) ?? [];
  }
}
