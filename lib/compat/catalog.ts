import type { AlterTableStmt, ColumnDef, Constraint, CreateStmt, IndexStmt, Node, RangeVar } from "libpg-query";
import { defElem, SERIAL_TYPES, stringsOf, typeNameOf, typmodsOf } from "./ast";
import type { Statement } from "./parse";

/**
 * What a file has said about its tables so far, statement by statement: columns and how they
 * are generated, and the keys each statement declares. Key rules need it because a dump
 * declares a column in CREATE TABLE, its nextval default in one ALTER TABLE and the primary
 * key in another. Tables are keyed by unqualified name (search_path is not followed).
 */

export interface ColumnInfo {
  name: string;
  type: string;
  typmods: number[];
  isArray: boolean;
  /** Filled from a sequence: serial types, identity, a nextval() default or OWNED BY. */
  generated: "serial" | "identity" | "sequence" | undefined;
}

export interface TableInfo {
  name: string;
  columns: Map<string, ColumnInfo>;
  indexes: number;
}

/** A key declared by the current statement. `location` is an AST location (statement-relative). */
export interface KeyDecl {
  kind: "primary" | "unique" | "index";
  table: TableInfo | undefined;
  tableName: string;
  /** Column names; null for an expression. */
  columns: (string | null)[];
  location: number | undefined;
}

export class Catalog {
  readonly tables = new Map<string, TableInfo>();
  tablesCreated = 0;
  /** Keys declared by the statement last applied. */
  keys: KeyDecl[] = [];

  table(rv: RangeVar | undefined): TableInfo | undefined {
    return rv?.relname ? this.tables.get(rv.relname) : undefined;
  }

  apply(stmt: Statement): void {
    this.keys = [];
    const node = stmt.node;
    if ("CreateStmt" in node) this.createTable(node.CreateStmt);
    else if ("AlterTableStmt" in node) this.alterTable(node.AlterTableStmt);
    else if ("IndexStmt" in node) this.index(node.IndexStmt);
    else if ("CreateSeqStmt" in node) this.ownedBy(node.CreateSeqStmt.options);
    else if ("AlterSeqStmt" in node) this.ownedBy(node.AlterSeqStmt.options);
  }

  private createTable(s: CreateStmt) {
    const name = s.relation?.relname;
    if (!name) return;
    const table: TableInfo = { name, columns: new Map(), indexes: 0 };
    this.tables.set(name, table);
    this.tablesCreated++;
    for (const elt of s.tableElts ?? []) {
      if ("ColumnDef" in elt) this.addColumn(table, elt.ColumnDef);
      else if ("Constraint" in elt) this.tableConstraint(table, elt.Constraint);
    }
  }

  private addColumn(table: TableInfo, def: ColumnDef) {
    const name = def.colname ?? "";
    const type = typeNameOf(def.typeName);
    const column: ColumnInfo = {
      name,
      type,
      typmods: typmodsOf(def.typeName),
      isArray: (def.typeName?.arrayBounds?.length ?? 0) > 0,
      generated: SERIAL_TYPES.has(type) ? "serial" : undefined,
    };
    table.columns.set(name, column);
    for (const c of constraintsOf(def.constraints)) {
      if (c.contype === "CONSTR_IDENTITY") column.generated = "identity";
      else if (c.contype === "CONSTR_DEFAULT" && isNextval(c.raw_expr)) column.generated ??= "sequence";
      else if (c.contype === "CONSTR_PRIMARY" || c.contype === "CONSTR_UNIQUE") this.declare(table, c, [name]);
    }
  }

  private tableConstraint(table: TableInfo, c: Constraint) {
    if (c.contype === "CONSTR_PRIMARY" || c.contype === "CONSTR_UNIQUE") this.declare(table, c, stringsOf(c.keys));
  }

  private declare(table: TableInfo, c: Constraint, columns: string[]) {
    const kind = c.contype === "CONSTR_PRIMARY" ? "primary" : "unique";
    if (kind === "unique") table.indexes++;
    this.keys.push({ kind, table, tableName: table.name, columns, location: c.location });
  }

  private alterTable(s: AlterTableStmt) {
    if (s.objtype !== "OBJECT_TABLE") return;
    const table = this.table(s.relation);
    if (!table) return;
    for (const n of s.cmds ?? []) {
      if (!("AlterTableCmd" in n)) continue;
      const cmd = n.AlterTableCmd;
      const def = cmd.def;
      const column = cmd.name ? table.columns.get(cmd.name) : undefined;
      switch (cmd.subtype) {
        case "AT_AddColumn":
          if (def && "ColumnDef" in def) this.addColumn(table, def.ColumnDef);
          break;
        case "AT_DropColumn":
          if (cmd.name) table.columns.delete(cmd.name);
          break;
        case "AT_ColumnDefault":
          if (column && isNextval(def)) column.generated ??= "sequence";
          break;
        case "AT_AddIdentity":
          if (column) column.generated = "identity";
          break;
        case "AT_AddConstraint":
          if (def && "Constraint" in def) this.tableConstraint(table, def.Constraint);
          break;
      }
    }
  }

  private index(s: IndexStmt) {
    const table = this.table(s.relation);
    if (table) table.indexes++;
    const columns = (s.indexParams ?? []).map((p) => ("IndexElem" in p ? (p.IndexElem.name ?? null) : null));
    this.keys.push({ kind: "index", table, tableName: s.relation?.relname ?? "", columns, location: undefined });
  }

  /** `OWNED BY t.c` ties a sequence to a column: the column is then sequence-filled in practice. */
  private ownedBy(options: Node[] | undefined) {
    const owner = defElem(options, "owned_by");
    const arg = owner?.arg;
    const parts = arg && "List" in arg ? stringsOf(arg.List.items) : [];
    if (parts.length < 2) return;
    const column = this.tables.get(parts[parts.length - 2])?.columns.get(parts[parts.length - 1]);
    if (column) column.generated ??= "sequence";
  }
}

const NO_CONSTRAINTS: Constraint[] = [];

export function constraintsOf(list: Node[] | undefined): Constraint[] {
  if (!list?.length) return NO_CONSTRAINTS;
  const out: Constraint[] = [];
  for (const n of list) if ("Constraint" in n) out.push(n.Constraint);
  return out;
}

function isNextval(expr: Node | undefined): boolean {
  if (!expr) return false;
  // nextval('s'::regclass) arrives as a FuncCall, possibly inside a TypeCast.
  if ("TypeCast" in expr) return isNextval(expr.TypeCast.arg);
  if (!("FuncCall" in expr)) return false;
  const names = stringsOf(expr.FuncCall.funcname);
  return names[names.length - 1] === "nextval";
}

