import { beforeAll, describe, expect, it } from "vitest";
import { emulatorForLib, seededCluster } from "./emulator";

/**
 * CloudWatch's PromQL quota per account and Region, on an emulator set to 4 requests a second: a
 * burst beyond it is refused with HTTP 429 in the Prometheus error shape, and the dashboard's client,
 * which retries throttling with backoff, still gets every answer of a modest burst.
 */
const emulator = emulatorForLib("promql-quota", { promqlQuota: { tps: 4, concurrency: 10 } });
beforeAll(async () => {
  await (await import("@/lib/aws/accounts")).watchedAccounts();
});

const query = (cluster: string, i: number) => ({ query: `sum(sum_over_time({"db.active_sessions.avg", "@resource.aws.auroradsql.cluster_id"="${cluster}"}[${5 + i}m]))`, endMs: Date.now() });

describe("the PromQL quota", () => {
  it("refuses a burst beyond the rate with 429 in the Prometheus error shape, and the client's retries get every answer", async () => {
    const { createPromqlClient, sdkSend } = await import("@/lib/metrics/promql");
    const orders = seededCluster(emulator(), "orders-prod", "us-east-1");
    const scope = { account: orders.account, region: orders.region };
    const quota = emulator().promql.quota;

    // Six different queries at once: four are admitted, the others throttled and retried until tokens refill.
    const client = createPromqlClient();
    const before = quota.refused.rate;
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => client.query(scope, query(orders.identifier, i))));
    expect(answers.every((a) => a.called && a.series.length === 1)).toBe(true);
    expect(quota.refused.rate - before).toBeGreaterThanOrEqual(1);

    // Twenty raw calls at once exhaust the bucket even with retries (about 12 fit in their 2 s): the refusals say why, as Prometheus clients read them.
    await new Promise((r) => setTimeout(r, 1_100));
    const raw = await Promise.all(Array.from({ length: 20 }, (_, i) => sdkSend(scope, "/api/v1/query", { query: query(orders.identifier, 100 + i).query })));
    const refused = raw.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0].body).toEqual({ status: "error", errorType: "ThrottlingException", error: expect.stringMatching(/more than 4 requests a second to the PromQL API in us-east-1/) });
    expect(raw.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(4);

    // Another Region of the same account has its own quota.
    await expect(client.query({ account: orders.account, region: "eu-west-1" }, { query: 'sum({"db.active_sessions.avg"})', endMs: Date.now() })).resolves.toMatchObject({ called: true });
  });
});
