import { describe, expect, it } from "vitest";
import { budgetStatuses, covers, scopeLabel, type Budget, type ClusterSpend } from "./budget-model";

const month = { startMs: Date.UTC(2026, 11, 1), endMs: Date.UTC(2027, 0, 1) };
const NOW = Date.UTC(2026, 11, 11); // 10 of 31 days gone
const budget = (scope: Budget["scope"], monthlyUsd: number): Budget => ({ scope, monthlyUsd, setBy: "ana", setAt: "2026-12-01T00:00:00.000Z" });
const spend: ClusterSpend[] = [
  { cluster: "123456789012/us-east-1/a", account: "123456789012", tags: { team: "data" }, mtdUsd: 100, forecastUsd: 310 },
  { cluster: "123456789012/eu-west-1/b", account: "123456789012", tags: { team: "data" }, mtdUsd: 50, forecastUsd: 155 },
  { cluster: "210987654321/us-east-1/c", account: "210987654321", tags: { team: "web" }, mtdUsd: null, forecastUsd: null },
];

describe("budgets against the month's spend", () => {
  it("sums the clusters a budget covers, by cluster, tag value or account, leaving unpriced ones out and counting them", () => {
    const [byTag, byAccount, byCluster] = budgetStatuses(
      [budget({ kind: "tag", key: "team", value: "data" }, 1000), budget({ kind: "account", account: "210987654321" }, 10), budget({ kind: "cluster", cluster: "123456789012/eu-west-1/b" }, 1000)],
      spend,
      month,
      NOW,
    );
    expect([byTag.clusters, byTag.actualUsd, byTag.forecastUsd, byTag.state]).toEqual([2, 150, 465, "ok"]);
    expect([byAccount.clusters, byAccount.unpriced, byAccount.actualUsd, byAccount.state]).toEqual([1, 1, 0, "ok"]);
    expect([byCluster.clusters, byCluster.actualUsd]).toEqual([1, 50]);
    expect(covers({ kind: "tag", key: "team", value: "web" }, spend[0])).toBe(false);
  });

  it("says when the forecast will cross the budget, and that a budget already spent is over", () => {
    const [forecastOver, over] = budgetStatuses([budget({ kind: "tag", key: "team", value: "data" }, 300), budget({ kind: "cluster", cluster: "123456789012/us-east-1/a" }, 80)], spend, month, NOW);
    expect(forecastOver.state).toBe("forecast-over");
    // From $150 now to $465 at month end: $300 is reached 150/315 of the way through the 21 days left.
    expect(forecastOver.crossesAt).toBe(Math.round(NOW + (150 / 315) * (month.endMs - NOW)));
    expect(new Date(forecastOver.crossesAt!).toISOString().slice(0, 10)).toBe("2026-12-21");
    expect([over.state, over.crossesAt]).toEqual(["over", null]);
  });

  it("names a scope for people", () => {
    expect(scopeLabel({ kind: "tag", key: "team", value: "data" })).toBe("team = data");
    expect(scopeLabel({ kind: "account", account: "210987654321" }, { account: () => "staging (210987654321)" })).toBe("account staging (210987654321)");
    expect(scopeLabel({ kind: "cluster", cluster: "k" }, { cluster: () => "orders-prod (us-east-1)" })).toBe("cluster orders-prod (us-east-1)");
  });
});
