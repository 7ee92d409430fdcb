import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackupClient, ListRestoreJobsCommand } from "@aws-sdk/client-backup";
import { ACCOUNT_ID } from "../../emulator/scenario/fleet";
import { pointLibAt, seededCluster, withEmulator } from "./emulator";

/** lib/backup against the emulator through the real SDK: backups, restore requests kept in the store, the fleet view. */

let emu: Awaited<ReturnType<typeof withEmulator>>;
const H = 3_600_000;
const operator = { name: "it-operator", role: "operator" as const, groups: [] };
const seededId = (name: string, region: string) => emu.scenario.clusters.find((c) => c.name === name && c.region === region)!.identifier;

beforeAll(async () => {
  emu = await withEmulator({ timeScale: 1 });
  pointLibAt(emu, "backup");
});
afterAll(() => emu.close());

const lib = async () => ({
  ...(await import("../../lib/backup/jobs")),
  ...(await import("../../lib/backup/points")),
  ...(await import("../../lib/backup/restores")),
  ...(await import("../../lib/backup/fleet")),
  ...(await import("../../lib/backup/age")),
  ...(await import("../../lib/dsql/clusters")),
  ...(await import("../../lib/store")),
});

describe("backups through lib/backup", () => {
  it("starts an on-demand backup and then sees its new recovery point", async () => {
    const { getCluster, listRecoveryPoints, startOnDemandBackup, getBackupJob } = await lib();
    const cluster = await getCluster(seededCluster(emu, "catalog-apac", "ap-northeast-1"));
    const before = await listRecoveryPoints(cluster, cluster.arn);
    const job = await startOnDemandBackup(cluster, "11111111-2222-4333-8444-555555555555");
    expect(job.state).toBe("CREATED");
    expect(job.trigger).toBe("on-demand");
    expect(job.percentDone).toBeUndefined();
    emu.clock.advance(H);
    expect((await getBackupJob(cluster, job.id)).state).toBe("COMPLETED");
    const after = await listRecoveryPoints(cluster, cluster.arn);
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]).toMatchObject({ arn: job.recoveryPointArn, status: "COMPLETED", origin: { kind: "on-demand" }, vaultName: "Default" });
    // Plan-made points carry their lifecycle and plan.
    expect(after[1]).toMatchObject({ retentionDays: 35, origin: { kind: "plan", planName: "dsql-daily" } });
  });

  it("explains the failed backup of an IDLE cluster", async () => {
    const { getCluster, startOnDemandBackup, getBackupJob } = await lib();
    const cluster = await getCluster(seededCluster(emu, "analytics-dev", "us-east-1"));
    const job = await startOnDemandBackup(cluster);
    emu.clock.advance(10 * 60_000);
    const done = await getBackupJob(cluster, job.id);
    expect(done.state).toBe("FAILED");
    expect(done.statusMessage).toMatch(/is in state 'IDLE' and can't be backed up/);
    expect(done.explanation).toMatch(/connect to the cluster once to wake it/);
  });

  it("flags the stale cluster on the fleet view and not the healthy ones", async () => {
    const { listFleet, fleetBackupHealth } = await lib();
    const clusters = (await listFleet()).flatMap((r) => r.clusters);
    const health = await fleetBackupHealth(clusters, new Date(emu.clock.now()));
    const of = (name: string, region: string) => health.byArn[clusters.find((c) => c.name === name && c.region === region)!.arn];
    expect(of("reporting-eu", "eu-west-1").stale).toBe(true);
    expect(of("reporting-eu", "eu-west-1").ageHours).toBeGreaterThan(74);
    expect(of("payments-eu", "eu-west-1").stale).toBe(false);
    expect(of("search-staging", "ap-northeast-1")).toEqual({ stale: true, thresholdHours: 26 });
    expect(health.errors).toEqual([]);
  });
});

describe("restores through restore requests", () => {
  it("starts one job however often a request is submitted, follows it to COMPLETED and tags the new cluster", async () => {
    const { getCluster, wizardContext, createRestoreRequest, submitRestoreRequest, restoreProgress, restoresInFlight, listClusters, invalidateClusters } = await lib();
    const source = await getCluster(seededCluster(emu, "payments-eu", "eu-west-1"));
    const ctx = await wizardContext(source);
    const point = ctx.points[0];
    const req = await createRestoreRequest({
      cluster: source,
      recoveryPointArn: point.arn,
      user: operator,
      options: { deletionProtection: false, copySourceTags: true, tags: { Name: "payments-eu-restored" } },
    });
    expect(req.status).toBe("draft");
    expect(JSON.stringify(req)).not.toMatch(/token/i);

    await expect(submitRestoreRequest(req.id, "payments-eu")).rejects.toMatchObject({ status: 400 });
    // A double click: two submissions at once.
    const [a, b] = await Promise.all([submitRestoreRequest(req.id, source.identifier), submitRestoreRequest(req.id, source.identifier)]);
    expect(a.restoreJobId).toBeDefined();
    expect(b.restoreJobId).toBe(a.restoreJobId);
    // Later (a reload, a restart): the stored job id answers without a second StartRestoreJob.
    expect((await submitRestoreRequest(req.id, source.identifier)).restoreJobId).toBe(a.restoreJobId);
    const listed = await new BackupClient(emu.clientConfig("eu-west-1")).send(new ListRestoreJobsCommand({}));
    expect(listed.RestoreJobs!.filter((j) => j.RecoveryPointArn === point.arn)).toHaveLength(1);

    const inFlight = await restoresInFlight([{ account: ACCOUNT_ID, region: "eu-west-1" }]);
    expect(inFlight.jobs.map((j) => j.id)).toContain(a.restoreJobId);

    emu.clock.advance(60_000);
    const running = await restoreProgress({ account: ACCOUNT_ID, region: "eu-west-1" }, a.restoreJobId!);
    expect(running.job.status).toBe("RUNNING");
    expect(running.request?.id).toBe(req.id);
    expect(running.newCluster).toBeUndefined();

    emu.clock.advance(2 * H);
    const done = await restoreProgress({ account: ACCOUNT_ID, region: "eu-west-1" }, a.restoreJobId!);
    expect(done.job.status).toBe("COMPLETED");
    expect(done.newCluster?.identifier).toMatch(/^[a-z0-9]{26}$/);
    expect(done.newCluster?.identifier).not.toBe(source.identifier);
    expect(done.newCluster?.name).toBe("payments-eu-restored");
    expect(done.request?.tagsAppliedAt).toBeDefined();
    invalidateClusters({ account: ACCOUNT_ID, region: "eu-west-1" });
    const names = (await listClusters({ account: ACCOUNT_ID, region: "eu-west-1" })).map((c) => c.name);
    expect(names).toContain("payments-eu-restored");
    expect(names).toContain("payments-eu");
  });

  it("adopts the job of an attempt whose answer was lost, even after the token expired", async () => {
    const { getCluster, wizardContext, createRestoreRequest, submitRestoreRequest, inStore } = await lib();
    const source = await getCluster(seededCluster(emu, "orders-prod", "us-east-1"));
    const point = (await wizardContext(source)).points[1];
    const req = await createRestoreRequest({ cluster: source, recoveryPointArn: point.arn, user: operator, options: { deletionProtection: true, copySourceTags: false, tags: {} } });
    const first = await submitRestoreRequest(req.id, source.identifier);
    // The process died between AWS's answer and the store write, and came back two hours later.
    await inStore((db) => db.query("UPDATE restore_requests SET restore_job_id = NULL, status = 'submitting', submitted_at = now() - interval '2 hours' WHERE id = $1", [req.id]));
    emu.clock.advance(2 * H);
    const again = await submitRestoreRequest(req.id, source.identifier);
    expect(again.restoreJobId).toBe(first.restoreJobId);
    const listed = await new BackupClient(emu.clientConfig("us-east-1")).send(new ListRestoreJobsCommand({}));
    expect(listed.RestoreJobs!.filter((j) => j.RecoveryPointArn === point.arn)).toHaveLength(1);
  });

  it("refuses a request the server's checks reject, before anything reaches AWS", async () => {
    const { getCluster, wizardContext, createRestoreRequest } = await lib();
    const source = await getCluster(seededCluster(emu, "orders-prod", "us-east-1"));
    const ctx = await wizardContext(source);
    expect(ctx.peerRegions).toEqual(["us-east-2"]);
    expect(ctx.points.filter((p) => p.copyRegions.includes("us-east-2")).length).toBeGreaterThan(30);
    await expect(
      createRestoreRequest({
        cluster: source,
        recoveryPointArn: ctx.points[0].arn,
        user: operator,
        options: { deletionProtection: true, copySourceTags: false, tags: {}, kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1a2b3c4d-1111-2222-3333-444455556666" },
      }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/kmsKeyArn/) });
    await expect(
      createRestoreRequest({
        cluster: source,
        recoveryPointArn: "arn:aws:dsql:us-east-1:123456789012:cluster/x/backup/y",
        user: operator,
        options: { deletionProtection: true, copySourceTags: false, tags: {} },
      }),
    ).rejects.toMatchObject({ status: 400 });
  });
});
