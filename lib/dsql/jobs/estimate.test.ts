import { describe, expect, it } from "vitest";
import { estimateBuild } from "./estimate";

// Builds on this cluster took 20 s plus 2 ms per row.
const line = [
  { rows: 5_000, durationS: 30 },
  { rows: 20_000, durationS: 60 },
];

describe("estimateBuild", () => {
  it("fits earlier builds of different sizes and predicts this table's build", () => {
    const e = estimateBuild(line, 40_000, 10)!;
    expect(e.totalS).toBe(100);
    expect(e.remainingS).toBe(90);
    expect(e.overdue).toBe(false);
    expect(e.samples).toBe(2);
    expect(e.basis).toMatch(/2 earlier builds on this cluster/);
    expect(e.basis).toMatch(/40,000 rows/);
  });

  it("averages builds on tables of a similar size when sizes are too close to fit", () => {
    const e = estimateBuild([{ rows: 10_000, durationS: 40 }, { rows: 11_000, durationS: 44 }], 12_000, 0)!;
    expect(e.totalS).toBe(42);
  });

  it("offers nothing it cannot ground: no history, unknown size, or only tables of another size", () => {
    expect(estimateBuild([], 10_000, 0)).toBeNull();
    expect(estimateBuild(line, null, 0)).toBeNull();
    expect(estimateBuild([{ rows: 1_000, durationS: 22 }], 500_000, 0)).toBeNull();
    expect(estimateBuild([{ rows: 1_000, durationS: 0 }], 1_000, 0)).toBeNull();
  });

  it("does not trust a fit that says bigger tables build faster", () => {
    expect(estimateBuild([{ rows: 1_000, durationS: 90 }, { rows: 50_000, durationS: 10 }], 300_000, 0)).toBeNull();
  });

  it("says so when the build runs clearly past the prediction, never a negative remainder", () => {
    const e = estimateBuild(line, 20_000, 90)!;
    expect(e.remainingS).toBe(0);
    expect(e.overdue).toBe(true);
  });
});
