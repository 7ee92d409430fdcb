import { beforeAll, describe, expect, it } from "vitest";
import { classify, loadParser, quoteQualified, raiseSql } from "./statements";

beforeAll(() => loadParser());

describe("DSQL statements the SQL front handles itself", () => {
  it("turns CREATE INDEX ASYNC into a build PostgreSQL understands (concurrent when unique)", () => {
    const s = classify('CREATE UNIQUE INDEX ASYNC IF NOT EXISTS "Email_Key" ON public.customers (email NULLS FIRST) INCLUDE (name)');
    expect(s).toMatchObject({ kind: "createIndexAsync", indexName: "Email_Key", schema: "public", table: "customers", unique: true, ifNotExists: true });
    expect(s?.kind === "createIndexAsync" && s.sql).toBe('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "Email_Key" ON public.customers (email NULLS FIRST) INCLUDE (name)');
    expect(classify("create index async on orders (status)")).toMatchObject({ kind: "createIndexAsync", indexName: undefined, table: "orders", unique: false, sql: "create index on orders (status)" });
  });

  it("refuses what DSQL's CREATE INDEX ASYNC does not allow, with SQLSTATEs", () => {
    expect(classify("CREATE INDEX ASYNC i ON t (a DESC)")).toMatchObject({ kind: "error", error: { code: "0A000" } });
    expect(classify("CREATE INDEX ASYNC i ON t USING hash (a)")).toMatchObject({ kind: "error", error: { code: "0A000" } });
    expect(classify("CREATE INDEX ASYNC i ON t (a) WHERE a > 0")).toMatchObject({ kind: "error", error: { code: "0A000" } });
    expect(classify("CREATE INDEX ASYNC i ON t (a, b, c, d, e, f, g, h, i)")).toMatchObject({ kind: "error", error: { code: "54011" } });
    expect(classify("CREATE INDEX ASYNC i ON")).toMatchObject({ kind: "error", error: { code: "42601" } });
    expect(classify("CREATE INDEX ASYNC i ON t (a); SELECT 1")).toMatchObject({ kind: "error", error: { code: "0A000" } });
  });

  it("recognises both forms of sys.wait_for_job, with a literal or a parameter", () => {
    expect(classify("SELECT sys.wait_for_job('wqhu6ewifze5xitg3umt24h5ua')")).toMatchObject({ kind: "waitForJob", form: "select", jobId: "wqhu6ewifze5xitg3umt24h5ua" });
    expect(classify("select sys.wait_for_job($1)")).toMatchObject({ kind: "waitForJob", form: "select", paramNumber: 1 });
    const call = classify("CALL sys.wait_for_job('abc')");
    expect(call).toMatchObject({ kind: "waitForJob", form: "call", jobId: "abc" });
    expect(call?.kind === "waitForJob" && call.sql).toBe("CALL sys.emulator_wait_for_job('abc')");
    expect(classify("select wait_for_job from mytable")).toBeUndefined();
  });

  it("notes DROP INDEX and DROP TABLE with their quoted names, and leaves other SQL alone", () => {
    expect(classify("DROP INDEX IF EXISTS public.a, B")).toEqual({ kind: "drop", objectType: "INDEX", names: ['"public"."a"', '"b"'] });
    expect(classify("drop table orders")).toEqual({ kind: "drop", objectType: "TABLE", names: ['"orders"'] });
    expect(classify("SELECT * FROM sys.jobs")).toBeUndefined();
    expect(classify("CREATE INDEX i ON t (a)")).toBeUndefined();
  });

  it("quotes identifiers and literals it builds into SQL", () => {
    expect(quoteQualified(['we"ird', "t"])).toBe('"we""ird"."t"');
    expect(raiseSql({ code: "42P01", message: 'relation "x\'y" does not exist' })).toBe(`SELECT sys.emulator_raise('42P01', 'relation "x''y" does not exist')`);
  });
});
