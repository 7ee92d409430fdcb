import type { Node } from "libpg-query";
import { Catalog } from "./catalog";
import type { Statement } from "./parse";
import type { SourceText } from "./source";
import { keywordOffset } from "./split";
import type { Finding, RuleInfo } from "./types";

/**
 * Runs the rules over a parsed file: one walk of each statement's AST, dispatching every node
 * to the rules that asked for its type, plus per-statement hooks that see the transaction
 * grouping (BEGIN ... COMMIT) and the tables declared so far.
 */

/** Node type name → node body, derived from libpg-query's `Node` union. */
type NodeMap = { [K in Node extends infer U ? (U extends unknown ? keyof U : never) : never]: Extract<Node, Record<K, unknown>>[K] };
export type NodeType = keyof NodeMap;
export type Visitors = { [K in NodeType]?: (node: NodeMap[K], ctx: RuleContext) => void };

export interface Rule extends RuleInfo {
  visit?: Visitors;
  /** Runs once per statement, after the catalog and transaction state took the statement in. */
  statement?: (ctx: RuleContext) => void;
}

export type Category = "ddl" | "dml" | "tcl" | "other";

export interface TxState {
  /** Inside BEGIN ... COMMIT; outside, every statement is its own transaction. */
  explicit: boolean;
  /** DDL and DML statements seen in this transaction before the current one. */
  ddl: number;
  dml: number;
  mixedReported: boolean;
}

export interface RuleContext {
  readonly stmt: Statement;
  readonly category: Category;
  readonly tx: TxState;
  readonly catalog: Catalog;
  /**
   * Reports the running rule. `location` is an AST location (or one from `token()`); without it
   * the finding points at the statement. `what` names the offending thing and leads the message.
   */
  report(location?: number, what?: string, suggestion?: string): void;
  /** AST-style location of the nth bare keyword of the statement among `words` (upper case). */
  keyword(words: readonly string[], nth?: number): number | undefined;
  /** The statement's opening words, whitespace collapsed, for messages. */
  snippet(): string;
}

const OTHER = new Set([
  "SelectStmt", "VariableSetStmt", "VariableShowStmt", "ExplainStmt", "CallStmt", "DoStmt", "ListenStmt", "NotifyStmt",
  "UnlistenStmt", "VacuumStmt", "LockStmt", "CheckPointStmt", "DiscardStmt", "PrepareStmt", "ExecuteStmt", "DeallocateStmt",
  "DeclareCursorStmt", "FetchStmt", "ClosePortalStmt", "LoadStmt", "ConstraintsSetStmt", "ReindexStmt",
  // GRANT/REVOKE change privileges, not the schema; DSQL's one-DDL rule is not documented for them.
  "GrantStmt", "GrantRoleStmt",
]);
const DML = new Set(["InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt", "TruncateStmt"]);

export function categorize(stmt: Statement): Category {
  const node = stmt.node;
  if (stmt.kind === "TransactionStmt") return "tcl";
  if (DML.has(stmt.kind)) return "dml";
  if ("CopyStmt" in node) return node.CopyStmt.is_from ? "dml" : "other";
  if ("SelectStmt" in node) return node.SelectStmt.intoClause ? "ddl" : "other";
  return OTHER.has(stmt.kind) ? "other" : "ddl";
}

/**
 * Keys whose subtrees hold only names, constants, types and relation references: no rule visits
 * anything inside them, and skipping them keeps the walk of a large dump short.
 */
const LEAVES = new Set([
  "String", "Integer", "Float", "Boolean", "BitString", "A_Const", "A_Star", "ParamRef", "ColumnRef", "RoleSpec", "TypeName", "RangeVar",
  "typeName", "relation", "names", "funcname", "defnames", "collname", "pktable", "fk_attrs", "pk_attrs", "keys", "sequence", "typevar", "view",
]);

type Dispatch = Map<string, { rule: Rule; fn: (node: unknown, ctx: RuleContext) => void }[]>;

function dispatchTable(rules: Rule[]): Dispatch {
  const table: Dispatch = new Map();
  for (const rule of rules) {
    for (const [type, fn] of Object.entries(rule.visit ?? {})) {
      const list = table.get(type) ?? [];
      list.push({ rule, fn: fn as (node: unknown, ctx: RuleContext) => void });
      table.set(type, list);
    }
  }
  return table;
}

const dispatchCache = new WeakMap<Rule[], Dispatch>();

export interface RuleRunner {
  /** Runs the rules over the file's next statements (the catalog and transaction state carry over). */
  run(statements: Iterable<Statement>): void;
  readonly findings: Finding[];
  /** Statements run so far. */
  readonly statements: number;
}

/** The rules over one file, fed its statements piece by piece as they are parsed. */
export function ruleRunner(rules: Rule[], file: string, source: SourceText): RuleRunner {
  let dispatch = dispatchCache.get(rules);
  if (!dispatch) dispatchCache.set(rules, (dispatch = dispatchTable(rules)));
  const statementRules = rules.filter((r) => r.statement);
  const findings: Finding[] = [];
  const seen = new Set<number>();
  const ruleIndex = new Map(rules.map((r, i) => [r, i]));
  const catalog = new Catalog();
  let tx: TxState = { explicit: false, ddl: 0, dml: 0, mixedReported: false };
  let current: Rule = rules[0];
  let stmt = undefined as unknown as Statement;
  let count = 0;
  let category: Category = "other";
  let text: string | undefined;

  const ctx: RuleContext = {
    get stmt() {
      return stmt;
    },
    get category() {
      return category;
    },
    get tx() {
      return tx;
    },
    catalog,
    report(location, what, suggestion) {
      const offset = location !== undefined && location >= 0 ? stmt.base + location : stmt.start;
      // One finding per rule and position, however many nodes lead there.
      const key = offset * 128 + (ruleIndex.get(current) ?? 127);
      if (seen.has(key)) return;
      seen.add(key);
      const { line, column } = source.position(offset);
      findings.push({
        file,
        line,
        column,
        rule: current.id,
        severity: current.severity,
        message: what ? `${what}: ${current.explanation}` : current.explanation,
        suggestion: suggestion ?? current.suggestion,
      });
    },
    keyword(words, nth = 0) {
      text ??= source.slice(stmt.start, stmt.end);
      const at = keywordOffset(text, words, nth);
      return at === undefined ? undefined : stmt.start + at - stmt.base;
    },
    snippet() {
      const opening = source.slice(stmt.start, Math.min(stmt.end, stmt.start + 240)).replace(/\s+/g, " ").trim();
      return opening.length > 60 ? `${opening.slice(0, 57)}…` : opening;
    },
  };

  // Depth-first over the statement's JSON with an explicit stack: expressions can nest deeper
  // than the call stack allows (a long chain of a + b + ...).
  const stack: unknown[] = [];
  const walk = (root: unknown): void => {
    stack.push(root);
    while (stack.length > 0) {
      const value = stack.pop();
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) if (value[i] !== null && typeof value[i] === "object") stack.push(value[i]);
        continue;
      }
      const obj = value as Record<string, unknown>;
      for (const key in obj) {
        const child = obj[key];
        if (child === null || typeof child !== "object" || LEAVES.has(key)) continue;
        const first = key.charCodeAt(0);
        // Wrapped nodes are the only keys that start with a capital letter.
        if (first >= 65 && first <= 90) {
          const handlers = dispatch.get(key);
          if (handlers) {
            for (const h of handlers) {
              current = h.rule;
              h.fn(child, ctx);
            }
          }
        }
        stack.push(child);
      }
    }
  };

  return {
    findings,
    get statements() {
      return count;
    },
    run(statements) {
      for (const s of statements) {
        stmt = s;
        count++;
        text = undefined;
        category = categorize(s);
        if ("TransactionStmt" in s.node) {
          const kind = s.node.TransactionStmt.kind;
          if (kind === "TRANS_STMT_BEGIN" || kind === "TRANS_STMT_START") tx = { explicit: true, ddl: 0, dml: 0, mixedReported: false };
          else if (kind === "TRANS_STMT_COMMIT" || kind === "TRANS_STMT_ROLLBACK" || kind === "TRANS_STMT_PREPARE") tx = { explicit: false, ddl: 0, dml: 0, mixedReported: false };
        }
        catalog.apply(s);
        walk(s.node);
        for (const rule of statementRules) {
          current = rule;
          rule.statement?.(ctx);
        }
        if (tx.explicit && category === "ddl") tx.ddl++;
        if (tx.explicit && category === "dml") tx.dml++;
      }
    },
  };
}
