import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ListAccountsCommand, OrganizationsClient, paginateListAccounts } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { CloudWatchClient, DeleteAlarmsCommand, DescribeAlarmsCommand, PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import { DEMO_EXTERNAL_ID, DEMO_ROLE } from "../../emulator/scenario/accounts";
import { STAGING_ACCOUNT } from "../../emulator/scenario/fleet";
import { withEmulator } from "./emulator";

let emu: Awaited<ReturnType<typeof withEmulator>>;
const sts = (credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) => new STSClient({ ...emu.clientConfig("us-east-1"), ...(credentials ? { credentials } : {}) });
const orgs = (credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
  new OrganizationsClient({ ...emu.clientConfig("us-east-1"), ...(credentials ? { credentials } : {}) });
const roleArn = (account: string) => `arn:aws:iam::${account}:role/${DEMO_ROLE}`;
const error = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: { name: string; message: string; $metadata?: { httpStatusCode?: number } }) => e,
  );

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

  it("expires temporary credentials after their hour on the wall clock (the one clients renew by), whatever the scenario clock does", async () => {
    const dev = emu.identities.organization.accounts.find((a) => a.name === "dev")!;
    const creds = await assume(dev.id);
    expect((await sts(creds).send(new GetCallerIdentityCommand({}))).Account).toBe(dev.id);
    emu.clock.advance(3_601_000);
    expect((await sts(creds).send(new GetCallerIdentityCommand({}))).Account).toBe(dev.id);
    const realNow = Date.now;
    Date.now = () => realNow() + 3_601_000;
    try {
      const e = await error(sts(creds).send(new GetCallerIdentityCommand({})));
      expect(e?.name).toBe("ExpiredTokenException");
      expect(e?.$metadata?.httpStatusCode).toBe(403);
    } finally {
      Date.now = realNow;
    }
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

describe("resources belong to one account", () => {
  it("shows a member account none of the management account's clusters, metrics or backups, and keeps its own clusters to itself", async () => {
    const { DSQLClient, ListClustersCommand, CreateClusterCommand, GetClusterCommand } = await import("@aws-sdk/client-dsql");
    const { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand } = await import("@aws-sdk/client-cloudwatch");
    const { BackupClient, ListBackupJobsCommand, ListRecoveryPointsByResourceCommand } = await import("@aws-sdk/client-backup");
    const staging = emu.identities.organization.accounts.find((a) => a.name === "staging")!;
    const creds = await assume(staging.id);
    const region = "us-east-1";
    const as = <T>(make: (cfg: ReturnType<typeof emu.clientConfig>) => T, c?: typeof creds) => make({ ...emu.clientConfig(region), ...(c ? { credentials: c } : {}) });
    const prodCluster = emu.scenario.clusters.find((c) => c.region === region && c.name === "orders-prod")!;

    // Control plane: nothing of prod's, and what staging creates is staging's alone.
    expect((await as((cfg) => new DSQLClient(cfg), creds).send(new ListClustersCommand({}))).clusters).toEqual([]);
    expect((await error(as((cfg) => new DSQLClient(cfg), creds).send(new GetClusterCommand({ identifier: prodCluster.identifier }))))?.name).toBe("ResourceNotFoundException");
    const made = await as((cfg) => new DSQLClient(cfg), creds).send(new CreateClusterCommand({ tags: { Name: "staging-orders" } }));
    expect(made.arn).toBe(`arn:aws:dsql:${region}:${staging.id}:cluster/${made.identifier}`);
    expect((await as((cfg) => new DSQLClient(cfg), creds).send(new ListClustersCommand({}))).clusters!.map((c) => c.identifier)).toEqual([made.identifier]);
    expect((await error(as((cfg) => new DSQLClient(cfg)).send(new GetClusterCommand({ identifier: made.identifier }))))?.name).toBe("ResourceNotFoundException");

    // Metrics: prod's cluster publishes nothing to staging.
    const now = new Date(emu.clock.now());
    const query = {
      MetricDataQueries: [
        { Id: "dpu", MetricStat: { Metric: { Namespace: "AWS/AuroraDSQL", MetricName: "TotalDPU", Dimensions: [{ Name: "ClusterId", Value: prodCluster.identifier }] }, Period: 3600, Stat: "Sum" } },
      ],
      StartTime: new Date(now.getTime() - 86_400_000),
      EndTime: now,
    };
    expect((await as((cfg) => new CloudWatchClient(cfg), creds).send(new GetMetricDataCommand(query))).MetricDataResults![0].Values).toEqual([]);
    expect((await as((cfg) => new CloudWatchClient(cfg)).send(new GetMetricDataCommand(query))).MetricDataResults![0].Values!.length).toBeGreaterThan(0);
    const stagingMetrics = await as((cfg) => new CloudWatchClient(cfg), creds).send(new ListMetricsCommand({ Namespace: "AWS/AuroraDSQL" }));
    expect(stagingMetrics.Metrics!.some((m) => m.Dimensions?.some((d) => d.Value === prodCluster.identifier))).toBe(false);

    // Backups: prod's jobs and recovery points are not staging's.
    const prodArn = `arn:aws:dsql:${region}:${emu.identities.defaultAccount}:cluster/${prodCluster.identifier}`;
    expect((await as((cfg) => new BackupClient(cfg), creds).send(new ListBackupJobsCommand({}))).BackupJobs ?? []).toEqual([]);
    expect((await as((cfg) => new BackupClient(cfg), creds).send(new ListRecoveryPointsByResourceCommand({ ResourceArn: prodArn }))).RecoveryPoints ?? []).toEqual([]);
    expect((await as((cfg) => new BackupClient(cfg)).send(new ListRecoveryPointsByResourceCommand({ ResourceArn: prodArn }))).RecoveryPoints!.length).toBeGreaterThan(0);
  });
});

describe("accounts: CloudWatch alarms are per account", () => {
  it("keeps alarms per account: a member account's alarm of the same name is its own, evaluated on its own cluster's metrics", async () => {
    const staging = emu.dsql.all().find((c) => c.name === "reporting-eu")!;
    expect(staging.account).toBe(STAGING_ACCOUNT);
    const mine = new CloudWatchClient(emu.clientConfig("eu-west-1"));
    const theirs = new CloudWatchClient(emu.clientConfigIn(STAGING_ACCOUNT, "eu-west-1"));
    const alarm = (clusterId: string, threshold: number) =>
      new PutMetricAlarmCommand({
        AlarmName: "it-shared-name",
        Namespace: "AWS/AuroraDSQL", MetricName: "TotalDPU", Dimensions: [{ Name: "ClusterId", Value: clusterId }],
        Statistic: "Sum",
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: threshold,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        TreatMissingData: "breaching",
      });
    await mine.send(alarm(emu.dsql.all().find((c) => c.name === "payments-eu")!.identifier, 1e12));
    await theirs.send(alarm(staging.identifier, 0));
    const [a] = (await mine.send(new DescribeAlarmsCommand({ AlarmNames: ["it-shared-name"] }))).MetricAlarms!;
    const [b] = (await theirs.send(new DescribeAlarmsCommand({ AlarmNames: ["it-shared-name"] }))).MetricAlarms!;
    expect(a.AlarmArn).toBe(`arn:aws:cloudwatch:eu-west-1:${emu.identities.defaultAccount}:alarm:it-shared-name`);
    expect(b.AlarmArn).toBe(`arn:aws:cloudwatch:eu-west-1:${STAGING_ACCOUNT}:alarm:it-shared-name`);
    expect(b.Dimensions).toEqual([{ Name: "ClusterId", Value: staging.identifier }]);
    // Each is evaluated in its account: the staging alarm sees reporting-eu's data and goes to ALARM.
    emu.clock.advance(10 * 60_000);
    expect((await theirs.send(new DescribeAlarmsCommand({ AlarmNames: ["it-shared-name"] }))).MetricAlarms![0].StateValue).toBe("ALARM");
    await theirs.send(new DeleteAlarmsCommand({ AlarmNames: ["it-shared-name"] }));
    expect((await mine.send(new DescribeAlarmsCommand({ AlarmNames: ["it-shared-name"] }))).MetricAlarms).toHaveLength(1);
    await mine.send(new DeleteAlarmsCommand({ AlarmNames: ["it-shared-name"] }));
  });
});
