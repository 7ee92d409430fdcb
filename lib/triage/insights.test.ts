import { describe, expect, it } from "vitest";
import { LEAK_THRESHOLD_AAS, leakedTxSignal } from "./insights";

const window = { startMs: Date.UTC(2026, 11, 4, 10), endMs: Date.UTC(2026, 11, 4, 11) };

describe("the leaked-transaction signal", () => {
  it("flags a cluster whose idle-in-transaction sessions reach the threshold, naming who holds them", () => {
    const s = leakedTxSignal(
      [
        { app: "billing-worker", role: "arn:aws:iam::123456789012:role/billing", aas: 0.4 },
        { app: "", role: "arn:aws:iam::123456789012:role/admin", aas: 0.2 },
      ],
      window,
    )!;
    expect(s.kind).toBe("leakedTx");
    expect(s.evidence).toMatchObject({ unit: "sessions", baseline: LEAK_THRESHOLD_AAS });
    expect(s.evidence.value).toBeCloseTo(0.6);
    expect(s.title).toContain("(billing-worker)");
    expect(s.evidence.text).toContain("billing-worker as billing: 0.40; (no application name) as admin: 0.20");
  });

  it("stays quiet below the threshold", () => {
    expect(leakedTxSignal([{ app: "api", role: "r", aas: 0.49 }], window)).toBeNull();
    expect(leakedTxSignal([], window)).toBeNull();
  });
});
