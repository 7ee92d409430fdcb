import { beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_ID } from "../../emulator/scenario/fleet";
import { emulatorForLib } from "./emulator";

/** Several instances of the dashboard share the metrics engine's answers through the store. */

const emulator = emulatorForLib("shared-answers");
// The watched accounts are read first, as every route does before it reads metrics.
beforeAll(async () => {
  await (await import("@/lib/aws/accounts")).watchedAccounts();
});

describe("metric answers shared through the store", () => {
  it("costs CloudWatch one call set for many instances and tabs: the first loads, the others wait for it or read it", async () => {
    const { createMetricsEngine, sdkGetMetricData } = await import("@/lib/metrics/engine");
    const { storeAnswers } = await import("@/lib/metrics/shared-answers");
    let calls = 0;
    // Three instances: each its own engine and process cache, one store.
    const instance = () =>
      createMetricsEngine({
        shared: storeAnswers(),
        send: (scope, input) => {
          calls++;
          return sdkGetMetricData(scope, input);
        },
      });
    const [a, b, c] = [instance(), instance(), instance()];
    const clusters = emulator().scenario.clusters.filter((x) => x.region === "us-east-1" && !x.account);
    const now = emulator().clock.now();
    const query = {
      account: ACCOUNT_ID,
      region: "us-east-1",
      window: { startMs: now - 3 * 3_600_000, endMs: now },
      series: clusters.map((x) => ({ cluster: x.identifier, metric: "TotalDPU" as const })),
    };
    // Ten tabs spread over the three instances, all at once.
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => [a, b, c][i % 3].fetch(query)));
    expect(calls).toBe(1);
    expect(results.reduce((n, r) => n + r.calls, 0)).toBe(1);
    for (const r of results) expect(r.series[0].points).toEqual(results[0].series[0].points);
    // A fourth instance, later: the answer is read from the store.
    const d = instance();
    const later = await d.fetch(query);
    expect(calls).toBe(1);
    expect(later.cached).toBe(true);
    expect(later.series[0].points).toEqual(results[0].series[0].points);
  });

  it("loads the answer itself when the instance that claimed it never delivers", async () => {
    const { createMetricsEngine, sdkGetMetricData } = await import("@/lib/metrics/engine");
    const { storeAnswers } = await import("@/lib/metrics/shared-answers");
    let calls = 0;
    const engine = createMetricsEngine({ shared: storeAnswers(), sharedWaitMs: 600, send: (scope, input) => (calls++, sdkGetMetricData(scope, input)) });
    const now = emulator().clock.now();
    const orders = emulator().scenario.clusters.find((x) => x.name === "orders-prod" && x.region === "us-east-1")!;
    const query = { account: ACCOUNT_ID, region: "us-east-1", window: { startMs: now - 2 * 3_600_000, endMs: now }, series: [{ cluster: orders.identifier, metric: "CommitLatency" as const }] };
    // Another instance claims the answer and dies before writing it.
    const dead = storeAnswers();
    const claimed: string[] = [];
    const spy = createMetricsEngine({
      shared: { get: async () => undefined, claim: async (k, ms) => (claimed.push(k), dead.claim(k, ms)), put: async () => undefined },
      send: async () => new Promise(() => undefined), // never answers: the "dead" instance
    });
    void spy.fetch(query);
    await new Promise((r) => setTimeout(r, 200));
    expect(claimed).toHaveLength(1);
    const started = Date.now();
    const r = await engine.fetch(query);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(calls).toBe(1);
    expect(r.series[0].status).toBe("complete");
  });
});
