import { describe, expect, it } from "vitest";
import { indexSuggestions } from "./advisor";

const row = (key: string, scan: number) => ({ key, aas: scan + 0.1, waits: { SequentialScanRead: scan, OnCpu: 0.1 } });

describe("scan-to-index advice", () => {
  it("suggests CREATE INDEX ASYNC on the equality column of a scanning single-table SELECT", async () => {
    const s = await indexSuggestions([
      row("SELECT id FROM ledger_entries WHERE account = $1 AND amount_cents > $2 ORDER BY created_at DESC", 0.8),
      row("SELECT * FROM sales.orders WHERE status = 'paid'", 0.3),
    ]);
    expect(s.map((x) => x.sql)).toEqual(["CREATE INDEX ASYNC ledger_entries_account_idx ON public.ledger_entries (account)", "CREATE INDEX ASYNC orders_status_idx ON sales.orders (status)"]);
    expect(s[0].request).toEqual({ schema: "public", table: "ledger_entries", columns: ["account"], unique: false, name: "ledger_entries_account_idx" });
  });

  it("leaves out statements that scan little, join, filter by range only, or are not SELECTs", async () => {
    expect(
      await indexSuggestions([
        row("SELECT id FROM t WHERE a = $1", 0.05),
        row("SELECT t.id FROM t JOIN u ON u.id = t.u WHERE t.a = $1", 1),
        row("SELECT id FROM t WHERE a > $1", 1),
        row("UPDATE t SET a = $1 WHERE b = $2", 1),
        row("COMMIT", 1),
        row("not sql at all", 1),
      ]),
    ).toEqual([]);
  });
});
