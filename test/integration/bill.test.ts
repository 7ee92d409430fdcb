import { CostExplorerClient, GetCostAndUsageCommand, GetCostAndUsageWithResourcesCommand, type GetCostAndUsageCommandOutput } from "@aws-sdk/client-cost-explorer";
import { describe, expect, it } from "vitest";
import { ACCOUNT_ID, STAGING_ACCOUNT } from "../../emulator/scenario/fleet";
import { emulatorForLib } from "./emulator";

/**
 * The bill beside the estimate: the emulator's Cost Explorer (GetCostAndUsage, as the SDK sends
 * it), lib/cost/bill.ts keeping the days in the store, and the cost review's comparison.
 */

const emulator = emulatorForLib("bill");
const DAY_MS = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const monthStart = (t: number) => Date.UTC(new Date(t).getUTCFullYear(), new Date(t).getUTCMonth(), 1);
const SERVICE_FILTER = { Dimensions: { Key: "SERVICE" as const, Values: ["Amazon Aurora DSQL"] } };
const BY_USAGE_AND_ACCOUNT = [
  { Type: "DIMENSION" as const, Key: "USAGE_TYPE" },
  { Type: "DIMENSION" as const, Key: "LINKED_ACCOUNT" },
];

const ce = (account?: string) => new CostExplorerClient(account ? emulator().clientConfigIn(account, "us-east-1") : emulator().clientConfig("us-east-1"));

describe("Cost Explorer in the emulator", () => {
  it("answers DSQL's usage types per linked account, the free tier at $0, and pages a long daily range", async () => {
    const now = emulator().clock.now();
    const start = monthStart(now) - 40 * DAY_MS;
    const pages: GetCostAndUsageCommandOutput[] = [];
    let token: string | undefined;
    do {
      const out = await ce().send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: iso(start), End: iso(monthStart(now)) },
          Granularity: "DAILY",
          Metrics: ["UnblendedCost", "UsageQuantity"],
          Filter: SERVICE_FILTER,
          GroupBy: BY_USAGE_AND_ACCOUNT,
          NextPageToken: token,
        }),
      );
      pages.push(out);
      token = out.NextPageToken;
    } while (token);
    expect(pages.length).toBe(2);
    const periods = pages.flatMap((p) => p.ResultsByTime ?? []);
    expect(periods).toHaveLength(40);
    expect(periods[0].TimePeriod).toEqual({ Start: iso(start), End: iso(start + DAY_MS) });
    const groups = periods.flatMap((p) => p.Groups ?? []);
    const types = new Set(groups.map((g) => g.Keys![0]));
    expect(types).toContain("USE1-DSQL-DistributedProcessingUnits");
    expect(types).toContain("EU-DSQL-Storage-ByteHrs");
    expect(new Set(groups.map((g) => g.Keys![1]))).toEqual(new Set([ACCOUNT_ID, STAGING_ACCOUNT]));
    // The free tier: at most 100,000 DPUs per account and month, at $0.
    const free = groups.filter((g) => g.Keys![0] === "Global-DSQL-DistributedProcessingUnits");
    expect(free.every((g) => Number(g.Metrics!.UnblendedCost!.Amount) === 0)).toBe(true);
    const lastMonthFree = periods
      .filter((p) => p.TimePeriod!.Start! >= iso(monthStart(monthStart(now) - 1)))
      .flatMap((p) => (p.Groups ?? []).filter((g) => g.Keys![0].startsWith("Global-DSQL-Distributed") && g.Keys![1] === ACCOUNT_ID));
    expect(lastMonthFree.reduce((s, g) => s + Number(g.Metrics!.UsageQuantity!.Amount), 0)).toBeCloseTo(100_000, 3);
    expect(pages[0].DimensionValueAttributes?.find((a) => a.Value === STAGING_ACCOUNT)?.Attributes?.description).toBe("staging");
  });

  it("shows a member account its own costs only, and lags a day or two", async () => {
    const now = emulator().clock.now();
    const out = await ce(STAGING_ACCOUNT).send(
      new GetCostAndUsageCommand({ TimePeriod: { Start: iso(now - 10 * DAY_MS), End: iso(now + DAY_MS) }, Granularity: "DAILY", Metrics: ["UnblendedCost"], GroupBy: BY_USAGE_AND_ACCOUNT }),
    );
    const byDay = new Map((out.ResultsByTime ?? []).map((p) => [p.TimePeriod!.Start!, p.Groups ?? []]));
    expect(new Set([...byDay.values()].flat().map((g) => g.Keys![1]))).toEqual(new Set([STAGING_ACCOUNT]));
    // Yesterday and today are not billed yet.
    expect(byDay.get(iso(now))).toEqual([]);
    expect(byDay.get(iso(now - DAY_MS))).toEqual([]);
    expect(byDay.get(iso(now - 3 * DAY_MS))!.length).toBeGreaterThan(0);
  });

  it("rejects what Cost Explorer rejects, with its error codes", async () => {
    const send = (input: Partial<ConstructorParameters<typeof GetCostAndUsageCommand>[0]>) =>
      ce().send(new GetCostAndUsageCommand({ TimePeriod: { Start: "2026-11-01", End: "2026-11-02" }, Granularity: "DAILY", Metrics: ["UnblendedCost"], ...input }));
    await expect(send({ TimePeriod: { Start: "2026-11-05", End: "2026-11-01" } })).rejects.toMatchObject({ name: "ValidationException", message: expect.stringContaining("Start date") });
    await expect(send({ Metrics: ["Dollars"] })).rejects.toMatchObject({ name: "ValidationException", message: "Invalid metric: Dollars" });
    await expect(send({ GroupBy: [...BY_USAGE_AND_ACCOUNT, { Type: "DIMENSION", Key: "REGION" }] })).rejects.toMatchObject({ name: "ValidationException" });
    await expect(send({ NextPageToken: "bm9wZQ" })).rejects.toMatchObject({ name: "InvalidNextTokenException" });
  });
});

describe("the bill beside the estimate", () => {
  it("reads each day from Cost Explorer once: closed days stay in the store, open ones are read again later", async () => {
    const { readBill } = await import("@/lib/cost/bill");
    const now = emulator().clock.now();
    const from = monthStart(now) - 20 * DAY_MS;
    const first = await readBill(from, now, now);
    expect(first.requests).toBe(1);
    expect(first.lines.length).toBeGreaterThan(0);
    expect(first.billedThrough).toBe(iso(now - 2 * DAY_MS));
    const again = await readBill(from, now, now);
    expect(again.requests).toBe(0);
    // Counted for the About page, at Cost Explorer's $0.01 a request.
    const { usageCounts } = await import("@/lib/aws/usage");
    const { dollarsOf } = await import("@/lib/watch-cost");
    const counted = usageCounts().filter((c) => c.service === "costexplorer" && c.api === "GetCostAndUsage");
    expect(counted.reduce((n, c) => n + c.count, 0)).toBe(1);
    expect(dollarsOf(counted[0])).toBeCloseTo(0.01, 10);
    expect(again.lines).toEqual(first.lines);
    // Seven hours on, the open days (the last three) are asked for again; the closed ones are not.
    const before = emulator().clock.now();
    const later = await readBill(from, now, now + 7 * 3_600_000);
    expect(later.requests).toBe(1);
    expect(emulator().clock.now() - before).toBeLessThan(60_000);
  });

  it("explains last month's difference by the free tier, and a custom range to today by the days not billed yet", async () => {
    const { costReview } = await import("@/lib/cost-review");
    const now = emulator().clock.now();
    const lastMonth = iso(monthStart(now) - DAY_MS).slice(0, 7);
    const closedReview = await costReview({ month: lastMonth }, { withBill: true });
    const closed = closedReview.bill!;
    // Each cluster's allocated part of the bill adds up to what was billed for the Regions.
    expect(closedReview.clusters.reduce((s, c) => s + c.billed!.usd, 0)).toBeCloseTo(closed.totals.billed, 6);
    // Per-resource data covers the last 14 days: the part of last month before them is allocated.
    const resourcesFrom = Math.floor(now / DAY_MS) * DAY_MS - 13 * DAY_MS;
    expect(new Set(closedReview.clusters.map((c) => c.billed!.basis))).toEqual(new Set([monthStart(now) > resourcesFrom ? "mixed" : "allocated"]));
    const prodEast = closed.rows.find((r) => r.account === ACCOUNT_ID && r.region === "us-east-1")!;
    expect(prodEast.billed.usd).toBeGreaterThan(0);
    expect(closed.freeTier.find((f) => f.account === ACCOUNT_ID)?.dpu).toBeCloseTo(100_000, 3);
    expect(closed.rows.flatMap((r) => r.reasons.map((x) => x.kind))).toContain("freeTier");
    expect(closed.rows.flatMap((r) => r.reasons.map((x) => x.kind))).not.toContain("notBilledYet");
    // Where the reasons are all known, they add up to the difference (the estimate's storage is a daily maximum: within a cent).
    for (const r of closed.rows.filter((x) => !x.reasons.some((y) => y.kind === "unexplained"))) {
      expect(
        r.reasons.reduce((s, x) => s + (x.usd ?? 0), 0),
        `${r.account}/${r.region}`,
      ).toBeCloseTo(r.difference ?? 0, 1);
    }
    const open = (await costReview({ from: iso(monthStart(now)), to: iso(now) }, { withBill: true })).bill!;
    const withUsage = open.rows.filter((r) => r.estimate.dpu > 0);
    expect(withUsage.length).toBeGreaterThan(0);
    for (const r of withUsage)
      expect(
        r.reasons.map((x) => x.kind),
        `${r.account}/${r.region}`,
      ).toContain("notBilledYet");
  });

  it("takes each cluster's part of the last 14 days from Cost Explorer's per-resource lines (GetCostAndUsageWithResources), kept in the store", async () => {
    const { costReview } = await import("@/lib/cost-review");
    const now = emulator().clock.now();
    const from = iso(now - 10 * DAY_MS);
    const review = await costReview({ from, to: iso(now) }, { withBill: true });
    expect(review.resourceBillNote).toBeUndefined();
    expect(new Set(review.clusters.map((c) => c.billed!.basis))).toEqual(new Set(["resource"]));
    // Per resource, the clusters' parts add up to the Regions' bill, to the cent.
    expect(review.clusters.reduce((s, c) => s + c.billed!.usd, 0)).toBeCloseTo(review.bill!.totals.billed, 2);
    const orders = review.clusters.find((c) => c.name === "orders-prod" && c.region === "us-east-1")!;
    expect(orders.billed!.usd).toBeGreaterThan(0);
    // Straight from Cost Explorer: the same cluster, by its ARN.
    const out = await ce().send(
      new GetCostAndUsageWithResourcesCommand({
        TimePeriod: { Start: from, End: iso(now - DAY_MS) },
        Granularity: "DAILY",
        Metrics: ["UnblendedCost"],
        Filter: { Dimensions: { Key: "RESOURCE_ID", Values: [`arn:aws:dsql:us-east-1:${ACCOUNT_ID}:cluster/${orders.identifier}`] } },
      }),
    );
    const direct = (out.ResultsByTime ?? []).reduce((s, p) => s + Number(p.Total?.UnblendedCost?.Amount ?? 0), 0);
    expect(orders.billed!.usd).toBeCloseTo(direct, 6);
    // Older than 14 days: refused, as AWS does.
    await expect(
      ce().send(new GetCostAndUsageWithResourcesCommand({ TimePeriod: { Start: iso(now - 20 * DAY_MS), End: iso(now) }, Granularity: "DAILY", Filter: SERVICE_FILTER })),
    ).rejects.toMatchObject({ name: "ValidationException" });
  });
});
