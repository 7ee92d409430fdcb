import { describe, expect, it } from "vitest";
import { GB, priceFor } from "../cost";
import { ACCOUNT_GROUP, buildReview, gbMonthsAcross, sumOver, withShares, type ClusterSeries } from "./compare";
import { csvCell, csvFileName, reviewCsv } from "./csv";
import type { CostReview } from "./index";
import { DAY_MS, resolveComparison } from "./period";

const NOW = Date.UTC(2026, 10, 25, 12); // 2026-11-25 12:00 UTC: 24.5 days into November
const US = priceFor("us-east-1"); // $8 per million DPU, $0.33 per GB-month
const EU = priceFor("eu-west-1"); // unknown

/** Daily buckets from Oct 1 up to now, valued by `f(day start)` per whole day (today's holds the hours so far). */
function daily(f: (t: number) => number): [number, number][] {
  const out: [number, number][] = [];
  for (let t = Date.UTC(2026, 9, 1); t < NOW; t += DAY_MS) out.push([t, f(t) * Math.min(1, (NOW - t) / DAY_MS)]);
  return out;
}

/** A cluster whose DPUs per day are split evenly over read/write/compute. */
function cluster(name: string, dpuPerDay: (t: number) => number, opts: { price?: typeof US; tags?: Record<string, string>; storageGb?: number } = {}): ClusterSeries {
  const third = daily((t) => dpuPerDay(t) / 3);
  return {
    account: "123456789012",
    accountName: "prod",
    region: opts.price === EU ? "eu-west-1" : "us-east-1",
    identifier: name.padEnd(26, "0"),
    name,
    tags: opts.tags ?? {},
    price: opts.price ?? US,
    dpu: { ReadDPU: third, WriteDPU: third, ComputeDPU: third, MultiRegionWriteDPU: daily(() => 0), TotalDPU: daily(dpuPerDay) },
    // A gauge: today's sample is the size, not a part of a day.
    storage: daily(() => 1).map(([t]) => [t, (opts.storageGb ?? 0) * GB]),
  };
}

const NOV = Date.UTC(2026, 10, 1);

describe("period sums", () => {
  it("prorates a partly covered day, and today's bucket by the part that has data", () => {
    const pts: [number, number][] = [
      [0, 240],
      [DAY_MS, 480],
    ];
    expect(sumOver(pts, 0, DAY_MS / 2, Infinity)).toBeCloseTo(120);
    // Day 2 has data for 12 h only (now = its noon): its 480 DPU are those 12 h.
    expect(sumOver(pts, DAY_MS, DAY_MS + 6 * 3_600_000, DAY_MS * 1.5)).toBeCloseTo(240);
    expect(sumOver(pts, 0, 2 * DAY_MS, DAY_MS * 1.5)).toBeCloseTo(720);
  });

  it("counts GB-months across a month boundary by each month's length", () => {
    const s: [number, number][] = [[Date.UTC(2026, 9, 1), 31 * GB]];
    // 31 GB for all of October (31 days) and 15 of November's 30 days: 31 + 15.5.
    expect(gbMonthsAcross(s, Date.UTC(2026, 9, 1), Date.UTC(2026, 10, 16))).toBeCloseTo(46.5);
  });
});

describe("comparing two periods", () => {
  const cmp = resolveComparison({}, NOW);
  // a: flat 1M DPU a day; b: 1M in October, 2M in November; c: unknown price.
  const a = cluster("a", () => 1e6, { tags: { team: "data" }, storageGb: 100 });
  const b = cluster("b", (t) => (t >= NOV ? 2e6 : 1e6), { tags: { team: "commerce" } });
  const c = cluster("c", () => 5e6, { price: EU, tags: { team: "data" } });
  const r = buildReview([a, b, c], cmp, NOW, { groupBy: "team" });

  it("prices each cluster over the same span of both months", () => {
    const ra = r.clusters.find((x) => x.name === "a")!;
    expect(ra.current.dpu).toBeCloseTo(24.5e6, 0);
    expect(ra.previous.dpu).toBeCloseTo(24.5e6, 0);
    expect(ra.current.dpuCost).toBeCloseTo(196);
    expect(ra.current.storageCost).toBeCloseTo(((100 * 24.5) / 30) * 0.33);
    // Same span but October has 31 days: a GB-month is longer, so the storage dollars dip slightly.
    expect(ra.previous.storageCost).toBeCloseTo(((100 * 24.5) / 31) * 0.33);
    expect(ra.current.kindCost.ReadDPU).toBeCloseTo(196 / 3);
  });

  it("gives each cluster its share of the change, and the top movers", () => {
    const rb = r.clusters.find((x) => x.name === "b")!;
    expect(rb.change.delta).toBeCloseTo(196);
    expect(r.totals.delta).toBeCloseTo(196 + 100 * 24.5 * 0.33 * (1 / 30 - 1 / 31));
    expect(rb.change.share!).toBeGreaterThan(0.99);
    expect(r.movers[0].name).toBe("b");
    expect(r.totals.deltaPct!).toBeCloseTo(r.totals.delta / r.totals.previous.total);
  });

  it("never prices an unknown region, and says so", () => {
    const rc = r.clusters.find((x) => x.name === "c")!;
    expect(rc.priced).toBe(false);
    expect(rc.current.total).toBeNull();
    expect(rc.change.delta).toBeNull();
    expect(r.totals.current.total).toBeCloseTo(196 + 392 + ((100 * 24.5) / 30) * 0.33);
    expect(r.unpriced).toEqual([{ region: "eu-west-1", reason: expect.stringContaining("DSQL_OPS_PRICES"), clusters: 1, dpu: expect.closeTo(122.5e6, 0), gbMonths: 0 }]);
    expect(r.clusters.at(-1)!.name).toBe("c");
  });

  it("breaks the change down by DPU kind and storage", () => {
    const write = r.kinds.find((k) => k.key === "WriteDPU")!;
    expect(write.change.delta).toBeCloseTo(196 / 3);
    expect(r.kinds.map((k) => k.key)).toEqual(["ReadDPU", "WriteDPU", "ComputeDPU", "MultiRegionWriteDPU", "Storage"]);
    expect(r.kinds.reduce((s, k) => s + (k.change.share ?? 0), 0)).toBeCloseTo(1);
  });

  it("groups by a tag, counting the unpriced clusters of a group apart", () => {
    expect(r.groups!.map((g) => [g.group, g.clusters, g.unpriced])).toEqual([
      ["commerce", 1, 0],
      ["data", 2, 1],
    ]);
    expect(r.groups![1].change.current).toBeCloseTo(196 + ((100 * 24.5) / 30) * 0.33);
  });

  it("groups by account, whatever the clusters' tags, and no tag can stand for the account choice", () => {
    const staging = { ...b, account: "210987654321", accountName: "staging" };
    const byAccount = buildReview([a, staging, c], cmp, NOW, { groupBy: ACCOUNT_GROUP });
    expect(byAccount.groups!.map((g) => [g.group, g.clusters, g.unpriced])).toEqual([
      ["staging (210987654321)", 1, 0],
      ["prod (123456789012)", 2, 1],
    ]);
    // Tag keys starting with "aws:" are AWS's own: a user's tag named so cannot exist.
    expect(ACCOUNT_GROUP.startsWith("aws:")).toBe(true);
  });

  it("draws one bar per day with the previous period's same day", () => {
    expect(r.daily).toHaveLength(25);
    expect(r.daily[0].total).toBeCloseTo(8 + 16 + (100 / 30) * 0.33);
    expect(r.daily[0].previousTotal).toBeCloseTo(8 + 8 + (100 / 31) * 0.33);
    // Today: half a day so far.
    expect(r.daily[24].dpuCost).toBeCloseTo(12);
  });

  it("forecasts the month end from the recent run rate, stating the assumption", () => {
    const f = r.forecast!;
    // a and b run at 3M DPU a day = $24 a day for the 5.5 days left, plus storage at its size.
    expect(f.dpuCost).toBeCloseTo(588 + 24 * 5.5, 1);
    expect(f.storageCost).toBeCloseTo(100 * 0.33, 3);
    expect(f.assumption).toMatch(/DPU rate of the last 7 days continues/);
    expect(f.previousMonthTotal).toBeCloseTo(31 * 16 + 100 * 0.33, 3);
  });

  it("has no forecast for a month that is over", () => {
    expect(buildReview([a], resolveComparison({ month: "2026-10" }, NOW), NOW).forecast).toBeNull();
  });

  it("has no share when nothing changed", () => {
    expect(withShares([{ change: { current: 1, previous: 1, delta: 0, share: null } }])[0].change.share).toBeNull();
  });
});

describe("CSV", () => {
  it("quotes and defuses cells", () => {
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell(-3)).toBe("-3");
    // A negative amount written as text stays a number; a cell that only starts like one is defused.
    expect(csvCell("-12.50")).toBe("-12.50");
    expect(csvCell("-1+cmd")).toBe("'-1+cmd");
    expect(csvCell(null)).toBe("");
  });

  it("writes one row per cluster and a total row", () => {
    const cmp = resolveComparison({}, NOW);
    const core = buildReview([cluster("a", () => 1e6, { tags: { team: "=cmd" } }), cluster("c", () => 1e6, { price: EU })], cmp, NOW, { groupBy: "team" });
    const review = { ...core, comparison: cmp, groupBy: "team" } as CostReview;
    const lines = reviewCsv(review).trimEnd().split("\r\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      "period,account_id,region,cluster_id,name,tag:team,read_dpu,write_dpu,compute_dpu,multiregionwrite_dpu,total_dpu,gb_months,dpu_usd,storage_usd,total_usd,previous_total_usd,delta_usd,share_of_change_pct,price",
    );
    expect(lines[1]).toContain(",'=cmd,");
    expect(lines[1]).toContain(",123456789012,us-east-1,");
    expect(lines[1]).toContain(",196.00,0.00,196.00,196.00,0.00,,known");
    expect(lines[2]).toContain("unknown: not in totals");
    expect(lines[3]).toMatch(/^November 2026 to date,,TOTAL \(priced regions\),,1 clusters,/);
    expect(csvFileName({ comparison: cmp, tag: { key: "team", value: "data/x" } })).toBe("dsql-cost-2026-11-team-data-x.csv");
  });
});
