import { describe, expect, it } from "vitest";
import { emulatorForLib } from "./emulator";

const emulator = emulatorForLib("prices");

describe("Region prices from the Price List API, with the built-in table behind it", () => {
  it("falls back to the built-in table, saying why, when the Price List API cannot be read", async () => {
    const { regionPrice } = await import("@/lib/cost/pricing");
    emulator().faults.add({ kind: "down", service: "pricing" });
    try {
      const east = await regionPrice("us-east-1");
      expect(east.known && east.source).toMatch(/aws\.amazon\.com\/rds\/aurora\/dsql\/pricing.*the Price List API could not be read/);
      const eu = await regionPrice("eu-west-1");
      expect(eu.known).toBe(false);
      expect(!eu.known && eu.reason).toMatch(/DSQL_OPS_PRICES.*the Price List API could not be read/);
    } finally {
      emulator().faults.clear();
    }
  });

  it("falls back the same way when the Price List API is refused, naming the missing permission", async () => {
    const { regionPrice } = await import("@/lib/cost/pricing");
    emulator().faults.add({ kind: "denied", service: "pricing" });
    try {
      const east = await regionPrice("us-east-1");
      expect(east.known && east.source).toMatch(/aws\.amazon\.com\/rds\/aurora\/dsql\/pricing.*the Price List API could not be read.*pricing:GetProducts/);
    } finally {
      emulator().faults.clear();
    }
  });

  it("reads every scenario Region's DPU and storage prices from GetProducts, naming the source", async () => {
    const { PRICE_LIST_SOURCE, regionPrice } = await import("@/lib/cost/pricing");
    for (const region of emulator().scenario.regions) {
      const p = await regionPrice(region);
      expect(p.known, region).toBe(true);
      expect(p.known && p.source).toBe(PRICE_LIST_SOURCE);
    }
    expect(await regionPrice("eu-west-1")).toMatchObject({ known: true, dpuPerMillion: 8.8, storageGbMonth: 0.36 });
    expect(await regionPrice("ap-northeast-1")).toMatchObject({ known: true, dpuPerMillion: 10, storageGbMonth: 0.4 });
  });

  it("keeps a Region's read in the store for a day: another instance prices from it while the Price List API is down", async () => {
    const { forgetListedPrices, PRICE_LIST_SOURCE, regionPrice } = await import("@/lib/cost/pricing");
    await regionPrice("eu-west-1");
    forgetListedPrices();
    emulator().faults.add({ kind: "down", service: "pricing" });
    try {
      expect(await regionPrice("eu-west-1")).toMatchObject({ known: true, dpuPerMillion: 8.8, source: PRICE_LIST_SOURCE });
    } finally {
      emulator().faults.clear();
    }
  });
});
