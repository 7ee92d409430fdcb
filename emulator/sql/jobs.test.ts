import { describe, expect, it } from "vitest";
import { indexBuildMs, newJobId, seededJobId } from "./jobs";

describe("sys.jobs ids and durations", () => {
  it("makes 26-character base-32 ids like DSQL's", () => {
    const ids = new Set(Array.from({ length: 200 }, () => newJobId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[a-z2-7]{26}$/);
    expect(newJobId(new Uint8Array(17))).toBe("a".repeat(26));
  });

  it("seeds the same ids on every start", () => {
    expect(seededJobId("x/1")).toBe(seededJobId("x/1"));
    expect(seededJobId("x/1")).not.toBe(seededJobId("x/2"));
    expect(seededJobId("x/1")).toMatch(/^[a-z2-7]{26}$/);
  });

  it("takes longer to build an index on a bigger table", () => {
    expect(indexBuildMs(20_000)).toBeGreaterThan(indexBuildMs(5_000));
    expect(indexBuildMs(0)).toBeGreaterThan(0);
  });
});
