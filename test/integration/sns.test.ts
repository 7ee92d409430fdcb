import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateTopicCommand, paginateListTopics, PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { withEmulator } from "./emulator";

let emu: Awaited<ReturnType<typeof withEmulator>>;
const sns = (region = "eu-west-1") => new SNSClient(emu.clientConfig(region));

beforeAll(async () => {
  emu = await withEmulator();
});
afterAll(() => emu.close());

describe("SNS through the real SDK", () => {
  it("lists the account's topics of a Region, page by page", async () => {
    for (let i = 0; i < 120; i++) await sns().send(new CreateTopicCommand({ Name: `load-${i}` }));
    const pages: number[] = [];
    const arns: string[] = [];
    for await (const page of paginateListTopics({ client: sns() }, {})) {
      pages.push(page.Topics!.length);
      arns.push(...page.Topics!.map((t) => t.TopicArn!));
    }
    expect(pages).toEqual([100, 22]);
    expect(arns).toContain(`arn:aws:sns:eu-west-1:${emu.identities.defaultAccount}:dsql-ops-oncall`);
    expect(arns.every((a) => a.startsWith("arn:aws:sns:eu-west-1:"))).toBe(true);
  });

  it("publishes to a topic and keeps the message for the test endpoint; refuses an unknown topic", async () => {
    const topic = `arn:aws:sns:us-east-1:${emu.identities.defaultAccount}:dsql-ops-oncall`;
    const r = await sns("us-east-1").send(new PublishCommand({ TopicArn: topic, Subject: "ALARM: OCC rate", Message: '{"AlarmName":"x"}' }));
    expect(r.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    const sent = (await (await fetch(`${emu.endpoint}/_emulator/sns/messages`)).json()) as { messageId: string; topicArn: string; subject: string }[];
    expect(sent.find((m) => m.messageId === r.MessageId)).toMatchObject({ topicArn: topic, subject: "ALARM: OCC rate" });
    await expect(sns("us-east-1").send(new PublishCommand({ TopicArn: `arn:aws:sns:us-east-1:${emu.identities.defaultAccount}:nope`, Message: "x" }))).rejects.toMatchObject({
      name: "NotFoundException",
    });
    await expect(sns("us-east-1").send(new PublishCommand({ TopicArn: "not-an-arn", Message: "x" }))).rejects.toMatchObject({ name: "InvalidParameterException" });
  });
});
