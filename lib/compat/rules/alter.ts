import type { AlterTableCmd, AlterTableStmt, Constraint } from "libpg-query";
import { phrase, relationName, stringsOf } from "../ast";
import { constraintsOf } from "../catalog";
import type { Rule, RuleContext } from "../engine";
import { ALTER_AUGUST, FOREIGN_KEYS, SRC } from "./sources";

/** Foreign keys and ALTER TABLE: what DSQL accepts on a table that already exists. */

function commandsOf(n: AlterTableStmt): AlterTableCmd[] {
  const out: AlterTableCmd[] = [];
  if (n.objtype === "OBJECT_TABLE") for (const c of n.cmds ?? []) if ("AlterTableCmd" in c) out.push(c.AlterTableCmd);
  return out;
}

function fkText(c: Constraint): string {
  return `FOREIGN KEY (${stringsOf(c.fk_attrs).join(", ")}) REFERENCES ${relationName(c.pktable)}${c.pk_attrs?.length ? ` (${stringsOf(c.pk_attrs).join(", ")})` : ""}`;
}

export const foreignKey: Rule = {
  id: "foreign-key",
  title: "Foreign keys",
  severity: "info",
  since: FOREIGN_KEYS,
  source: SRC.foreignKeys,
  verified: true,
  explanation: "DSQL enforces foreign keys since August 2026; each checked write also reads the referenced row, and clusters or tools that predate the change reject them.",
  suggestion: "Nothing to change; index the referencing columns (CREATE INDEX ASYNC) so that deletes on the parent stay cheap.",
  visit: {
    CreateStmt: (n, ctx) => {
      for (const elt of n.tableElts ?? []) {
        const constraints = "ColumnDef" in elt ? constraintsOf(elt.ColumnDef.constraints) : "Constraint" in elt ? [elt.Constraint] : [];
        for (const c of constraints) if (c.contype === "CONSTR_FOREIGN") ctx.report(c.location, `${relationName(n.relation)} references ${relationName(c.pktable)}`);
      }
    },
    AlterTableStmt: (n, ctx) => {
      for (const cmd of commandsOf(n)) {
        const c = cmd.subtype === "AT_AddConstraint" && cmd.def && "Constraint" in cmd.def ? cmd.def.Constraint : undefined;
        if (c?.contype === "CONSTR_FOREIGN" && c.skip_validation) ctx.report(c.location, `${relationName(n.relation)} references ${relationName(c.pktable)}`);
      }
    },
  },
};

export const foreignKeyNotValid: Rule = {
  id: "foreign-key-not-valid",
  title: "Foreign key added to an existing table without NOT VALID",
  severity: "error",
  since: FOREIGN_KEYS,
  source: SRC.foreignKeys,
  verified: true,
  explanation: "DSQL adds a foreign key to an existing table only as NOT VALID, checking the existing rows afterwards with ALTER TABLE ASYNC ... VALIDATE CONSTRAINT.",
  suggestion: "Add the constraint NOT VALID, then validate it asynchronously in a separate transaction.",
  visit: {
    AlterTableStmt: (n, ctx) => {
      for (const cmd of commandsOf(n)) {
        const c = cmd.subtype === "AT_AddConstraint" && cmd.def && "Constraint" in cmd.def ? cmd.def.Constraint : undefined;
        if (c?.contype !== "CONSTR_FOREIGN" || c.skip_validation) continue;
        const table = relationName(n.relation);
        const name = c.conname ?? `${n.relation?.relname}_${stringsOf(c.fk_attrs).join("_")}_fkey`;
        ctx.report(c.location, `Foreign key ${name} on ${table}`, `ALTER TABLE ${table} ADD CONSTRAINT ${name} ${fkText(c)} NOT VALID; then ALTER TABLE ASYNC ${table} VALIDATE CONSTRAINT ${name};`);
      }
    },
  },
};

export const validateConstraintSync: Rule = {
  id: "validate-constraint-sync",
  title: "VALIDATE CONSTRAINT without ASYNC",
  severity: "error",
  since: ALTER_AUGUST,
  source: SRC.releaseNotes,
  verified: true,
  explanation: "DSQL validates NOT VALID constraints only as a background job, with ALTER TABLE ASYNC ... VALIDATE CONSTRAINT.",
  suggestion: "Write ALTER TABLE ASYNC ... VALIDATE CONSTRAINT and follow the job in sys.jobs.",
  visit: {
    AlterTableStmt: (n, ctx) => {
      if (ctx.stmt.async) return;
      for (const cmd of commandsOf(n)) {
        if (cmd.subtype === "AT_ValidateConstraint") ctx.report(undefined, `VALIDATE CONSTRAINT ${cmd.name}`, `ALTER TABLE ASYNC ${relationName(n.relation)} VALIDATE CONSTRAINT ${cmd.name};`);
      }
    },
  },
};

/** Sub-commands DSQL accepts (as of the rule-set date), and those other rules report. */
const ALLOWED = new Set([
  "AT_ChangeOwner", "AT_SetIdentity", "AT_DropIdentity", // GA and sequences
  "AT_ColumnDefault", "AT_DropNotNull", "AT_DropExpression", "AT_AddIdentity", "AT_DropConstraint", // 6 Jul 2026
  "AT_DropColumn", "AT_ValidateConstraint", // 3 Aug 2026
]);
const REPORTED_ELSEWHERE = new Set([
  "AT_EnableRowSecurity", "AT_ForceRowSecurity", "AT_AttachPartition", "AT_DetachPartition", "AT_DetachPartitionFinalize",
  "AT_AddInherit", "AT_SetTableSpace", "AT_SetUnLogged",
]);
const LABEL: Record<string, string> = {
  AT_AlterColumnType: "ALTER COLUMN ... TYPE",
  AT_SetNotNull: "SET NOT NULL",
  AT_SetStatistics: "SET STATISTICS",
  AT_SetStorage: "SET STORAGE",
  AT_SetCompression: "SET COMPRESSION",
  AT_SetRelOptions: "SET (storage parameters)",
  AT_ResetRelOptions: "RESET (storage parameters)",
  AT_ReplicaIdentity: "REPLICA IDENTITY",
  AT_ClusterOn: "CLUSTER ON",
  AT_AlterConstraint: "ALTER CONSTRAINT",
  AT_SetLogged: "SET LOGGED",
  AT_DisableRowSecurity: "DISABLE ROW LEVEL SECURITY",
  AT_NoForceRowSecurity: "NO FORCE ROW LEVEL SECURITY",
  AT_DropInherit: "NO INHERIT",
  AT_SetExpression: "SET EXPRESSION",
};

function labelOf(subtype: string): string {
  if (LABEL[subtype]) return LABEL[subtype];
  if (subtype.includes("Trig")) return "ENABLE/DISABLE TRIGGER";
  if (subtype.includes("Rule")) return "ENABLE/DISABLE RULE";
  return subtype.startsWith("AT_") ? subtype.slice(3) : subtype;
}

function checkCommand(ctx: RuleContext, table: string, cmd: AlterTableCmd) {
  const subtype = cmd.subtype ?? "";
  if (ALLOWED.has(subtype) || REPORTED_ELSEWHERE.has(subtype)) return;
  const def = cmd.def;
  if (subtype === "AT_AddColumn" && def && "ColumnDef" in def) {
    const kinds = constraintsOf(def.ColumnDef.constraints).map((c) => CONSTRAINT_WORD[c.contype ?? ""] ?? "a constraint");
    if (kinds.length > 0) {
      ctx.report(
        def.ColumnDef.constraints?.[0] && "Constraint" in def.ColumnDef.constraints[0] ? def.ColumnDef.constraints[0].Constraint.location : def.ColumnDef.location,
        `ADD COLUMN ${def.ColumnDef.colname} with ${[...new Set(kinds)].join(", ")}`,
        `ALTER TABLE ${table} ADD COLUMN ${def.ColumnDef.colname} <type>; then, in separate transactions, SET DEFAULT; NOT NULL and UNIQUE cannot be added to an existing column (UNIQUE: CREATE UNIQUE INDEX ASYNC, then ADD CONSTRAINT ... UNIQUE USING INDEX).`,
      );
    }
    return;
  }
  if (subtype === "AT_AddConstraint" && def && "Constraint" in def) {
    const c = def.Constraint;
    switch (c.contype) {
      case "CONSTR_FOREIGN":
      case "CONSTR_EXCLUSION":
        return; // foreign-key-not-valid and exclusion-constraint
      case "CONSTR_CHECK":
        if (!c.skip_validation) ctx.report(c.location, phrase("ADD CONSTRAINT", c.conname, "CHECK without NOT VALID"), `Add the CHECK constraint NOT VALID, then ALTER TABLE ASYNC ${table} VALIDATE CONSTRAINT ${c.conname ?? "<name>"};`);
        return;
      case "CONSTR_UNIQUE":
        if (c.indexname) return; // UNIQUE USING INDEX is supported
        ctx.report(c.location, phrase("ADD CONSTRAINT", c.conname, "UNIQUE"), `CREATE UNIQUE INDEX ASYNC ${c.conname ?? "<name>"}_idx ON ${table} (${stringsOf(c.keys).join(", ")}); then ALTER TABLE ${table} ADD CONSTRAINT ${c.conname ?? "<name>"} UNIQUE USING INDEX ${c.conname ?? "<name>"}_idx;`);
        return;
      case "CONSTR_PRIMARY":
        ctx.report(c.location, `ADD PRIMARY KEY (${stringsOf(c.keys).join(", ")}) to ${table}`, "Declare the primary key in CREATE TABLE: DSQL cannot add one to an existing table (re-create the table and copy the rows).");
        return;
      default:
        ctx.report(c.location, phrase("ADD CONSTRAINT", c.conname));
        return;
    }
  }
  ctx.report(undefined, `ALTER TABLE ${table} ${labelOf(subtype)}`);
}

const CONSTRAINT_WORD: Record<string, string> = {
  CONSTR_NOTNULL: "NOT NULL",
  CONSTR_NULL: "NULL",
  CONSTR_DEFAULT: "DEFAULT",
  CONSTR_CHECK: "CHECK",
  CONSTR_PRIMARY: "PRIMARY KEY",
  CONSTR_UNIQUE: "UNIQUE",
  CONSTR_FOREIGN: "REFERENCES",
  CONSTR_IDENTITY: "GENERATED AS IDENTITY",
  CONSTR_GENERATED: "GENERATED ALWAYS AS",
};

export const alterTableAction: Rule = {
  id: "alter-table-action",
  title: "ALTER TABLE forms DSQL does not accept",
  severity: "error",
  since: FOREIGN_KEYS,
  source: SRC.alterTable,
  verified: true,
  explanation: "DSQL's ALTER TABLE accepts only a subset of forms (ADD COLUMN name type, RENAME, OWNER TO, identity changes, SET/DROP DEFAULT, DROP NOT NULL, DROP COLUMN/CONSTRAINT, NOT VALID constraints).",
  suggestion: "Re-create the table with the new definition and copy the rows across in batches.",
  visit: {
    AlterTableStmt: (n, ctx) => {
      const table = relationName(n.relation);
      for (const cmd of commandsOf(n)) checkCommand(ctx, table, cmd);
    },
  },
};
