import { parse, type Node } from "libpg-query";
import type { IndexRequest } from "../dsql/jobs/actions";
import type { LoadRow } from "./model";

/**
 * Scan-to-index advice: a statement whose sessions spend their time in SequentialScanRead (reading
 * a contiguous range of keys, so often a table scanned for want of an index) and that filters one
 * table by equality on a column is offered `CREATE INDEX ASYNC` on that column. A suggestion, not a
 * finding: the same wait also comes from a fast indexed range read run by many sessions, so the
 * page says to check the plan (EXPLAIN) before building. Only plain single-table SELECTs are read.
 */

export const SCAN_WAIT = "SequentialScanRead";
/** Scan load (average active sessions) below which a statement is not worth an index. */
export const MIN_SCAN_AAS = 0.1;

export interface IndexSuggestion {
  statement: string;
  scanAas: number;
  request: IndexRequest;
  /** The statement the job runs, for the page to show. */
  sql: string;
}

const str = (n: Node | undefined) => (n && "String" in n ? n.String.sval : undefined);

/** Columns compared for equality with a parameter or constant in a WHERE of ANDs. */
function equalityColumns(where: Node | undefined): string[] {
  if (!where) return [];
  if ("BoolExpr" in where) return where.BoolExpr.boolop === "AND_EXPR" ? (where.BoolExpr.args ?? []).flatMap(equalityColumns) : [];
  if (!("A_Expr" in where) || where.A_Expr.kind !== "AEXPR_OP" || str(where.A_Expr.name?.[0]) !== "=") return [];
  const { lexpr, rexpr } = where.A_Expr;
  const col = lexpr && "ColumnRef" in lexpr ? str(lexpr.ColumnRef.fields?.at(-1)) : undefined;
  const value = rexpr && ("ParamRef" in rexpr || "A_Const" in rexpr);
  return col && value ? [col] : [];
}

async function target(sql: string): Promise<{ schema: string; table: string; column: string } | undefined> {
  let stmt: Node | undefined;
  try {
    const tree = await parse(sql);
    if (tree.stmts?.length !== 1) return undefined;
    stmt = tree.stmts[0].stmt;
  } catch {
    return undefined;
  }
  if (!stmt || !("SelectStmt" in stmt)) return undefined;
  const from = stmt.SelectStmt.fromClause;
  if (from?.length !== 1 || !("RangeVar" in from[0])) return undefined;
  const [column] = equalityColumns(stmt.SelectStmt.whereClause);
  const rel = from[0].RangeVar;
  return column && rel.relname ? { schema: rel.schemaname ?? "public", table: rel.relname, column } : undefined;
}

/** Suggestions for the top statements, largest scan load first. */
export async function indexSuggestions(statements: LoadRow[]): Promise<IndexSuggestion[]> {
  const out: IndexSuggestion[] = [];
  for (const row of statements) {
    const scanAas = row.waits[SCAN_WAIT] ?? 0;
    if (scanAas < MIN_SCAN_AAS) continue;
    const t = await target(row.key);
    if (!t) continue;
    const name = `${t.table}_${t.column}_idx`;
    out.push({
      statement: row.key,
      scanAas,
      request: { schema: t.schema, table: t.table, columns: [t.column], unique: false, name },
      sql: `CREATE INDEX ASYNC ${name} ON ${t.schema}.${t.table} (${t.column})`,
    });
  }
  return out.sort((a, b) => b.scanAas - a.scanAas);
}
