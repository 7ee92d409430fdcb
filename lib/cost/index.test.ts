import { describe, expect, it } from "vitest";
import { costOf, forecastMonthEnd, freeTierUsage, GB, gbMonths, monthBounds, priceFor } from ".";

const D = 86_400_000;

describe("prices", () => {
  it("knows us-east-1 and Tokyo, with the date they were read", () => {
    expect(priceFor("us-east-1")).toMatchObject({ known: true, dpuPerMillion: 8, storageGbMonth: 0.33, readOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(priceFor("ap-northeast-1")).toMatchObject({ known: true, dpuPerMillion: 10, storageGbMonth: 0.4 });
  });

  it("never prices an unknown region as us-east-1", () => {
    const p = priceFor("eu-west-1");
    expect(p.known).toBe(false);
    expect(costOf(1_000_000, 10, p)).toEqual({ dpu: 1_000_000, gbMonths: 10, dpuCost: null, storageCost: null, total: null });
  });

  it("lets the configuration set or override a region's price", () => {
    expect(priceFor("eu-west-1", { "eu-west-1": { dpuPerMillion: 9, storageGbMonth: 0.36 } })).toMatchObject({ known: true, dpuPerMillion: 9, source: expect.stringContaining("DSQL_OPS_PRICES") });
    expect(priceFor("us-east-1", { "us-east-1": { dpuPerMillion: 7, storageGbMonth: 0.3 } })).toMatchObject({ dpuPerMillion: 7 });
  });
});

describe("cost math", () => {
  it("prices DPUs per million and storage per GB-month", () => {
    const c = costOf(2_500_000, 100, priceFor("us-east-1"));
    expect(c.dpuCost).toBeCloseTo(20);
    expect(c.storageCost).toBeCloseTo(33);
    expect(c.total).toBeCloseTo(53);
    expect(costOf(1_000_000, 1, priceFor("ap-northeast-1")).total).toBeCloseTo(10.4);
  });

  it("prorates storage over the month and carries samples across gaps", () => {
    const month = monthBounds(Date.UTC(2026, 10, 15)); // November: 30 days
    expect(month.endMs - month.startMs).toBe(30 * D);
    // 30 GB for the whole month = 30 GB-months.
    expect(gbMonths([[month.startMs, 30 * GB]], month.startMs, month.endMs, month)).toBeCloseTo(30);
    // 30 GB for 10 days, then 60 GB for 5 days (one sample, then a gap) = 10 + 10.
    const mid = month.startMs + 10 * D;
    expect(
      gbMonths(
        [
          [month.startMs, 30 * GB],
          [mid, 60 * GB],
        ],
        month.startMs,
        month.startMs + 15 * D,
        month,
      ),
    ).toBeCloseTo(20);
    // The first sample arrives late: assumed back to the start.
    expect(gbMonths([[mid, 30 * GB]], month.startMs, mid + 5 * D, month)).toBeCloseTo(15);
    expect(gbMonths([], month.startMs, month.endMs, month)).toBe(0);
  });

  it("forecasts the month end from the last 7 days' run rate and says so", () => {
    const now = Date.UTC(2026, 10, 21); // 20 days into November, 10 to go
    const month = monthBounds(now);
    // 1,000 DPU a day for 20 days, then 2,000 a day for the last 7.
    const daily: [number, number][] = Array.from({ length: 20 }, (_, i) => [month.startMs + i * D, i >= 13 ? 2000 : 1000]);
    const mtdDpu = daily.reduce((s, [, v]) => s + v, 0);
    const price = priceFor("us-east-1");
    const f = forecastMonthEnd({ dailyDpu: daily, mtd: costOf(mtdDpu, 20, price), latestStorageBytes: 30 * GB, nowMs: now, price });
    expect(f.dpu).toBeCloseTo(mtdDpu + 10 * 2000);
    expect(f.gbMonths).toBeCloseTo(20 + 10);
    expect(f.total).toBeCloseTo(((mtdDpu + 20_000) * 8) / 1e6 + 30 * 0.33);
    expect(f.assumption).toMatch(/last 7 days/);
  });

  it("early in the month uses the month so far", () => {
    const now = Date.UTC(2026, 10, 1, 12);
    const month = monthBounds(now);
    const f = forecastMonthEnd({ dailyDpu: [[month.startMs, 600]], mtd: costOf(600, 0, priceFor("us-east-1")), latestStorageBytes: null, nowMs: now, price: priceFor("us-east-1") });
    expect(f.dpu).toBeCloseTo(600 * 60); // 50 DPU an hour for 720 hours
    expect(f.assumption).toMatch(/12 hours/);
  });

  it("shows the free tier as one account-wide allowance", () => {
    const u = freeTierUsage(40_000, 0.25);
    expect(u.dpu).toEqual({ used: 40_000, allowance: 100_000, remaining: 60_000, pct: 40 });
    expect(u.storage.remaining).toBeCloseTo(0.75);
    expect(freeTierUsage(250_000, 3).dpu.remaining).toBe(0);
  });
});
