import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ListAccountsCommand, OrganizationsClient, paginateListAccounts } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { DEMO_EXTERNAL_ID, DEMO_ROLE } from "../../emulator/scenario/accounts";
import { withEmulator } from "./emulator";

let emu: Awaited<ReturnType<typeof withEmulator>>;
const sts = (credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) => new STSClient({ ...emu.clientConfig("us-east-1"), ...(credentials ? { credentials } : {}) });
const orgs = (credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) => new OrganizationsClient({ ...emu.clientConfig("us-east-1"), ...(credentials ? { credentials } : {}) });
const roleArn = (account: string) => `arn:aws:iam::${account}:role/${DEMO_ROLE}`;
const error = (p: Promise<unknown>) => p.then(() => undefined, (e: { name: string; message: string; $metadata?: { httpStatusCode?: number } }) => e);

async function assume(account: string, externalId: string | undefined = DEMO_EXTERNAL_ID) {
  const r = await sts().send(new AssumeRoleCommand({ RoleArn: roleArn(account), RoleSessionName: "dsql-ops", ExternalId: externalId }));
  const c = r.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken!, expiration: c.Expiration! };
}

beforeAll(async () => {
  emu = await withEmulator();
});
afterAll(() => emu.close());

describe("accounts: STS and Organizations through the real SDK", () => {
  it("puts a request signed with any long-term key in the default (management) account", async () => {
    const me = await sts().send(new GetCallerIdentityCommand({}));
    expect(me.Account).toBe(emu.identities.defaultAccount);
    expect(me.Arn).toMatch(/^arn:aws:iam::\d{12}:user\//);
  });

  it("assumes a member account's role with its external id; the temporary credentials act in that account", async () => {
    const staging = emu.identities.organization.accounts.find((a) => a.name === "staging")!;
    const creds = await assume(staging.id);
    expect(creds.accessKeyId).toMatch(/^ASIA/);
    expect(creds.expiration.getTime() - emu.clock.now()).toBeGreaterThan(3_500_000);
    const who = await sts(creds).send(new GetCallerIdentityCommand({}));
    expect(who.Account).toBe(staging.id);
    expect(who.Arn).toBe(`arn:aws:sts::${staging.id}:assumed-role/${DEMO_ROLE}/dsql-ops`);
  });

  it("refuses a wrong external id, a role that does not trust the caller, and an unknown role, as AccessDenied (403)", async () => {
    const [staging, sandbox] = ["staging", "sandbox"].map((n) => emu.identities.organization.accounts.find((a) => a.name === n)!);
    for (const attempt of [assume(staging.id, "not-the-id"), assume(sandbox.id), assume("111111111111")]) {
      const e = await error(attempt);
      expect(e?.name).toBe("AccessDenied");
      expect(e?.$metadata?.httpStatusCode).toBe(403);
      expect(e?.message).toMatch(/is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::\d{12}:role\//);
    }
  });

  it("validates the session name and duration as STS does", async () => {
    const staging = emu.identities.organization.accounts.find((a) => a.name === "staging")!;
    const bad = await error(sts().send(new AssumeRoleCommand({ RoleArn: roleArn(staging.id), RoleSessionName: "has space", ExternalId: DEMO_EXTERNAL_ID })));
    expect(bad?.name).toBe("ValidationError");
    const long = await error(sts().send(new AssumeRoleCommand({ RoleArn: roleArn(staging.id), RoleSessionName: "ok", ExternalId: DEMO_EXTERNAL_ID, DurationSeconds: 7200 })));
    expect(long?.message).toMatch(/MaxSessionDuration/);
  });

  it("expires temporary credentials on the emulator clock", async () => {
    const dev = emu.identities.organization.accounts.find((a) => a.name === "dev")!;
    const creds = await assume(dev.id);
    expect((await sts(creds).send(new GetCallerIdentityCommand({}))).Account).toBe(dev.id);
    emu.clock.advance(3_601_000);
    const e = await error(sts(creds).send(new GetCallerIdentityCommand({})));
    expect(e?.name).toBe("ExpiredTokenException");
    expect(e?.$metadata?.httpStatusCode).toBe(403);
  });

  it("lists the organisation's accounts page by page from the management account, and refuses a member", async () => {
    const pages: number[] = [];
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client: orgs(), pageSize: 2 }, {})) {
      pages.push(page.Accounts!.length);
      ids.push(...page.Accounts!.map((a) => a.Id!));
    }
    expect(pages).toEqual([2, 2, 1]);
    expect(ids).toEqual(emu.identities.organization.accounts.map((a) => a.id));
    const first = (await orgs().send(new ListAccountsCommand({}))).Accounts!;
    expect(first.find((a) => a.Name === "retired")?.Status).toBe("SUSPENDED");
    expect(first[0].JoinedTimestamp).toBeInstanceOf(Date);
    const staging = emu.identities.organization.accounts.find((a) => a.name === "staging")!;
    const e = await error(orgs(await assume(staging.id)).send(new ListAccountsCommand({})));
    expect(e?.name).toBe("AccessDeniedException");
    const badPage = await error(orgs().send(new ListAccountsCommand({ MaxResults: 50 })));
    expect(badPage?.name).toBe("InvalidInputException");
  });
});
