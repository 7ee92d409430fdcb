import { describe, expect, it } from "vitest";
import { allocateBill, compareBill, parseUsageType, type Bill, type BilledLine, type EstimateDay } from "./bill-model";
import { priceFor } from "./prices";

const A = "123456789012";
const B = "210987654321";
const prices = { "us-east-1": priceFor("us-east-1"), "sa-east-1": priceFor("sa-east-1") };
const est = (account: string, region: string, day: string, dpu: number): EstimateDay => ({
  account,
  region,
  day,
  dpu,
  gbMonths: 0,
  usd: prices[region as keyof typeof prices].known ? (dpu * 8) / 1e6 : null,
});
const line = (day: string, usageType: string, quantity: number, usd: number, account = A): BilledLine => ({
  day,
  account,
  usageType,
  ...parseUsageType(usageType, (p) => (p === "USE1" ? "us-east-1" : undefined))!,
  quantity,
  usd,
  estimated: true,
});

// 60,000 DPU a day in us-east-1 ($0.48 a day at $8 per million); the bill runs to the 2nd.
const estimate = ["2026-12-01", "2026-12-02", "2026-12-03"].map((d) => est(A, "us-east-1", d, 60_000));
const bill = (lines: BilledLine[]): Bill => ({ lines, billedThrough: "2026-12-02", requests: 1, payer: A, names: {} });
// The free tier takes the 1st's 60,000 and 40,000 of the 2nd; 20,000 of the 2nd are charged.
const billed = [
  line("2026-12-01", "Global-DSQL-DistributedProcessingUnits", 60_000, 0),
  line("2026-12-02", "Global-DSQL-DistributedProcessingUnits", 40_000, 0),
  line("2026-12-02", "USE1-DSQL-DistributedProcessingUnits", 20_000, 0.16),
];

describe("the bill against the estimate", () => {
  it("reads a usage type's Region and kind, the free tier's global lines, and leaves other usage out", () => {
    const regionOf = (p: string) => ({ USE1: "us-east-1", EU: "eu-west-1" })[p];
    expect(parseUsageType("EU-DSQL-Storage-ByteHrs", regionOf)).toEqual({ kind: "storage", region: "eu-west-1", freeTier: false });
    expect(parseUsageType("Global-DSQL-DistributedProcessingUnits", regionOf)).toEqual({ kind: "dpu", region: "global", freeTier: true });
    expect(parseUsageType("XYZ9-DSQL-DistributedProcessingUnits", regionOf)).toEqual({ kind: "dpu", region: "XYZ9", freeTier: false });
    expect(parseUsageType("USE1-DataTransfer-Out-Bytes", regionOf)).toBeUndefined();
  });

  it("explains the difference by the days not billed yet and the free tier, to the cent", () => {
    const c = compareBill(estimate, bill(billed), prices);
    expect(c.rows).toHaveLength(1);
    const [row] = c.rows;
    expect(row.estimate.usd).toBeCloseTo(1.44, 10);
    expect(row.billed).toEqual({ dpu: 20_000, gbMonths: 0, usd: 0.16, dpuUsd: 0.16, storageUsd: 0 });
    expect(row.difference).toBeCloseTo(-1.28, 10);
    expect(row.reasons.map((r) => r.kind)).toEqual(["notBilledYet", "freeTier"]);
    expect(row.reasons[0].usd).toBeCloseTo(-0.48, 10);
    expect(row.reasons[0].text).toContain("1 day after 2026-12-02");
    expect(row.reasons[1].usd).toBeCloseTo(-0.8, 10);
    expect(row.reasons[1].text).toContain("100,000 DPU");
    expect(c.freeTier).toEqual([{ account: A, dpu: 100_000, gbMonths: 0 }]);
  });

  it("names what the figures cannot explain, such as a credit", () => {
    const credited = [...billed.slice(0, 2), line("2026-12-02", "USE1-DSQL-DistributedProcessingUnits", 20_000, 0.06)];
    const [row] = compareBill(estimate, bill(credited), prices).rows;
    const rest = row.reasons.find((r) => r.kind === "unexplained")!;
    expect(rest.usd).toBeCloseTo(-0.1, 10);
    expect(rest.text).toMatch(/^Estimated \$0\.10 more than the figures explain: credits/);
  });

  it("says when an account's usage is not visible to the paying account, and when a Region has no price", () => {
    const c = compareBill([...estimate, est(B, "us-east-1", "2026-12-01", 5_000), est(A, "sa-east-1", "2026-12-01", 1_000)], bill(billed), prices);
    const b = c.rows.find((r) => r.account === B)!;
    expect(b.reasons.map((r) => r.kind)).toContain("notVisible");
    expect(b.billed.usd).toBe(0);
    const sa = c.rows.find((r) => r.region === "sa-east-1")!;
    expect(sa.difference).toBeNull();
    expect(sa.reasons[0].kind).toBe("unpriced");
  });
});

describe("the bill of an account the dashboard could not read", () => {
  it("says the usage is billed but not estimated, and does not call it unexplained", () => {
    const c = compareBill([], bill([line("2026-12-01", "USE1-DSQL-DistributedProcessingUnits", 500_000, 4, B)]), prices, [{ account: B, region: "us-east-1" }]);
    expect(c.rows[0].reasons.map((r) => r.kind)).toEqual(["notRead"]);
    expect(c.rows[0].difference).toBe(4);
  });
});

describe("the bill split over clusters", () => {
  it("allocates a Region's DPU and storage dollars by the clusters' shares, and leaves nothing over", () => {
    const storage = line("2026-12-02", "USE1-DSQL-Storage-ByteHrs", 2, 0.66);
    const [row] = compareBill(estimate, bill([...billed, storage]), prices).rows;
    const split = allocateBill(
      [row],
      [
        { key: "a", account: A, region: "us-east-1", dpu: 90_000, gbMonths: 0.5 },
        { key: "b", account: A, region: "us-east-1", dpu: 30_000, gbMonths: 1.5 },
        { key: "elsewhere", account: B, region: "us-east-1", dpu: 1_000, gbMonths: 1 },
      ],
    );
    expect(split.get("a")).toBeCloseTo(0.16 * 0.75 + 0.66 * 0.25, 10);
    expect(split.get("b")).toBeCloseTo(0.16 * 0.25 + 0.66 * 0.75, 10);
    expect(split.has("elsewhere")).toBe(false);
    expect(split.get("a")! + split.get("b")!).toBeCloseTo(row.billed.usd, 10);
  });
});
