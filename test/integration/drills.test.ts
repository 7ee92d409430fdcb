import { describe, expect, it } from "vitest";
import { BackupClient, DescribeRestoreJobCommand, StartRestoreJobCommand } from "@aws-sdk/client-backup";
import { emulatorForLib, seededCluster } from "./emulator";

/**
 * Restore drills end to end on the emulator's clock (time scale 1000): a canary in the source,
 * a backup, the drill's restore, its validation against the source, the verdict reported to AWS
 * Backup, the copy deleted; the restore slots shared with people; a copy that could not be
 * deleted listed as a leftover and swept.
 */

const emulator = emulatorForLib("drills", { timeScale: 1000 });
const operator = { name: "it-operator", role: "operator" as const, groups: [] };
const MIN = 60_000;

const lib = async () => ({
  ...(await import("@/lib/drills")),
  ...(await import("@/lib/dsql/clusters")),
  ...(await import("@/lib/dsql/connection")),
  ...(await import("@/lib/backup/jobs")),
  ...(await import("@/lib/backup/points")),
});

async function cluster(name: string, region: string) {
  const { getCluster } = await lib();
  return getCluster(seededCluster(emulator(), name, region));
}

/** An on-demand backup, followed until its point is COMPLETED; the point. */
async function freshPoint(c: Awaited<ReturnType<typeof cluster>>) {
  const { startOnDemandBackup, getBackupJob, listRecoveryPoints, invalidatePoints } = await lib();
  const job = await startOnDemandBackup(c);
  for (let i = 0; i < 30 && (await getBackupJob(c, job.id)).state !== "COMPLETED"; i++) emulator().clock.advance(MIN);
  invalidatePoints(c, c.arn);
  const point = (await listRecoveryPoints(c, c.arn)).find((p) => p.arn === job.recoveryPointArn);
  expect(point?.status).toBe("COMPLETED");
  return point!;
}

/** Ticks the runner (as the instances do) and moves the emulator on a minute, until the drill is done. */
async function runToEnd(id: string, maxTicks = 40) {
  const { tickDrills, getDrill } = await lib();
  for (let i = 0; i < maxTicks; i++) {
    await tickDrills(emulator().clock.now());
    const d = await getDrill(id);
    if (d?.phase === "done") return d;
    emulator().clock.advance(MIN);
  }
  return (await getDrill(id))!;
}

const validationOf = async (c: { account: string; region: string }, jobId: string) => {
  const emu = emulator();
  const client = new BackupClient(emu.clientConfigIn(c.account, c.region));
  return client.send(new DescribeRestoreJobCommand({ RestoreJobId: jobId }));
};

describe("restore drills", () => {
  it("claims a scheduled run once however many instances tick, and writes the canary once per interval", async () => {
    const { scheduleDrills, tickDrills, listSchedulesForTest, clusterPool } = { ...(await lib()), listSchedulesForTest: (await import("@/lib/drills/store")).listSchedules };
    const c = await cluster("catalog-apac", "ap-northeast-1");
    const now = emulator().clock.now();
    const s = await scheduleDrills(c, { cadence: "weekly", canary: true }, operator, now);
    expect(new Date(s.nextRunAt).getUTCDay()).toBe(1);
    expect(s.nextRunAt).toBeGreaterThan(now);
    // Two instances tick at the same moment, before and at the run's time.
    await Promise.all([tickDrills(now), tickDrills(now)]);
    const started = (await Promise.all([tickDrills(s.nextRunAt), tickDrills(s.nextRunAt)])).flat();
    expect(new Set(started.map((d) => d.id)).size).toBe(1);
    const [after] = (await listSchedulesForTest()).filter((x) => x.clusterArn === c.arn);
    expect(after.nextRunAt).toBe(s.nextRunAt + 7 * 24 * 60 * MIN);
    const rows = await clusterPool(c).query<{ n: number }>("SELECT count(*)::int AS n FROM dsql_ops_canary");
    // One at `now` (the first tick) and one at the run (an interval later): never two at once.
    expect(rows[0].n).toBe(2);
    // Let the scheduled drill finish so it does not hold a slot in the next tests.
    await runToEnd(started[0].id);
  });

  it("runs a drill that passes: restored, validated with the canary, reported, deleted, with its figures", async () => {
    const { startDrillNow, tickDrills, getCluster, figuresOf, drillStandings } = await lib();
    const c = await cluster("catalog-apac", "ap-northeast-1");
    // The canary row of the first test is then older than the point by more than the clock margin.
    emulator().clock.advance(2 * MIN);
    const point = await freshPoint(c);

    // Three restores of people hold three of the four slots: the drill waits for one to end.
    const client = new BackupClient(emulator().clientConfigIn(c.account, c.region));
    for (let i = 0; i < 3; i++) {
      await client.send(
        new StartRestoreJobCommand({
          RecoveryPointArn: point.arn,
          IamRoleArn: `arn:aws:iam::${c.account}:role/service-role/AWSBackupDefaultServiceRole`,
          Metadata: { regionalConfig: JSON.stringify([{ region: c.region, isDeletionProtectionEnabled: false }]) },
        }),
      );
    }
    const drill = await startDrillNow(c, operator, emulator().clock.now());
    await expect(startDrillNow(c, operator, emulator().clock.now())).rejects.toMatchObject({ status: 409 });
    const [waiting] = (await tickDrills(emulator().clock.now())).filter((d) => d.id === drill.id);
    expect(waiting).toMatchObject({ phase: "waiting", message: expect.stringMatching(/3 of 4 in use, and drills leave the last one to people/) });

    const done = await runToEnd(drill.id);
    expect(done).toMatchObject({ phase: "done", result: "passed", reported: "Reported to AWS Backup", recoveryPointArn: point.arn });
    const checks = Object.fromEntries(done.checks.map((x) => [x.id, x]));
    expect(checks.restore.state).toBe("pass");
    expect(checks.tables).toMatchObject({ state: "pass", evidence: expect.stringMatching(/^All \d+ tables are there$/) });
    expect(checks.indexes.state).toBe("pass");
    expect(checks.canary).toMatchObject({ state: "pass", evidence: expect.stringContaining("holds the canary row") });
    expect((await validationOf(c, done.restoreJobId!)).ValidationStatus).toBe("SUCCESSFUL");
    await expect(getCluster({ account: c.account, region: c.region, identifier: done.restoredArn!.split("/").pop()! })).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    const f = figuresOf(done);
    expect(f.rtoMs).toBeGreaterThan(0);
    expect(f.rpoMs).toBeGreaterThan(0);
    expect(done.costUsd).toBeGreaterThan(0);
    expect((await drillStandings([c]))[c.arn]).toMatchObject({ passed: true, summary: expect.stringMatching(/^Passed: .*RTO \d+ min$/) });
  });

  it("fails a drill whose copy lacks the newest canary row before the recovery point", async () => {
    const { scheduleDrills, startDrillNow, tickDrills, clusterPool, drillSignals } = await lib();
    const c = await cluster("payments-eu", "eu-west-1");
    await scheduleDrills(c, { cadence: "daily", canary: true }, operator, emulator().clock.now());
    await tickDrills(emulator().clock.now());
    // The canary's own row is then well before the point and the late row below.
    emulator().clock.advance(5 * 60_000);
    const point = await freshPoint(c);
    // A row stamped two minutes before the point (beyond the clock margin) but written after the backup read the data.
    await clusterPool(c).query("INSERT INTO dsql_ops_canary (id, written_at) VALUES ('late-row', $1)", [new Date(Date.parse(point.createdAt) - 120_000)]);

    const drill = await startDrillNow(c, operator, emulator().clock.now());
    const done = await runToEnd(drill.id);
    expect(done).toMatchObject({ phase: "done", result: "failed" });
    const canary = done.checks.find((x) => x.id === "canary");
    expect(canary).toMatchObject({ state: "fail", evidence: expect.stringContaining("lacks the canary row") });
    // The schema itself came back whole: only the canary failed.
    expect(done.checks.filter((x) => x.state === "fail").map((x) => x.id)).toEqual(["canary"]);
    const v = await validationOf(c, done.restoreJobId!);
    expect(v.ValidationStatus).toBe("FAILED");
    expect(v.ValidationStatusMessage).toMatch(/^Failed: canary/);
    expect(await drillSignals(emulator().clock.now())).toContainEqual(expect.objectContaining({ kind: "drill-failed", clusterArn: c.arn }));
  });

  it("lists a copy it could not delete as a leftover with its cost per day, and sweeps it once it can", async () => {
    const { startDrillNow, tickDrills, getDrill, drillsView, drillSignals } = await lib();
    const c = await cluster("catalog-apac", "ap-northeast-1");
    emulator().faults.add({ kind: "denied", service: "dsql", operation: "DeleteCluster" });
    let d;
    try {
      const drill = await startDrillNow(c, operator, emulator().clock.now());
      for (let i = 0; i < 40; i++) {
        await tickDrills(emulator().clock.now());
        d = (await getDrill(drill.id))!;
        if (d.deleteError) break;
        emulator().clock.advance(MIN);
      }
      expect(d).toMatchObject({ phase: "deleting", result: "passed", deleteError: expect.stringContaining("DeleteCluster") });
      const view = await drillsView(emulator().clock.now());
      const left = view.leftovers.find((l) => l.drillId === drill.id);
      expect(left).toMatchObject({ arn: d!.restoredArn, reason: expect.stringMatching(/^Delete failed/) });
      expect(left!.usdPerDay).toBeGreaterThan(0);
      expect(await drillSignals(emulator().clock.now())).toContainEqual(expect.objectContaining({ kind: "drill-leftover", clusterArn: c.arn }));
    } finally {
      emulator().faults.clear();
    }
    // The next attempt comes after the retry interval, and the copy goes.
    emulator().clock.advance(6 * MIN);
    const swept = await runToEnd(d!.id);
    expect(swept.phase).toBe("done");
    expect(swept.deleteError).toBeUndefined();
    expect(swept.goneAt).toBeDefined();
    expect((await drillsView(emulator().clock.now())).leftovers.find((l) => l.drillId === d!.id)).toBeUndefined();
  });

  it("lists the copy another deployment's drill left behind, and deletes it only when a person confirms it", async () => {
    const { drillsView, deleteStrayCopy, getCluster, listFleet, invalidateClusters } = await lib();
    const stray = (await drillsView(emulator().clock.now())).leftovers.find((l) => l.reason.includes("no record"));
    expect(stray).toMatchObject({ account: "210987654321", region: "eu-west-1", usdPerDay: null, reason: expect.stringMatching(/^Tagged as drill [0-9a-f-]{36}, expired \d{4}-/) });
    const copy = await getCluster({ account: stray!.account, region: stray!.region, identifier: stray!.identifier });
    await expect(deleteStrayCopy(copy, "yes")).rejects.toMatchObject({ status: 400, message: expect.stringContaining(`type the copy's identifier (${copy.identifier})`) });
    // A cluster not tagged as a drill's copy is never deleted this way, even when confirmed.
    const source = await cluster("reporting-eu", "eu-west-1");
    await expect(deleteStrayCopy(source, source.identifier)).rejects.toMatchObject({ status: 400, message: expect.stringContaining("not tagged as a restore drill's copy") });
    await deleteStrayCopy(copy, copy.identifier);
    emulator().clock.advance(5 * MIN);
    invalidateClusters();
    expect((await listFleet()).flatMap((r) => r.clusters).some((c) => c.identifier === copy.identifier)).toBe(false);
    expect((await drillsView(emulator().clock.now())).leftovers.some((l) => l.identifier === copy.identifier)).toBe(false);
  });
});
