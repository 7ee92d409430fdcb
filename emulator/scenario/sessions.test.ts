import { describe, expect, it } from "vitest";
import { demoScenario } from "./fleet";
import { CH, CHANNELS, minuteValues, type MetricSource } from "./metrics";
import { APP_LABEL, sessionSamples, sessionSeries, STATEMENT_LABEL, WAIT_LABEL, type SessionSeries } from "./sessions";

const anchorMs = Date.UTC(2026, 10, 4, 15, 0);
const anchorMin = anchorMs / 60_000;
function cluster(name: string) {
  const c = demoScenario().clusters.find((x) => x.name === name)!;
  const src: MetricSource = { key: `${name}@test`, identifier: c.identifier, region: c.region, profile: c.profile, anchorMs, dataFromMs: 0, dataUntilMs: Infinity, peers: 0 };
  return { src, series: sessionSeries({ name, identifier: c.identifier, account: "123456789012", region: c.region }) };
}
/** The total of the chosen series at one minute. */
function total(c: ReturnType<typeof cluster>, pick: (s: SessionSeries) => boolean, minute: number, indexValidFrom = Infinity): number {
  const chosen = c.series.filter(pick);
  return sessionSamples(c.src, chosen, minute, minute + 1, () => indexValidFrom).reduce((sum, s) => sum + (s.values[0] ?? 0), 0);
}
const wait = (w: string) => (s: SessionSeries) => s.labels[WAIT_LABEL] === w;

describe("the scenario's active sessions", () => {
  it("agree with the cluster's CloudWatch metrics: OnCpu adds up to ComputeTime", () => {
    const c = cluster("orders-prod");
    const ch = new Float64Array(CHANNELS);
    for (const minute of [anchorMin - 600, anchorMin - 30, anchorMin + 5]) {
      minuteValues(c.src, minute, ch);
      expect(total(c, wait("OnCpu"), minute)).toBeCloseTo(ch[CH.ComputeTime] / 60_000, 2);
    }
  });

  it("orders-prod's reporting query scans until its index is valid, then reads a little", () => {
    const c = cluster("orders-prod");
    const scan = (s: SessionSeries) => s.labels[STATEMENT_LABEL].includes("WHERE status = $1");
    const minute = anchorMin - 10;
    const validFrom = (minute + 1) * 60_000;
    const before = total(c, (s) => scan(s) && wait("SequentialScanRead")(s), minute, validFrom);
    const after = total(c, (s) => scan(s) && wait("SequentialScanRead")(s), minute + 1, validFrom);
    expect(before).toBeGreaterThan(0.3);
    expect(after).toBe(0);
    expect(total(c, scan, minute + 1, validFrom)).toBeLessThan(total(c, scan, minute, validFrom) / 2);
  });

  it("payments-eu's billing-worker holds transactions open: ClientRead, idle in transaction", () => {
    const c = cluster("payments-eu");
    const leaks = c.series.filter(wait("ClientRead"));
    expect(leaks.map((s) => [s.labels[APP_LABEL], s.labels["db.session.state"]])).toEqual([["billing-worker", "idle in transaction"]]);
    expect(total(c, wait("ClientRead"), anchorMin - 60 * 12)).toBeGreaterThan(0.9);
  });

  it("orders-prod's inventory update is its contention hot spot, rising with the OCC incident", () => {
    const c = cluster("orders-prod");
    const commits = (s: SessionSeries) => s.labels[STATEMENT_LABEL] === "COMMIT" && s.labels[APP_LABEL] === "checkout-api";
    const ch = new Float64Array(CHANNELS);
    // Commit waits per write transaction: the incident (from 2 h before the anchor) more than doubles them.
    const perWrite = (minute: number) => {
      minuteValues(c.src, minute, ch);
      return total(c, commits, minute) / (ch[CH.TotalTransactions] - ch[CH.ReadOnlyTransactions]);
    };
    expect(perWrite(anchorMin - 30)).toBeGreaterThan(2 * perWrite(anchorMin - 60 * 5));
  });

  it("leaves out the application label where the client set none", () => {
    expect(cluster("orders-prod").series.some((s) => s.labels[STATEMENT_LABEL].startsWith("SELECT count(*)") && !(APP_LABEL in s.labels))).toBe(true);
  });
});
