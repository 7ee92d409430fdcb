import { describe, expect, it } from "vitest";
import { formatValue, toRows } from "./chart-data";

describe("chart data", () => {
  it("expands dense series into rows on the period grid, scaled (DPU → dollars)", () => {
    const rows = toRows(1_000_000, 60, [
      { metric: "TotalDPU", label: "Total DPU", values: [1_000_000, null, 2], status: "complete", messages: [] },
      { metric: "ReadDPU", label: "Read DPU", values: [1, 2], status: "complete", messages: [] },
    ], 8 / 1e6);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({ t: 1_000_000, TotalDPU: 8, ReadDPU: 8 / 1e6 });
    expect(rows[1].TotalDPU).toBeNull();
    expect(rows[2].t).toBe(1_000_000 + 120_000);
    expect(rows[2].ReadDPU).toBeNull();
  });

  it("formats by declared unit, not by metric name", () => {
    expect(formatValue(5.4321, "percent")).toBe("5.43 %");
    expect(formatValue(2_500_000_000, "bytes")).toBe("2.5 GB");
    expect(formatValue(12.34, "ms")).toBe("12.3 ms");
    expect(formatValue(1234.5, "usd")).toBe("$1,234.50");
    expect(formatValue(null, "dpu")).toBe("–");
    expect(formatValue(123_456, "count")).toBe("123.5K");
  });
});
