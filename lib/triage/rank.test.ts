import { describe, expect, it } from "vitest";
import { currentHour, DAY_MS } from "./baselines";
import type { Cluster } from "../dsql/clusters";
import type { FleetJobs, JobView } from "../dsql/jobs";
import { jobFacts } from "./jobs";
import { alarmSignal, backupSignal, indexJobSignal, isStuck, restoreSignal } from "./ops-signals";
import { partition, rank, triageOf, type ClusterTriage } from "./rank";
import { metricSignals, type Signal, type TriageMetric } from "./signals";

const NOW = Date.UTC(2026, 10, 25, 16, 47);
const H = 3_600_000;
const P = 600_000;
const w = currentHour(NOW, 600);

function buckets(f: (t: number) => number): [number, number][] {
  const out: [number, number][] = [];
  for (let t = w.endMs - 8 * DAY_MS; t < w.endMs; t += P) out.push([t, f(t)]);
  return out;
}

const calm: Record<TriageMetric, (t: number) => number> = {
  TotalDPU: () => 3_000,
  CommitLatency: () => 8,
  OccConflicts: () => 10,
  TotalTransactions: () => 10_000,
  QueryTimeouts: () => 0,
};
const signalsFor = (over: Partial<Record<TriageMetric, (t: number) => number>> = {}, thresholdPct = 5) => {
  const f = { ...calm, ...over };
  const series = Object.fromEntries(Object.entries(f).map(([k, g]) => [k, buckets(g)])) as Record<TriageMetric, [number, number][]>;
  return metricSignals({ series, window: w, thresholdPct, createdMs: 0 });
};
const recent = (hot: number, usual: number) => (t: number) => (t >= w.startMs ? hot : usual);

describe("metric signals", () => {
  it("finds nothing on a calm cluster", () => {
    expect(signalsFor()).toEqual([]);
  });

  it("flags the OCC rate over the threshold with its evidence and the runbook hint", () => {
    const [s] = signalsFor({ OccConflicts: recent(1_100, 10) });
    expect(s.kind).toBe("occ");
    expect(s.severity).toBe("critical");
    expect(s.evidence.value).toBeCloseTo(11, 6);
    expect(s.evidence.baseline).toBe(5);
    expect(s.evidence.window).toEqual(w);
    expect(s.evidence.text).toContain("6,600 of 60,000 transactions");
    expect(s.evidence.text).toContain("0.1 % over the previous 7 days");
    expect(s.hint).toMatch(/backoff.*idempotent.*hot keys/);
  });

  it("does not flag a rate below the threshold, or a rate over too few transactions", () => {
    expect(signalsFor({ OccConflicts: recent(400, 10) })).toEqual([]);
    expect(signalsFor({ OccConflicts: recent(5, 0), TotalTransactions: recent(10, 10_000) })).toEqual([]);
  });

  it("flags any query timeout in the last hour, and none before it", () => {
    const s = signalsFor({ QueryTimeouts: recent(25, 0) });
    expect(s.map((x) => x.kind)).toEqual(["timeouts"]);
    expect(s[0].evidence.value).toBe(150);
    expect(signalsFor({ QueryTimeouts: (t) => (t < w.startMs - H ? 5 : 0) })).toEqual([]);
  });

  it("flags latency and DPU against their baselines", () => {
    const kinds = signalsFor({ CommitLatency: recent(20, 8), TotalDPU: recent(18_000, 3_000) }).map((s) => s.kind);
    expect(kinds).toEqual(["latency", "dpuSpike"]);
  });
});

const sig = (kind: Signal["kind"], severity: Signal["severity"]): Signal => ({ kind, severity, title: kind, evidence: { value: 1, unit: "count", text: "" }, hint: "" });
const cluster = (name: string, signals: Signal[], unchecked: ClusterTriage["unchecked"] = []) =>
  triageOf({ account: "123456789012", accountName: "prod", region: "us-east-1", identifier: name.padEnd(26, "x"), name, status: "ACTIVE", signals, unchecked, notes: [] });

describe("ranking", () => {
  it("puts critical before any number of warnings, then more signals, then the name", () => {
    const order = rank([
      cluster("warn-many", [sig("latency", "warning"), sig("dpuSpike", "warning"), sig("restoreStuck", "warning")]),
      cluster("crit", [sig("occ", "critical")]),
      cluster("b-crit-warn", [sig("timeouts", "critical"), sig("latency", "warning")]),
      cluster("a-crit-warn", [sig("timeouts", "critical"), sig("dpuSpike", "warning")]),
      cluster("clean", []),
    ]).map((c) => c.name);
    expect(order).toEqual(["a-crit-warn", "b-crit-warn", "crit", "warn-many", "clean"]);
  });

  it("orders a cluster's signals: critical first, alarms before metrics", () => {
    const c = cluster("x", [sig("dpuSpike", "warning"), sig("occ", "critical"), sig("alarm", "critical")]);
    expect(c.signals.map((s) => s.kind)).toEqual(["alarm", "occ", "dpuSpike"]);
    expect(c.score).toBe(210);
    expect(c.severity).toBe("critical");
  });

  it("calls a cluster clean only when every source was read", () => {
    const p = partition([cluster("hot", [sig("occ", "critical")]), cluster("calm", []), cluster("blind", [], [{ source: "metrics", message: "throttled" }])]);
    expect(p.attention.map((c) => c.name)).toEqual(["hot"]);
    expect(p.clean.map((c) => c.name)).toEqual(["calm"]);
    expect(p.unchecked.map((c) => c.name)).toEqual(["blind"]);
  });
});

describe("backup, restore and alarm signals", () => {
  const created = { createdMs: NOW - 90 * 24 * H, status: "ACTIVE" };

  it("flags a stale last good backup with its age and the threshold", () => {
    const s = backupSignal({ lastGoodAt: new Date(NOW - 74 * H).toISOString(), ageHours: 74, stale: true, thresholdHours: 26 }, created, NOW)!;
    expect(s.kind).toBe("backupStale");
    expect(s.title).toBe("Last good backup 3 d 2 h ago");
    expect(s.evidence).toMatchObject({ value: 74, baseline: 26, unit: "hours" });
    expect(backupSignal({ lastGoodAt: new Date(NOW - 5 * H).toISOString(), ageHours: 5, stale: false, thresholdHours: 26 }, created, NOW)).toBeNull();
  });

  it("flags a cluster that never had a backup, unless it is younger than the threshold", () => {
    expect(backupSignal({ stale: true, thresholdHours: 26 }, created, NOW)!.title).toBe("No completed backup found");
    expect(backupSignal({ stale: true, thresholdHours: 26 }, { createdMs: NOW - 2 * H, status: "ACTIVE" }, NOW)).toBeNull();
    expect(backupSignal({ stale: true, thresholdHours: 26 }, { createdMs: NOW - 90 * 24 * H, status: "CREATING" }, NOW)).toBeNull();
  });

  const job = { id: "j1", account: "123456789012", region: "us-east-1", recoveryPointArn: "rp" };
  it("flags a restore that failed in the last day, not an old one", () => {
    expect(
      restoreSignal({ ...job, status: "FAILED", createdAt: new Date(NOW - 3 * H).toISOString(), completedAt: new Date(NOW - 2 * H).toISOString(), statusMessage: "KMS key disabled" }, NOW),
    ).toMatchObject({
      kind: "restoreFailed",
      evidence: { text: expect.stringContaining("KMS key disabled") },
    });
    expect(restoreSignal({ ...job, status: "FAILED", createdAt: new Date(NOW - 30 * H).toISOString(), completedAt: new Date(NOW - 29 * H).toISOString() }, NOW)).toBeNull();
    expect(restoreSignal({ ...job, status: "COMPLETED", createdAt: new Date(NOW - 3 * H).toISOString() }, NOW)).toBeNull();
  });

  it("calls a restore stuck past twice AWS Backup's estimate (or 6 h without one)", () => {
    const running = (ageMin: number, expectedMinutes?: number) => ({ status: "RUNNING", createdAt: new Date(NOW - ageMin * 60_000).toISOString(), expectedMinutes });
    expect(isStuck(running(50, 30), NOW).stuck).toBe(false);
    expect(isStuck(running(70, 30), NOW)).toMatchObject({ stuck: true, limitMin: 60 });
    expect(isStuck(running(300), NOW).stuck).toBe(false);
    expect(isStuck(running(400), NOW).stuck).toBe(true);
    expect(isStuck({ ...running(400), status: "COMPLETED" }, NOW).stuck).toBe(false);
    expect(restoreSignal({ ...job, ...running(130, 40), percentDone: 40 }, NOW)).toMatchObject({ kind: "restoreStuck", evidence: { value: 130, baseline: 80 } });
  });

  it("turns a firing alarm into a critical signal with the runbook of its metric", () => {
    const s = alarmSignal({
      name: "dsql-occ-rate-x",
      reason: "Threshold Crossed: 3 out of the last 5 datapoints",
      updatedAt: NOW - H,
      condition: "OCC conflict rate (%) > 5 for 3 of 5 × 60 s",
      metric: "occ",
    });
    expect(s).toMatchObject({ kind: "alarm", severity: "critical", sinceMs: NOW - H });
    expect(s.evidence.text).toContain("Threshold Crossed");
    expect(s.hint).toMatch(/hot keys/);
  });
});

describe("failed index jobs", () => {
  const failed: JobView = {
    account: "123456789012",
    region: "us-east-1",
    clusterId: "a".repeat(26),
    jobId: "j1",
    type: "INDEX_BUILD",
    status: "failed",
    stage: "failed",
    running: false,
    details: "Found duplicate key while validating index for UCVs",
    objectName: "public.customers_email_key",
    table: { name: "public.customers", rows: 5000 },
    index: { name: "customers_email_key", schema: "public", valid: false, unique: true, definition: null },
    startTime: new Date(NOW - 3 * H).toISOString(),
    updateTime: new Date(NOW - 2 * H).toISOString(),
    elapsedS: 3600,
    estimate: null,
    source: "live",
    advice: "Drop it, remove the duplicates, and create it again.",
    canDropIndex: true,
  };

  it("flags a build whose index is still INVALID, with the jobs' advice as the hint", () => {
    const s = indexJobSignal(failed, NOW, { contacted: true })!;
    expect(s).toMatchObject({ kind: "indexJob", severity: "warning", title: "Index build failed: public.customers_email_key is INVALID", hint: failed.advice });
    expect(s.evidence.text).toContain("on public.customers failed 2 h ago: Found duplicate key");
  });

  it("leaves out builds that were fixed since, and other jobs", () => {
    expect(indexJobSignal({ ...failed, index: { ...failed.index!, valid: true } }, NOW, { contacted: true })).toBeNull();
    expect(indexJobSignal({ ...failed, index: null }, NOW, { contacted: true })).toBeNull();
    expect(indexJobSignal({ ...failed, status: "completed" }, NOW, { contacted: true })).toBeNull();
    expect(indexJobSignal({ ...failed, type: "ANALYZE" }, NOW, { contacted: true })).toBeNull();
  });

  it("flags a remembered failure of a cluster it did not contact for a day only", () => {
    const remembered = { ...failed, index: null, source: "history" as const };
    expect(indexJobSignal(remembered, NOW, { contacted: false })!.evidence.text).toContain("was not contacted");
    expect(indexJobSignal({ ...remembered, updateTime: new Date(NOW - 30 * H).toISOString() }, NOW, { contacted: false })).toBeNull();
  });

  it("shows a build listed by both multi-Region peers once, on the first region", () => {
    const east1 = { region: "us-east-1", identifier: "a".repeat(26), arn: "a1" };
    const east2 = { region: "us-east-2", identifier: "b".repeat(26), arn: "b1" };
    const clusters = [
      { ...east1, peers: [east2] },
      { ...east2, peers: [east1] },
    ] as unknown as Cluster[];
    const jobs = {
      jobs: [failed, { ...failed, region: "us-east-2", clusterId: east2.identifier }],
      clusters: [east1, east2].map(
        (c) => ({ region: c.region, identifier: c.identifier, name: "orders", status: "ACTIVE", contacted: true, note: null, error: null, running: 0 }) as FleetJobs["clusters"][number],
      ),
      regionErrors: [],
      historyError: null,
      fetchedAt: "",
    } as FleetJobs;
    const facts = jobFacts(jobs, clusters, NOW);
    expect(facts.get(`us-east-1/${east1.identifier}`)!.signals.map((s) => s.evidence.text)).toEqual([expect.stringContaining("peer in us-east-2 shares this index")]);
    expect(facts.get(`us-east-2/${east2.identifier}`)!.signals).toEqual([]);
    // As fleetJobs merges it: listed once, on whichever peer was read first, the other in alsoOn.
    const merged = { ...jobs, jobs: [{ ...failed, region: "us-east-2", clusterId: east2.identifier, alsoOn: [{ region: "us-east-1", clusterId: east1.identifier }] }] } as FleetJobs;
    const mergedFacts = jobFacts(merged, clusters, NOW);
    expect(mergedFacts.get(`us-east-2/${east2.identifier}`)!.signals.map((s) => s.evidence.text)).toEqual([expect.stringContaining("peer in us-east-1 shares this index")]);
    expect(mergedFacts.get(`us-east-1/${east1.identifier}`)!.signals).toEqual([]);
  });
});
