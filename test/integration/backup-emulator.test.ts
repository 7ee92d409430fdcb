import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BackupClient,
  DescribeBackupJobCommand,
  DescribeRecoveryPointCommand,
  DescribeRestoreJobCommand,
  GetBackupPlanCommand,
  GetRecoveryPointRestoreMetadataCommand,
  InvalidParameterValueException,
  ListBackupJobsCommand,
  ListBackupPlansCommand,
  ListBackupVaultsCommand,
  ListRecoveryPointsByBackupVaultCommand,
  ListRecoveryPointsByResourceCommand,
  ListRestoreJobsCommand,
  MissingParameterValueException,
  PutRestoreValidationResultCommand,
  ResourceNotFoundException,
  StartBackupJobCommand,
  StartRestoreJobCommand,
} from "@aws-sdk/client-backup";
import { DeleteClusterCommand, DSQLClient, GetClusterCommand, ListClustersCommand, ResourceNotFoundException as DsqlNotFound } from "@aws-sdk/client-dsql";
import { ACCOUNT_ID, DEV_ACCOUNT, STAGING_ACCOUNT } from "../../emulator/scenario/fleet";
import { withEmulator } from "./emulator";

/** The emulated AWS Backup, driven through the unmodified SDK: wire shapes, errors and timelines. */

let emu: Awaited<ReturnType<typeof withEmulator>>;
/** A Backup client in a Region, acting in the given account of the demo organisation (the default account unless told). */
const backup = (region = "us-east-1", account = ACCOUNT_ID) => new BackupClient(account === ACCOUNT_ID ? emu.clientConfig(region) : emu.clientConfigIn(account, region));
const dsql = (region = "us-east-1") => new DSQLClient(emu.clientConfig(region));
const ROLE = "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole";
const H = 3_600_000;
const seeded = (name: string, region: string) => emu.scenario.clusters.find((c) => c.name === name && c.region === region)!;
const arnOf = (name: string, region: string) => `arn:aws:dsql:${region}:${seeded(name, region).account ?? ACCOUNT_ID}:cluster/${seeded(name, region).identifier}`;

/** A cluster's newest recovery point, read in the cluster's own account (its ARN names it). */
async function latestPoint(region: string, resourceArn: string) {
  const r = await backup(region, resourceArn.split(":")[4]).send(new ListRecoveryPointsByResourceCommand({ ResourceArn: resourceArn }));
  return [...(r.RecoveryPoints ?? [])].sort((a, b) => b.CreationDate!.getTime() - a.CreationDate!.getTime())[0];
}

beforeAll(async () => {
  emu = await withEmulator({ timeScale: 1 });
});
afterAll(() => emu.close());

describe("AWS Backup emulator: the seeded state", () => {
  it("has a Default vault and a daily plan whose us-east-1 rule copies to us-east-2", async () => {
    const vaults = await backup().send(new ListBackupVaultsCommand({}));
    expect(vaults.BackupVaultList?.map((v) => v.BackupVaultName)).toEqual(["Default"]);
    expect(vaults.BackupVaultList?.[0].NumberOfRecoveryPoints).toBeGreaterThan(30);
    const plans = await backup().send(new ListBackupPlansCommand({}));
    expect(plans.BackupPlansList).toHaveLength(1);
    const plan = await backup().send(new GetBackupPlanCommand({ BackupPlanId: plans.BackupPlansList![0].BackupPlanId! }));
    expect(plan.BackupPlan?.Rules?.[0].ScheduleExpression).toMatch(/^cron\(/);
    expect(plan.BackupPlan?.Rules?.[0].Lifecycle?.DeleteAfterDays).toBe(35);
    expect(plan.BackupPlan?.Rules?.[0].CopyActions?.[0].DestinationBackupVaultArn).toContain(":us-east-2:");
    await expect(backup().send(new GetBackupPlanCommand({ BackupPlanId: "nope" }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it("keeps 35 days of daily recovery points, newest at the cluster's last backup age", async () => {
    const arn = arnOf("payments-eu", "eu-west-1");
    const all = [];
    let NextToken: string | undefined;
    do {
      const page = await backup("eu-west-1").send(new ListRecoveryPointsByResourceCommand({ ResourceArn: arn, MaxResults: 10, NextToken }));
      all.push(...(page.RecoveryPoints ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(all.length).toBe(35);
    const newest = Math.max(...all.map((p) => p.CreationDate!.getTime()));
    expect((emu.anchorMs - newest) / H).toBeGreaterThan(2.9);
    expect((emu.anchorMs - newest) / H).toBeLessThan(3.1);
    expect(all.every((p) => p.Status === "COMPLETED" && p.BackupSizeBytes! > 0 && p.BackupVaultName === "Default")).toBe(true);
  });

  it("shows reporting-eu stale (last good ~74 h), an EXPIRED job for it and a FAILED job for the idle cluster", async () => {
    const stale = await latestPoint("eu-west-1", arnOf("reporting-eu", "eu-west-1"));
    expect((emu.anchorMs - stale.CreationDate!.getTime()) / H).toBeGreaterThan(73.9);
    // The stale cluster is in the staging account: its jobs are listed there, not in the default account.
    expect((await backup("eu-west-1").send(new ListBackupJobsCommand({ ByState: "EXPIRED" }))).BackupJobs).toEqual([]);
    const expired = await backup("eu-west-1", STAGING_ACCOUNT).send(new ListBackupJobsCommand({ ByState: "EXPIRED" }));
    expect(expired.BackupJobs?.map((j) => j.ResourceArn)).toEqual([arnOf("reporting-eu", "eu-west-1")]);
    // Its vault, recovery points and jobs are the staging account's own: their ARNs say so.
    expect(expired.BackupJobs![0]).toMatchObject({ AccountId: STAGING_ACCOUNT, BackupVaultArn: `arn:aws:backup:eu-west-1:${STAGING_ACCOUNT}:backup-vault:Default` });
    expect(stale.RecoveryPointArn).toMatch(new RegExp(`^arn:aws:dsql:eu-west-1:${STAGING_ACCOUNT}:cluster/`));
    const vaults = await backup("eu-west-1", STAGING_ACCOUNT).send(new ListBackupVaultsCommand({}));
    expect(vaults.BackupVaultList?.map((v) => v.BackupVaultArn)).toEqual([`arn:aws:backup:eu-west-1:${STAGING_ACCOUNT}:backup-vault:Default`]);
    const failed = await backup("us-east-1", DEV_ACCOUNT).send(new ListBackupJobsCommand({ ByState: "FAILED", ByResourceArn: arnOf("analytics-dev", "us-east-1") }));
    expect(failed.BackupJobs).toHaveLength(1);
    expect(failed.BackupJobs![0].StatusMessage).toMatch(/is in state 'IDLE' and can't be backed up/);
    // Nothing for the cluster still being created.
    expect((await backup("ap-northeast-1").send(new ListRecoveryPointsByResourceCommand({ ResourceArn: arnOf("search-staging", "ap-northeast-1") }))).RecoveryPoints).toEqual([]);
  });

  it("describes a recovery point and its restore metadata with DSQL's regionalConfig", async () => {
    const arn = arnOf("orders-prod", "us-east-1");
    const p = await latestPoint("us-east-1", arn);
    const d = await backup().send(new DescribeRecoveryPointCommand({ BackupVaultName: "Default", RecoveryPointArn: p.RecoveryPointArn! }));
    expect(d.ResourceArn).toBe(arn);
    expect(d.CalculatedLifecycle?.DeleteAt).toBeInstanceOf(Date);
    expect(d.EncryptionKeyArn).toContain(":kms:us-east-1:");
    const meta = await backup().send(new GetRecoveryPointRestoreMetadataCommand({ BackupVaultName: "Default", RecoveryPointArn: p.RecoveryPointArn! }));
    expect(JSON.parse(meta.RestoreMetadata!.regionalConfig)).toEqual([{ region: "us-east-1", isDeletionProtectionEnabled: true, kmsKeyId: d.EncryptionKeyArn }]);
    // The plan's copy rule left an identical copy in us-east-2.
    const copies = await backup("us-east-2").send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: "Default", ByResourceArn: arn }));
    expect(copies.RecoveryPoints?.some((c) => c.CreationDate!.getTime() === p.CreationDate!.getTime() && c.SourceBackupVaultArn?.includes(":us-east-1:"))).toBe(true);
  });

  it("answers errors with the SDK's exception classes", async () => {
    await expect(backup().send(new StartBackupJobCommand({ BackupVaultName: "Default", ResourceArn: arnOf("orders-prod", "us-east-1"), IamRoleArn: "" }))).rejects.toBeInstanceOf(
      MissingParameterValueException,
    );
    await expect(backup().send(new StartBackupJobCommand({ BackupVaultName: "Nope", ResourceArn: arnOf("orders-prod", "us-east-1"), IamRoleArn: ROLE }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await expect(backup().send(new ListBackupJobsCommand({ ByState: "SLEEPING" as never }))).rejects.toBeInstanceOf(InvalidParameterValueException);
    await expect(backup().send(new DescribeRestoreJobCommand({ RestoreJobId: "missing" }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

describe("AWS Backup emulator: jobs over time", () => {
  it("runs an on-demand backup CREATED → RUNNING → COMPLETED and adds a recovery point", async () => {
    const arn = arnOf("catalog-apac", "ap-northeast-1");
    const before = (await backup("ap-northeast-1").send(new ListRecoveryPointsByResourceCommand({ ResourceArn: arn }))).RecoveryPoints!.length;
    const started = await backup("ap-northeast-1").send(new StartBackupJobCommand({ BackupVaultName: "Default", ResourceArn: arn, IamRoleArn: ROLE, IdempotencyToken: "t-1" }));
    const again = await backup("ap-northeast-1").send(new StartBackupJobCommand({ BackupVaultName: "Default", ResourceArn: arn, IamRoleArn: ROLE, IdempotencyToken: "t-1" }));
    expect(again.BackupJobId).toBe(started.BackupJobId);
    const d0 = await backup("ap-northeast-1").send(new DescribeBackupJobCommand({ BackupJobId: started.BackupJobId! }));
    expect(d0.State).toBe("CREATED");
    expect(d0.PercentDone).toBeUndefined();
    emu.clock.advance(60_000);
    const d1 = await backup("ap-northeast-1").send(new DescribeBackupJobCommand({ BackupJobId: started.BackupJobId! }));
    expect(d1.State).toBe("RUNNING");
    expect(Number(d1.PercentDone)).toBeGreaterThan(0);
    emu.clock.advance(30 * 60_000);
    const d2 = await backup("ap-northeast-1").send(new DescribeBackupJobCommand({ BackupJobId: started.BackupJobId! }));
    expect(d2.State).toBe("COMPLETED");
    expect(d2.PercentDone).toBe("100.0");
    const after = await backup("ap-northeast-1").send(new ListRecoveryPointsByResourceCommand({ ResourceArn: arn }));
    expect(after.RecoveryPoints!.length).toBe(before + 1);
    expect(after.RecoveryPoints!.find((p) => p.RecoveryPointArn === started.RecoveryPointArn)?.Status).toBe("COMPLETED");
  });

  it("fails the backup job of an IDLE cluster with the service's precondition message", async () => {
    const arn = arnOf("analytics-dev", "us-east-1");
    const started = await backup("us-east-1", DEV_ACCOUNT).send(new StartBackupJobCommand({ BackupVaultName: "Default", ResourceArn: arn, IamRoleArn: ROLE }));
    emu.clock.advance(5 * 60_000);
    const d = await backup("us-east-1", DEV_ACCOUNT).send(new DescribeBackupJobCommand({ BackupJobId: started.BackupJobId! }));
    expect(d.State).toBe("FAILED");
    expect(d.StatusMessage).toBe(
      `Cluster '${seeded("analytics-dev", "us-east-1").identifier}' is in state 'IDLE' and can't be backed up. In order to take a backup of your cluster, it must be in Active state. Please connect to your cluster to transition it to Active to perform the backup.`,
    );
    expect(d.RecoveryPointArn).toBeUndefined();
  });

  it("restores into a new cluster: one job per idempotency token, PENDING → RUNNING → COMPLETED, cluster in ListClusters", async () => {
    const source = arnOf("payments-eu", "eu-west-1");
    const p = await latestPoint("eu-west-1", source);
    const input = {
      RecoveryPointArn: p.RecoveryPointArn!,
      IamRoleArn: ROLE,
      IdempotencyToken: "restore-token-1",
      Metadata: { regionalConfig: JSON.stringify([{ region: "eu-west-1", isDeletionProtectionEnabled: false }]) },
      CopySourceTagsToRestoredResource: true,
    };
    const a = await backup("eu-west-1").send(new StartRestoreJobCommand(input));
    const b = await backup("eu-west-1").send(new StartRestoreJobCommand(input));
    expect(b.RestoreJobId).toBe(a.RestoreJobId);
    const listed = await backup("eu-west-1").send(new ListRestoreJobsCommand({}));
    expect(listed.RestoreJobs?.filter((j) => j.RecoveryPointArn === p.RecoveryPointArn)).toHaveLength(1);
    expect((await backup("eu-west-1").send(new DescribeRestoreJobCommand({ RestoreJobId: a.RestoreJobId! }))).Status).toBe("PENDING");
    emu.clock.advance(60_000);
    const running = await backup("eu-west-1").send(new DescribeRestoreJobCommand({ RestoreJobId: a.RestoreJobId! }));
    expect(running.Status).toBe("RUNNING");
    expect(running.CreatedResourceArn).toBeUndefined();
    emu.clock.advance(60 * 60_000);
    const done = await backup("eu-west-1").send(new DescribeRestoreJobCommand({ RestoreJobId: a.RestoreJobId! }));
    expect(done.Status).toBe("COMPLETED");
    expect(done.CreatedResourceArn).toMatch(/^arn:aws:dsql:eu-west-1:123456789012:cluster\/[a-z0-9]{26}$/);
    expect(done.CreatedResourceArn).not.toBe(source);
    const id = done.CreatedResourceArn!.split("/")[1];
    const ids = (await dsql("eu-west-1").send(new ListClustersCommand({}))).clusters!.map((c) => c.identifier);
    expect(ids).toContain(id);
    const c = await dsql("eu-west-1").send(new GetClusterCommand({ identifier: id }));
    expect(c.status).toBe("ACTIVE");
    expect(c.deletionProtectionEnabled).toBe(false);
    expect(c.tags?.team).toBe("payments");
  });

  it("runs at most 4 restore jobs at once in an account's region; the 5th waits in PENDING, another account's does not", async () => {
    const p = await latestPoint("us-east-1", arnOf("orders-prod", "us-east-1"));
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await backup().send(new StartRestoreJobCommand({ RecoveryPointArn: p.RecoveryPointArn!, IamRoleArn: ROLE, Metadata: {} }));
      ids.push(r.RestoreJobId!);
    }
    // The dev account's quota is its own (the same idempotency token is another request there, too).
    const devPoint = await latestPoint("us-east-1", arnOf("analytics-dev", "us-east-1"));
    const dev = await backup("us-east-1", DEV_ACCOUNT).send(
      new StartRestoreJobCommand({ RecoveryPointArn: devPoint.RecoveryPointArn!, IamRoleArn: ROLE, Metadata: {}, IdempotencyToken: "shared-token" }),
    );
    const mine = await backup().send(new StartRestoreJobCommand({ RecoveryPointArn: p.RecoveryPointArn!, IamRoleArn: ROLE, Metadata: {}, IdempotencyToken: "shared-token" }));
    expect(mine.RestoreJobId).not.toBe(dev.RestoreJobId);
    emu.clock.advance(60_000);
    const statuses = await Promise.all(ids.map(async (id) => (await backup().send(new DescribeRestoreJobCommand({ RestoreJobId: id }))).Status));
    expect(statuses).toEqual(["RUNNING", "RUNNING", "RUNNING", "RUNNING", "PENDING"]);
    expect((await backup("us-east-1", DEV_ACCOUNT).send(new DescribeRestoreJobCommand({ RestoreJobId: dev.RestoreJobId! }))).Status).toBe("RUNNING");
    ids.push(mine.RestoreJobId!);
    emu.clock.advance(2 * H);
    const later = await Promise.all(ids.map(async (id) => (await backup().send(new DescribeRestoreJobCommand({ RestoreJobId: id }))).Status));
    expect(later).toEqual(["COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED"]);
  });

  it("refuses malformed restore metadata and reports a wrong-region KMS key as a failed job", async () => {
    const p = await latestPoint("us-east-1", arnOf("orders-prod", "us-east-1"));
    const start = (Metadata: Record<string, string>) => backup().send(new StartRestoreJobCommand({ RecoveryPointArn: p.RecoveryPointArn!, IamRoleArn: ROLE, Metadata }));
    await expect(start({ regionalConfig: "{not json" })).rejects.toBeInstanceOf(InvalidParameterValueException);
    await expect(start({ regionalConfig: JSON.stringify([{ region: "eu-west-1" }]) })).rejects.toBeInstanceOf(InvalidParameterValueException);
    await expect(start({ useMultiRegionOrchestration: "true", witnessRegion: "eu-west-1", peerRegion: '["us-east-2"]' })).rejects.toThrow(/continent group/);
    await expect(backup().send(new StartRestoreJobCommand({ RecoveryPointArn: p.RecoveryPointArn!, Metadata: undefined as never }))).rejects.toBeInstanceOf(MissingParameterValueException);
    const bad = await start({ regionalConfig: JSON.stringify([{ region: "us-east-1", kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1a2b3c4d-1111-2222-3333-444455556666" }]) });
    emu.clock.advance(2 * H);
    const d = await backup().send(new DescribeRestoreJobCommand({ RestoreJobId: bad.RestoreJobId! }));
    expect(d.Status).toBe("FAILED");
    expect(d.StatusMessage).toMatch(/KMS key/);
    expect(d.CreatedResourceArn).toBeUndefined();
  });

  it("restores a multi-region cluster from a point with an identical copy in the peer region", async () => {
    const p = await latestPoint("us-east-1", arnOf("orders-prod", "us-east-1"));
    const r = await backup().send(
      new StartRestoreJobCommand({
        RecoveryPointArn: p.RecoveryPointArn!,
        IamRoleArn: ROLE,
        Metadata: {
          useMultiRegionOrchestration: "true",
          witnessRegion: "us-west-2",
          peerRegion: JSON.stringify(["us-east-2"]),
          regionalConfig: JSON.stringify([
            { region: "us-east-1", isDeletionProtectionEnabled: true },
            { region: "us-east-2", isDeletionProtectionEnabled: false },
          ]),
        },
      }),
    );
    emu.clock.advance(3 * H);
    const d = await backup().send(new DescribeRestoreJobCommand({ RestoreJobId: r.RestoreJobId! }));
    expect(d.Status).toBe("COMPLETED");
    const primary = await dsql().send(new GetClusterCommand({ identifier: d.CreatedResourceArn!.split("/")[1] }));
    expect(primary.multiRegionProperties?.witnessRegion).toBe("us-west-2");
    const peerArn = primary.multiRegionProperties!.clusters!.find((a) => a.includes(":us-east-2:"))!;
    const peer = await dsql("us-east-2").send(new GetClusterCommand({ identifier: peerArn.split("/")[1] }));
    expect(peer.deletionProtectionEnabled).toBe(false);
    expect(peer.multiRegionProperties?.clusters).toContain(d.CreatedResourceArn);
  });
});

describe("AWS Backup emulator: a restore drill", () => {
  it("restores, records the drill's validation on the restore job (204), and deletes the restored cluster", async () => {
    const p = await latestPoint("eu-west-1", arnOf("payments-eu", "eu-west-1"));
    const { RestoreJobId } = await backup("eu-west-1").send(
      new StartRestoreJobCommand({
        RecoveryPointArn: p.RecoveryPointArn!,
        IamRoleArn: ROLE,
        Metadata: { regionalConfig: JSON.stringify([{ region: "eu-west-1", isDeletionProtectionEnabled: false }]) },
      }),
    );
    emu.clock.advance(2 * H);
    const done = await backup("eu-west-1").send(new DescribeRestoreJobCommand({ RestoreJobId }));
    expect(done.Status).toBe("COMPLETED");
    expect(done.ValidationStatus).toBeUndefined();

    const validating = await backup("eu-west-1").send(new PutRestoreValidationResultCommand({ RestoreJobId, ValidationStatus: "VALIDATING" }));
    expect(validating.$metadata.httpStatusCode).toBe(204);
    await backup("eu-west-1").send(new PutRestoreValidationResultCommand({ RestoreJobId, ValidationStatus: "SUCCESSFUL", ValidationStatusMessage: "12 tables, row counts match the source" }));
    const validated = await backup("eu-west-1").send(new DescribeRestoreJobCommand({ RestoreJobId }));
    expect(validated).toMatchObject({ ValidationStatus: "SUCCESSFUL", ValidationStatusMessage: "12 tables, row counts match the source" });
    const listed = await backup("eu-west-1").send(new ListRestoreJobsCommand({}));
    expect(listed.RestoreJobs!.find((j) => j.RestoreJobId === RestoreJobId)?.ValidationStatus).toBe("SUCCESSFUL");

    await expect(backup("eu-west-1").send(new PutRestoreValidationResultCommand({ RestoreJobId, ValidationStatus: "PASSED" as never }))).rejects.toBeInstanceOf(InvalidParameterValueException);
    await expect(backup("eu-west-1").send(new PutRestoreValidationResultCommand({ RestoreJobId: "NO-SUCH-JOB", ValidationStatus: "FAILED" }))).rejects.toBeInstanceOf(ResourceNotFoundException);

    // The drill cleans up: the restored cluster has no deletion protection, so it goes.
    const identifier = validated.CreatedResourceArn!.split("/")[1];
    expect((await dsql("eu-west-1").send(new DeleteClusterCommand({ identifier }))).status).toBe("DELETING");
    emu.clock.advance(5 * 60_000);
    await expect(dsql("eu-west-1").send(new GetClusterCommand({ identifier }))).rejects.toBeInstanceOf(DsqlNotFound);
  });
});

describe("AWS Backup emulator: the daily plan keeps running", () => {
  it("takes the next daily runs as the clock passes them: new points, failed jobs for the idle cluster, none for the stale one", async () => {
    const payments = arnOf("payments-eu", "eu-west-1");
    const stale = arnOf("reporting-eu", "eu-west-1");
    const before = (await latestPoint("eu-west-1", payments)).CreationDate!.getTime();
    const staleBefore = (await latestPoint("eu-west-1", stale)).CreationDate!.getTime();
    emu.clock.advance(2 * 24 * H);
    const now = emu.clock.now();
    const latest = await latestPoint("eu-west-1", payments);
    // Two more runs, a day apart, the newest under a day old and completed.
    expect(Math.round((latest.CreationDate!.getTime() - before) / (24 * H))).toBeGreaterThanOrEqual(2);
    expect(now - latest.CreationDate!.getTime()).toBeLessThan(24 * H);
    expect(latest.Status).toBe("COMPLETED");
    const jobs = await backup("eu-west-1").send(new ListBackupJobsCommand({ ByResourceArn: payments, ByCreatedAfter: new Date(before + H) }));
    expect(jobs.BackupJobs?.length).toBeGreaterThanOrEqual(2);
    expect(jobs.BackupJobs?.every((j) => j.State === "COMPLETED" && j.RecoveryPointArn)).toBe(true);
    // The stale cluster's plan stopped: its last good backup only gets older.
    expect((await latestPoint("eu-west-1", stale)).CreationDate!.getTime()).toBe(staleBefore);
    // The idle cluster's scheduled runs fail with the service's precondition message.
    const idle = await backup("us-east-1", DEV_ACCOUNT).send(new ListBackupJobsCommand({ ByResourceArn: arnOf("analytics-dev", "us-east-1"), ByCreatedAfter: new Date(now - 3 * 24 * H) }));
    expect(idle.BackupJobs?.filter((j) => j.State === "FAILED").length).toBeGreaterThanOrEqual(2);
  });
});
