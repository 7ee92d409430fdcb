import { describe, expect, it } from "vitest";
import { cycles, firstComment } from "./check-structure";

describe("check-structure", () => {
  it("finds a two-module cycle and a longer one, once each, and not an acyclic chain", () => {
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["a"]],
      ["c", ["d"]],
      ["d", ["e"]],
      ["e", ["c"]],
      ["f", ["g"]],
      ["g", []],
    ]);
    expect(cycles(graph)).toEqual([["a", "b"], ["c", "d", "e"]]);
  });

  it("counts a module importing itself as a cycle", () => {
    expect(cycles(new Map([["a", ["a"]]]))).toEqual([["a"]]);
  });

  it("reads the first comment, block or line, wherever the imports leave it", () => {
    expect(firstComment('import x from "y";\n/** Kept as one piece: a table. */\nconst a = 1;')).toContain("one piece");
    expect(firstComment("// one piece: the grammar\n// second line\nconst a = 1;")).toContain("one piece");
    expect(firstComment("const a = 1;\n")).toBe("");
  });
});
