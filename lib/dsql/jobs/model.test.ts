import { describe, expect, it } from "vitest";
import { advice, stage } from "./model";

describe("job stages and advice", () => {
  it("names what a VALIDATE_CONSTRAINT job does and what to do when rows break the constraint", () => {
    expect(stage("VALIDATE_CONSTRAINT", "processing")).toBe("checking the constraint against every row");
    const failed = { type: "VALIDATE_CONSTRAINT", status: "failed", details: 'insert or update on table "r" violates foreign key constraint "r_fk"' };
    expect(advice(failed, null)).toMatch(/stays NOT VALID.*VALIDATE CONSTRAINT again/);
    expect(advice({ ...failed, status: "completed", details: null }, null)).toBeNull();
  });

  it("advises on a failed index build by what it left behind", () => {
    const index = { name: "t_email_key", schema: "public", valid: false, unique: true, definition: null };
    expect(advice({ type: "INDEX_BUILD", status: "failed", details: "duplicate key value" }, index)).toMatch(/duplicate values/);
    expect(advice({ type: "INDEX_BUILD", status: "failed", details: "x" }, null)).toMatch(/since been dropped/);
    expect(advice({ type: "ANALYZE", status: "failed", details: "x" }, null)).toBeNull();
  });
});
