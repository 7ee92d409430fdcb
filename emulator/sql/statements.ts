import { loadModule, parseSync } from "libpg-query";

/**
 * The few statements the SQL front treats specially, because PGlite (PostgreSQL) does not have
 * them or DSQL gives them a different meaning: `CREATE [UNIQUE] INDEX ASYNC`, `sys.wait_for_job`
 * (a function in the docs, a procedure per community reports: both forms are accepted), and
 * `DROP INDEX/TABLE` (which starts a DROP job in DSQL). Everything else goes to PGlite untouched.
 */

export interface SqlFailure {
  code: string;
  message: string;
}

export type Special =
  | {
      kind: "createIndexAsync";
      /**
       * The same statement as PostgreSQL understands it. A unique one is CONCURRENTLY, so that
       * a build that meets duplicates leaves its index behind, invalid, as DSQL does.
       */
      sql: string;
      indexName?: string;
      schema?: string;
      table: string;
      unique: boolean;
      ifNotExists: boolean;
    }
  | { kind: "waitForJob"; form: "select" | "call"; jobId?: string; paramNumber?: number; sql: string }
  | { kind: "drop"; objectType: "INDEX" | "TABLE"; names: string[] }
  /** ALTER TABLE ASYNC ... VALIDATE CONSTRAINT: a constraint added NOT VALID, checked by a job. */
  | { kind: "validateConstraintAsync"; table: string; constraint: string }
  | { kind: "error"; error: SqlFailure };

const ASYNC = /^(\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+)ASYNC\b\s*/i;
const ALTER_ASYNC = /^(\s*ALTER\s+TABLE\s+)ASYNC\b\s*/i;
const MAYBE_WAIT = /\bwait_for_job\b/i;
const MAYBE_DROP = /^\s*DROP\s+(INDEX|TABLE)\b/i;
const SYS_WAIT = /\bsys\s*\.\s*wait_for_job\b/i;
/** DSQL's limit on key columns per index. */
export const MAX_INDEX_COLUMNS = 8;

let ready: Promise<void> | undefined;
/** libpg-query's WASM module must be loaded once before the synchronous parser is used. */
export function loadParser(): Promise<void> {
  ready ??= loadModule();
  return ready;
}

type Node = Record<string, any>;

function parseOne(sql: string): { stmts: Node[] } | { error: SqlFailure } {
  try {
    const stmts = (parseSync(sql).stmts ?? []).map((s: Node) => s.stmt as Node);
    return { stmts };
  } catch (err) {
    return { error: { code: "42601", message: (err as Error).message } };
  }
}

const sval = (n: Node | undefined): string | undefined => n?.String?.sval;
const qualifiedName = (items: Node[]): string[] => items.map((i) => sval(i) ?? "");

function funcName(call: Node | undefined): string {
  return qualifiedName(call?.funcname ?? [])
    .join(".")
    .toLowerCase();
}

function jobArgument(call: Node): { jobId?: string; paramNumber?: number } | undefined {
  const args: Node[] = call.args ?? [];
  if (args.length !== 1) return undefined;
  const a = args[0];
  // 'id' or 'id'::text
  const c = a.A_Const ?? a.TypeCast?.arg?.A_Const;
  if (c?.sval) return { jobId: c.sval.sval };
  const p = a.ParamRef ?? a.TypeCast?.arg?.ParamRef;
  if (p?.number) return { paramNumber: p.number };
  return undefined;
}

function createIndexAsync(sql: string): Special {
  const plain = sql.replace(ASYNC, "$1");
  const parsed = parseOne(plain);
  if ("error" in parsed) return { kind: "error", error: parsed.error };
  if (parsed.stmts.length !== 1 || !parsed.stmts[0].IndexStmt) {
    return { kind: "error", error: { code: "0A000", message: "CREATE INDEX ASYNC must be sent as a statement of its own" } };
  }
  const s = parsed.stmts[0].IndexStmt as Node;
  const unsupported = (message: string): Special => ({ kind: "error", error: { code: "0A000", message } });
  if (s.concurrent) return { kind: "error", error: { code: "42601", message: "syntax error: ASYNC and CONCURRENTLY cannot be combined" } };
  if ((s.accessMethod ?? "btree") !== "btree") return unsupported(`access method "${s.accessMethod}" is not supported`);
  if (s.whereClause) return unsupported("partial indexes (WHERE) are not supported");
  const params: Node[] = (s.indexParams ?? []).map((p: Node) => p.IndexElem);
  if (params.some((p) => p.ordering && p.ordering !== "SORTBY_DEFAULT")) return unsupported("ASC/DESC is not supported in CREATE INDEX ASYNC");
  if (params.length > MAX_INDEX_COLUMNS) {
    return { kind: "error", error: { code: "54011", message: `cannot use more than ${MAX_INDEX_COLUMNS} columns in an index` } };
  }
  return {
    kind: "createIndexAsync",
    sql: s.unique ? sql.replace(ASYNC, "$1CONCURRENTLY ") : plain,
    indexName: s.idxname,
    schema: s.relation?.schemaname,
    table: s.relation?.relname,
    unique: !!s.unique,
    ifNotExists: !!s.if_not_exists,
  };
}

/** ALTER TABLE ASYNC: DSQL runs only VALIDATE CONSTRAINT this way (since August 2026), as a sys.jobs job. */
function validateConstraintAsync(sql: string): Special {
  const parsed = parseOne(sql.replace(ALTER_ASYNC, "$1"));
  if ("error" in parsed) return { kind: "error", error: parsed.error };
  if (parsed.stmts.length !== 1) return { kind: "error", error: { code: "0A000", message: "ALTER TABLE ASYNC must be sent as a statement of its own" } };
  const alter = parsed.stmts[0].AlterTableStmt;
  const cmds: Node[] = alter?.cmds ?? [];
  const cmd = cmds.length === 1 ? cmds[0].AlterTableCmd : undefined;
  if (!alter || cmd?.subtype !== "AT_ValidateConstraint" || !cmd.name) {
    return { kind: "error", error: { code: "0A000", message: "ALTER TABLE ASYNC supports only VALIDATE CONSTRAINT" } };
  }
  const rel: Node = alter.relation ?? {};
  return { kind: "validateConstraintAsync", table: quoteQualified([...(rel.schemaname ? [rel.schemaname] : []), rel.relname ?? ""]), constraint: cmd.name };
}

/** Classifies one Query or Parse text; undefined for ordinary SQL (the common, cheap path). */
export function classify(sql: string): Special | undefined {
  if (ASYNC.test(sql)) return createIndexAsync(sql);
  if (ALTER_ASYNC.test(sql)) return validateConstraintAsync(sql);
  const maybeWait = MAYBE_WAIT.test(sql);
  const maybeDrop = MAYBE_DROP.test(sql);
  if (!maybeWait && !maybeDrop) return undefined;
  const parsed = parseOne(sql);
  if ("error" in parsed || parsed.stmts.length !== 1) return undefined; // PGlite reports its own errors
  const stmt = parsed.stmts[0];
  if (maybeWait) {
    const call = stmt.CallStmt?.funccall;
    if (call && funcName(call) === "sys.wait_for_job") {
      const arg = jobArgument(call);
      // A function and a procedure cannot share a signature in PostgreSQL: CALL goes to a twin procedure.
      if (arg) return { kind: "waitForJob", form: "call", ...arg, sql: sql.replace(SYS_WAIT, "sys.emulator_wait_for_job") };
    }
    const targets: Node[] = stmt.SelectStmt?.targetList ?? [];
    const fn = targets.length === 1 ? targets[0].ResTarget?.val?.FuncCall : undefined;
    if (fn && funcName(fn) === "sys.wait_for_job") {
      const arg = jobArgument(fn);
      if (arg) return { kind: "waitForJob", form: "select", ...arg, sql };
    }
    return undefined;
  }
  const drop = stmt.DropStmt;
  if (drop && (drop.removeType === "OBJECT_INDEX" || drop.removeType === "OBJECT_TABLE")) {
    const names = (drop.objects ?? []).map((o: Node) => qualifiedName(o.List?.items ?? []));
    return { kind: "drop", objectType: drop.removeType === "OBJECT_INDEX" ? "INDEX" : "TABLE", names: names.map((n: string[]) => quoteQualified(n)) };
  }
  return undefined;
}

/** "schema"."name" for to_regclass(), with embedded quotes doubled. */
export function quoteQualified(parts: string[]): string {
  return parts.map((p) => `"${p.replace(/"/g, '""')}"`).join(".");
}

/** A SQL string literal (standard_conforming_strings is on). */
export const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** A statement that makes PGlite raise this error, so it reaches the client on PGlite's own error path. */
export function raiseSql(e: SqlFailure): string {
  return `SELECT sys.emulator_raise(${literal(e.code)}, ${literal(e.message)})`;
}
