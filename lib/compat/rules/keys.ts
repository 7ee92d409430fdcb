import { declaredKeyWidth, TIME_TYPES } from "../ast";
import type { KeyDecl, TableInfo } from "../catalog";
import type { Rule } from "../engine";
import { GA, SRC } from "./sources";

/** Key and table limits, and keys whose order concentrates writes. */

const MAX_KEY_COLUMNS = 8;
const MAX_KEY_BYTES = 1024;
const MAX_COLUMNS = 255;
const MAX_TABLES = 1000;

const KIND = { primary: "Primary key", unique: "Unique constraint", index: "Index" } as const;
const keyLabel = (k: KeyDecl) => `${KIND[k.kind]} on ${k.tableName} (${k.columns.map((c) => c ?? "(expression)").join(", ")})`;

export const keyTooManyColumns: Rule = {
  id: "key-too-many-columns",
  title: "Keys with more than 8 columns",
  severity: "error",
  since: GA,
  source: SRC.quotas,
  verified: true,
  explanation: `DSQL allows at most ${MAX_KEY_COLUMNS} columns in a primary key or an index.`,
  suggestion: "Shorten the key: keep the columns queries filter on and move the rest to INCLUDE (...).",
  statement: (ctx) => {
    for (const key of ctx.catalog.keys) {
      if (key.columns.length > MAX_KEY_COLUMNS) ctx.report(key.location, `${keyLabel(key)} has ${key.columns.length} columns`);
    }
  },
};

export const keyTooLarge: Rule = {
  id: "key-too-large",
  title: "Keys that can exceed 1 KiB",
  severity: "warning",
  since: GA,
  source: SRC.quotas,
  verified: true,
  explanation: `DSQL rejects rows whose primary-key or index key is larger than ${MAX_KEY_BYTES} bytes, and the declared column widths allow that.`,
  suggestion: "Key on a shorter column (an id, or a hash of the long value) and keep the long value in a non-key column.",
  statement: (ctx) => {
    for (const key of ctx.catalog.keys) {
      if (!key.table) continue;
      let bytes = 0;
      for (const name of key.columns) {
        const column = name ? key.table.columns.get(name) : undefined;
        bytes += column ? (declaredKeyWidth(column.type, column.typmods) ?? 0) : 0;
      }
      if (bytes > MAX_KEY_BYTES) ctx.report(key.location, `${keyLabel(key)} can reach ${bytes} bytes at the declared lengths`);
    }
  },
};

export const sequentialPrimaryKey: Rule = {
  id: "sequential-primary-key",
  title: "Primary keys that grow in order",
  severity: "warning",
  since: GA,
  source: SRC.identityBlog,
  verified: true,
  explanation: "Keys that increase with every insert (sequence-filled integers, or a timestamp leading the key) send concurrent inserts to the same key range instead of spreading them across DSQL's storage.",
  suggestion: "Use id uuid PRIMARY KEY DEFAULT gen_random_uuid(); keep a cached sequence in a separate column if people need short numbers.",
  statement: (ctx) => {
    for (const key of ctx.catalog.keys) {
      if (key.kind !== "primary" || !key.table) continue;
      const lead = key.columns[0] ? key.table.columns.get(key.columns[0]) : undefined;
      if (!lead) continue;
      if (lead.generated) {
        const how = lead.generated === "identity" ? "an identity column" : lead.generated === "serial" ? `a ${lead.type} column` : "a sequence";
        ctx.report(key.location, `Primary key ${key.tableName} (${key.columns.join(", ")}) is filled from ${how}`, `${lead.name} uuid PRIMARY KEY DEFAULT gen_random_uuid(); keep a cached sequence in another column if people need short numbers.`);
      } else if (TIME_TYPES.has(lead.type)) {
        ctx.report(key.location, `Primary key ${key.tableName} (${key.columns.join(", ")}) starts with ${lead.type} column ${lead.name}`, `Lead the key with a well-spread column (a uuid, or a tenant id) and put ${lead.name} after it.`);
      }
    }
  },
};

const reportedWide = new WeakSet<TableInfo>();

export const tooManyColumns: Rule = {
  id: "too-many-columns",
  title: "Tables with more than 255 columns",
  severity: "error",
  since: GA,
  source: SRC.quotas,
  verified: true,
  explanation: `DSQL allows at most ${MAX_COLUMNS} columns per table.`,
  suggestion: "Split rarely used columns into a second table with the same primary key, or group them in a JSONB column.",
  statement: (ctx) => {
    const node = ctx.stmt.node;
    const rv = "CreateStmt" in node ? node.CreateStmt.relation : "AlterTableStmt" in node ? node.AlterTableStmt.relation : undefined;
    const table = ctx.catalog.table(rv);
    if (!table || table.columns.size <= MAX_COLUMNS || reportedWide.has(table)) return;
    reportedWide.add(table);
    ctx.report(rv?.location, `Table ${table.name} has ${table.columns.size} columns`);
  },
};

export const tooManyTables: Rule = {
  id: "too-many-tables",
  title: "More than 1,000 tables",
  severity: "error",
  since: GA,
  source: SRC.quotas,
  verified: true,
  explanation: `DSQL allows at most ${MAX_TABLES.toLocaleString("en-US")} tables per database.`,
  suggestion: "Merge tables that share a shape (add a discriminator column), or spread the schema over more than one cluster.",
  statement: (ctx) => {
    if (ctx.stmt.kind === "CreateStmt" && ctx.catalog.tablesCreated === MAX_TABLES + 1) ctx.report(undefined, `Table number ${MAX_TABLES + 1}`);
  },
};
