import { paginateListTopics, PublishCommand } from "@aws-sdk/client-sns";
import { watchedAccounts } from "../aws/accounts";
import { snsClient } from "../aws/clients";
import { type Scope, scopeKey } from "../aws/scope";
import { TtlCache } from "../cache";
import { badRequest } from "../errors";

/** The SNS topics an alarm can notify: those of the cluster's account and Region (an alarm's SNS actions must be in its Region). */

export interface Topic {
  arn: string;
  /** The topic's name, the last part of its ARN. */
  name: string;
}

/** CloudWatch allows five actions per alarm state. */
export const MAX_ACTIONS = 5;
const CACHE_MS = 60_000;
const cache = new TtlCache<Topic[]>(200);

export function listTopics(scope: Scope): Promise<Topic[]> {
  return cache.get(scopeKey(scope), CACHE_MS, async () => {
    const out: Topic[] = [];
    for await (const page of paginateListTopics({ client: snsClient(scope) }, {})) {
      for (const t of page.Topics ?? []) if (t.TopicArn) out.push({ arn: t.TopicArn, name: t.TopicArn.split(":").pop()! });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  });
}

/** Checks that every ARN is a topic of the cluster's account and Region, naming the first that is not. */
export async function requireTopics(scope: Scope, arns: string[]): Promise<void> {
  if (!arns.length) return;
  const known = new Set((await listTopics(scope)).map((t) => t.arn));
  const unknown = arns.find((a) => !known.has(a));
  if (unknown) throw badRequest(`${unknown} is not an SNS topic of account ${scope.account} in ${scope.region}: an alarm notifies topics of its own account and Region`);
}

/** Publishes a message to a topic, in the topic's own account and Region (from its ARN). */
export async function publishToTopic(topicArn: string, subject: string, message: string): Promise<void> {
  const [, , , region, account] = topicArn.split(":");
  // The topic's account is reached with its own credentials, known once the watched accounts are.
  await watchedAccounts();
  await snsClient({ account, region }).send(new PublishCommand({ TopicArn: topicArn, Subject: subject.slice(0, 100), Message: message }));
}
