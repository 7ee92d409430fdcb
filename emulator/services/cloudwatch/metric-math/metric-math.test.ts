import { describe, expect, it } from "vitest";
import { evaluate, MathError, parseExpression, references, toSeries, type MathContext, type MathValue, type Series } from ".";

const s = (pairs: [number, number][]): Series => ({ ts: pairs.map((p) => p[0]), vs: pairs.map((p) => p[1]) });
const grid = [0, 60_000, 120_000, 180_000];

function run(expr: string, refs: Record<string, MathValue>): MathValue {
  const ctx: MathContext = {
    ref: (id) => refs[id],
    metrics: () => Object.entries(refs).flatMap(([id, v]) => (typeof v === "object" && !Array.isArray(v) ? [{ id, series: v }] : [])),
    grid,
    periodS: 60,
  };
  return evaluate(parseExpression(expr), ctx);
}

describe("metric math", () => {
  const tx = s([
    [0, 100],
    [60_000, 200],
    [120_000, 0],
  ]);
  const occ = s([
    [0, 5],
    [60_000, 20],
    [120_000, 0],
    [180_000, 1],
  ]);

  it("computes the OCC rate with precedence and parentheses, on shared timestamps", () => {
    const r = run("100 * occ / tx", { tx, occ }) as Series;
    expect(r.ts).toEqual([0, 60_000, 120_000]);
    expect(r.vs.slice(0, 2)).toEqual([5, 10]);
    expect(r.vs[2]).toBeNaN();
    expect((run("(occ + 5) * 2 - 1", { occ }) as Series).vs).toEqual([19, 49, 9, 11]);
    expect(run("2 + 3 * 4 ^ 2 / 8 - -1", {})).toBe(9);
  });

  it("drops non-finite points at the end and counts them", () => {
    const { series, dropped } = toSeries(run("100 * occ / tx", { tx, occ }), grid);
    expect(series.ts).toEqual([0, 60_000]);
    expect(dropped).toBe(1);
  });

  it("IF picks per timestamp, with comparisons and AND/OR", () => {
    expect((run("IF(tx > 0, 100 * occ / tx, 0)", { tx, occ }) as Series).vs).toEqual([5, 10, 0]);
    expect((run("IF(tx >= 100 AND occ < 10, 1, 0)", { tx, occ }) as Series).vs).toEqual([1, 0, 0]);
    expect((run("IF(tx == 0 || occ == 20, 1)", { tx, occ }) as Series).ts).toEqual([60_000, 120_000]);
  });

  it("FILL fills the window's missing timestamps with a value, REPEAT or LINEAR", () => {
    expect((run("FILL(tx, 0)", { tx }) as Series).vs).toEqual([100, 200, 0, 0]);
    expect((run("FILL(tx, REPEAT)", { tx }) as Series).vs).toEqual([100, 200, 0, 0]);
    const gap = s([
      [0, 10],
      [180_000, 40],
    ]);
    expect((run("FILL(g, LINEAR)", { g: gap }) as Series).vs).toEqual([10, 20, 30, 40]);
    expect((run("FILL(g, 0)", { g: s([]) }) as Series).vs).toEqual([0, 0, 0, 0]);
  });

  it("SUM/AVG/MAX over arrays work per timestamp, over one series give a scalar", () => {
    expect(run("SUM([tx, occ])", { tx, occ })).toEqual(
      s([
        [0, 105],
        [60_000, 220],
        [120_000, 0],
        [180_000, 1],
      ]),
    );
    expect(run("SUM(tx)", { tx })).toBe(300);
    expect(run("AVG(tx)", { tx })).toBe(100);
    expect((run("MAX(METRICS())", { tx, occ }) as Series).vs).toEqual([100, 200, 0, 1]);
    expect(run("METRICS('o')", { tx, occ })).toEqual([occ]);
    expect(toSeries(run("SUM(tx)", { tx }), grid).series.vs).toEqual([300, 300, 300, 300]);
  });

  it("DIFF and RATE", () => {
    expect((run("DIFF(tx)", { tx }) as Series).vs).toEqual([100, -200]);
    expect((run("RATE(tx)", { tx }) as Series).vs[0]).toBeCloseTo(100 / 60);
  });

  it("reports references and syntax errors", () => {
    expect(references(parseExpression("IF(a > 0, 100 * b / a, FILL(c, REPEAT))")).sort()).toEqual(["REPEAT", "a", "a", "b", "c"]);
    expect(() => parseExpression("1 +")).toThrow(MathError);
    expect(() => parseExpression("(a * 2")).toThrow(/expected '\)'/i);
    expect(() => parseExpression("a $ b")).toThrow(/Unexpected character/);
    expect(() => parseExpression("")).toThrow(/empty/);
    expect(() => run("NOPE(a)", { a: tx })).toThrow(/Unknown function NOPE/);
    expect(() => run("x * 2", {})).toThrow(/Unrecognized identifier 'x'/);
    expect(() => toSeries(run("METRICS()", { tx }), grid)).toThrow(/array/);
  });
});
