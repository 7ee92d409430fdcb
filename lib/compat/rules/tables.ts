import { phrase, relationName, stringsOf } from "../ast";
import type { Rule, RuleContext, Visitors } from "../engine";
import { GA, SRC } from "./sources";

/** Kinds of table DSQL does not have, and table options it refuses. */

export const createTableAs: Rule = {
  id: "create-table-as",
  title: "CREATE TABLE ... AS and SELECT INTO",
  severity: "error",
  since: GA,
  source: SRC.unsupported,
  verified: true,
  explanation: "DSQL does not support CREATE TABLE ... AS SELECT (nor SELECT INTO).",
  suggestion: "Create the table with explicit columns and a primary key, then fill it with INSERT ... SELECT in a separate transaction.",
  visit: {
    CreateTableAsStmt: (n, ctx) => {
      if (n.objtype === "OBJECT_TABLE") ctx.report(undefined, `CREATE TABLE ${relationName(n.into?.rel)} AS`);
    },
    SelectStmt: (n, ctx) => {
      if (n.intoClause) ctx.report(undefined, `SELECT INTO ${relationName(n.intoClause.rel)}`);
    },
  },
};

/** CREATE TABLE and CREATE TABLE ... AS with a persistence: "t" temporary, "u" unlogged. */
function tablesWithPersistence(code: "t" | "u", label: string): Visitors {
  return {
    CreateStmt: (n, ctx) => {
      if (n.relation?.relpersistence === code) ctx.report(undefined, `${label} ${relationName(n.relation)}`);
    },
    CreateTableAsStmt: (n, ctx) => {
      if (n.into?.rel?.relpersistence === code) ctx.report(undefined, `${label} ${relationName(n.into.rel)}`);
    },
  };
}

export const temporaryTable: Rule = {
  id: "temporary-table",
  title: "Temporary tables",
  severity: "error",
  since: GA,
  source: SRC.unsupported,
  verified: true,
  explanation: "DSQL does not support temporary tables (or other temporary objects).",
  suggestion: "Use a CTE or a subquery, or a regular table with a session key that the application cleans up.",
  visit: {
    ...tablesWithPersistence("t", "Temporary table"),
    SelectStmt: (n, ctx) => {
      if (n.intoClause?.rel?.relpersistence === "t") ctx.report(undefined, `Temporary table ${relationName(n.intoClause.rel)}`);
    },
    ViewStmt: (n, ctx) => {
      if (n.view?.relpersistence === "t") ctx.report(undefined, `Temporary view ${relationName(n.view)}`, "Create a regular view.");
    },
    CreateSeqStmt: (n, ctx) => {
      if (n.sequence?.relpersistence === "t") ctx.report(undefined, `Temporary sequence ${relationName(n.sequence)}`, "Create a regular sequence.");
    },
  },
};

export const unloggedTable: Rule = {
  id: "unlogged-table",
  title: "Unlogged tables",
  severity: "error",
  since: GA,
  source: SRC.createTable,
  verified: true,
  explanation: "DSQL's CREATE TABLE has no UNLOGGED option: every table is durable and replicated.",
  suggestion: "Drop the UNLOGGED keyword.",
  visit: {
    ...tablesWithPersistence("u", "Unlogged table"),
    AlterTableCmd: (n, ctx) => {
      if (n.subtype === "AT_SetUnLogged") ctx.report(ctx.keyword(["UNLOGGED"]), "SET UNLOGGED", "Remove the SET UNLOGGED command.");
    },
  },
};

export const tablespace: Rule = {
  id: "tablespace",
  title: "Tablespaces",
  severity: "error",
  since: GA,
  source: SRC.unsupported,
  verified: true,
  explanation: "DSQL manages storage itself and does not support tablespaces.",
  suggestion: "Remove the TABLESPACE clause.",
  visit: {
    CreateTableSpaceStmt: (n, ctx) => ctx.report(undefined, `CREATE TABLESPACE ${n.tablespacename}`, "Remove the statement."),
    CreateStmt: (n, ctx) => {
      if (n.tablespacename) ctx.report(tablespaceToken(ctx), `Table ${relationName(n.relation)} in tablespace ${n.tablespacename}`);
    },
    IndexStmt: (n, ctx) => {
      if (n.tableSpace) ctx.report(tablespaceToken(ctx), phrase("Index", n.idxname, `in tablespace ${n.tableSpace}`));
    },
    Constraint: (n, ctx) => {
      if (n.indexspace) ctx.report(tablespaceToken(ctx), `Constraint index in tablespace ${n.indexspace}`);
    },
    AlterTableCmd: (n, ctx) => {
      if (n.subtype === "AT_SetTableSpace") ctx.report(tablespaceToken(ctx), `SET TABLESPACE ${n.name}`);
    },
  },
};

const tablespaceToken = (ctx: RuleContext) => ctx.keyword(["TABLESPACE"]);

export const collation: Rule = {
  id: "collation",
  title: "COLLATE and non-C collations",
  severity: "error",
  since: GA,
  source: SRC.unsupported,
  verified: true,
  explanation: "DSQL uses the C collation only and does not accept COLLATE clauses or new collations.",
  suggestion: "Remove the COLLATE clause; sort with C byte order, or sort in the application where language rules matter.",
  visit: {
    ColumnDef: (n, ctx) => {
      if (n.collClause) ctx.report(n.collClause.location, `Column ${n.colname} COLLATE ${stringsOf(n.collClause.collname).join(".")}`);
    },
    CollateClause: (n, ctx) => ctx.report(n.location, `COLLATE ${stringsOf(n.collname).join(".")}`),
    CreateDomainStmt: (n, ctx) => {
      if (n.collClause) ctx.report(n.collClause.location, `Domain ${stringsOf(n.domainname).join(".")} COLLATE ${stringsOf(n.collClause.collname).join(".")}`);
    },
    IndexElem: (n, ctx) => {
      if (n.collation?.length) ctx.report(ctx.keyword(["COLLATE"]), `Index key COLLATE ${stringsOf(n.collation).join(".")}`);
    },
    DefineStmt: (n, ctx) => {
      if (n.kind === "OBJECT_COLLATION") ctx.report(undefined, `CREATE COLLATION ${stringsOf(n.defnames).join(".")}`, "Remove the collation.");
    },
  },
};

export const exclusionConstraint: Rule = {
  id: "exclusion-constraint",
  title: "Exclusion constraints",
  severity: "error",
  since: GA,
  source: SRC.unsupported,
  verified: true,
  explanation: "DSQL does not support exclusion constraints.",
  suggestion: "Check for overlaps in the writing transaction (SELECT ... FOR UPDATE on the rows that could overlap, then insert).",
  visit: {
    Constraint: (n, ctx) => {
      if (n.contype === "CONSTR_EXCLUSION") ctx.report(n.location, phrase("EXCLUDE constraint", n.conname));
    },
  },
};

export const partitioning: Rule = {
  id: "partitioning",
  title: "Partitioned tables",
  severity: "error",
  since: GA,
  source: SRC.unsupported,
  verified: true,
  explanation: "DSQL does not support table partitioning; it spreads every table across storage by primary key on its own.",
  suggestion: "Create one plain table; put the former partition key into the primary key if queries filter on it.",
  visit: {
    CreateStmt: (n, ctx) => {
      if (n.partspec) ctx.report(n.partspec.location, `Table ${relationName(n.relation)} PARTITION BY`);
      if (n.partbound) ctx.report(n.partbound.location, `Table ${relationName(n.relation)} PARTITION OF`);
    },
    AlterTableCmd: (n, ctx) => {
      if (n.subtype === "AT_AttachPartition" || n.subtype === "AT_DetachPartition" || n.subtype === "AT_DetachPartitionFinalize") ctx.report(undefined, n.subtype === "AT_AttachPartition" ? "ATTACH PARTITION" : "DETACH PARTITION");
    },
  },
};

export const inherits: Rule = {
  id: "inherits",
  title: "Table inheritance",
  severity: "error",
  since: GA,
  source: SRC.unsupported,
  verified: true,
  explanation: "DSQL does not support table inheritance (INHERITS).",
  suggestion: "Copy the parent's columns into the table, or keep the shared columns in one table with a type column.",
  visit: {
    CreateStmt: (n, ctx) => {
      const first = n.inhRelations?.[0];
      if (first && !n.partbound) ctx.report(ctx.keyword(["INHERITS"]), `Table ${relationName(n.relation)} INHERITS ${"RangeVar" in first ? relationName(first.RangeVar) : ""}`);
    },
    AlterTableCmd: (n, ctx) => {
      if (n.subtype === "AT_AddInherit") ctx.report(undefined, "INHERIT");
    },
  },
};
