import { defElem, phrase, relationName, stringOf, stringsOf, typeNameOf } from "../ast";
import type { Rule } from "../engine";
import { GA, SRC } from "./sources";

/** Objects and commands DSQL does not have at all. */

export const trigger: Rule = {
  id: "trigger",
  title: "Triggers",
  severity: "error",
  since: GA,
  source: SRC.unsupported,
  verified: true,
  explanation: "DSQL does not support triggers.",
  suggestion: "Move the trigger's work into the application code (or the statements) that write the table.",
  visit: {
    CreateTrigStmt: (n, ctx) => ctx.report(undefined, `Trigger ${n.trigname} on ${relationName(n.relation)}`),
  },
};

export const eventTrigger: Rule = {
  id: "event-trigger",
  title: "Event triggers",
  severity: "error",
  since: GA,
  source: SRC.unsupported,
  verified: true,
  explanation: "DSQL does not support event triggers.",
  suggestion: "Run the DDL bookkeeping from your migration tool instead of an event trigger.",
  visit: {
    CreateEventTrigStmt: (n, ctx) => ctx.report(undefined, `Event trigger ${n.trigname}`),
    AlterEventTrigStmt: (n, ctx) => ctx.report(undefined, `Event trigger ${n.trigname}`),
  },
};

export const functionLanguage: Rule = {
  id: "function-language",
  title: "Functions in languages other than SQL",
  severity: "error",
  since: GA,
  source: SRC.unsupported,
  verified: true,
  explanation: "DSQL runs only LANGUAGE sql functions and procedures; PL/pgSQL and every other language are unavailable.",
  suggestion: "Rewrite the function in plain SQL (LANGUAGE sql, one query or BEGIN ATOMIC), or move the logic to the application.",
  visit: {
    CreateFunctionStmt: (n, ctx) => {
      const language = defElem(n.options, "language");
      const name = stringOf(language?.arg)?.toLowerCase();
      if (name && name !== "sql") ctx.report(language?.location, `${n.is_procedure ? "Procedure" : "Function"} ${stringsOf(n.funcname).join(".")} in LANGUAGE ${name}`);
    },
    DoStmt: (n, ctx) => {
      const name = (stringOf(defElem(n.args, "language")?.arg) ?? "plpgsql").toLowerCase();
      ctx.report(undefined, `DO block in ${name}`, "Run the block's statements from the migration tool or the application; DSQL has no procedural language.");
    },
    CreatePLangStmt: (n, ctx) => ctx.report(undefined, `CREATE LANGUAGE ${n.plname}`),
  },
};

const EXTENSION_HINTS: Record<string, string> = {
  pgcrypto: "gen_random_uuid() is built in; drop the extension and hash in the application.",
  "uuid-ossp": "Use the built-in gen_random_uuid() instead of uuid_generate_v4().",
  postgis: "DSQL has no spatial types: store coordinates in numeric columns and do the geometry in the application.",
  vector: "DSQL has no vector type: keep embeddings in a vector store.",
  pg_trgm: "DSQL has no trigram indexes: use a search service for fuzzy matching.",
};

export const extension: Rule = {
  id: "extension",
  title: "Extensions",
  severity: "error",
  since: GA,
  source: SRC.unsupported,
  verified: true,
  explanation: "DSQL blocks CREATE EXTENSION: no PostgreSQL extension can be installed.",
  suggestion: "Remove the extension and replace what it provided with built-in functions or application code.",
  visit: {
    CreateExtensionStmt: (n, ctx) => ctx.report(undefined, `CREATE EXTENSION ${n.extname}`, EXTENSION_HINTS[n.extname ?? ""]),
  },
};

export const createType: Rule = {
  id: "create-type",
  title: "Enums and CREATE TYPE",
  severity: "error",
  since: GA,
  source: SRC.unsupported,
  verified: true,
  explanation: "DSQL does not support CREATE TYPE, so enum, composite and range types cannot be created (CREATE DOMAIN is supported).",
  suggestion: "Use a built-in type with a CHECK constraint, or a lookup table.",
  visit: {
    CreateEnumStmt: (n, ctx) =>
      ctx.report(undefined, `Enum type ${stringsOf(n.typeName).join(".")}`, `Use a text column with CHECK (col IN (${(stringsOf(n.vals).map((v) => `'${v}'`).join(", ") || "...")})), or a lookup table.`),
    AlterEnumStmt: (n, ctx) => ctx.report(undefined, `ALTER TYPE ${stringsOf(n.typeName).join(".")}`),
    CompositeTypeStmt: (n, ctx) => ctx.report(undefined, `Composite type ${relationName(n.typevar)}`, "Store the fields as columns, or as a JSONB value."),
    CreateRangeStmt: (n, ctx) => ctx.report(undefined, `Range type ${stringsOf(n.typeName).join(".")}`, "Store the bounds in two columns with a CHECK (lower <= upper)."),
    DefineStmt: (n, ctx) => {
      if (n.kind === "OBJECT_TYPE") ctx.report(undefined, `Type ${stringsOf(n.defnames).join(".")}`);
    },
  },
};

export const materializedView: Rule = {
  id: "materialized-view",
  title: "Materialized views",
  severity: "error",
  since: GA,
  source: SRC.unsupported,
  verified: true,
  explanation: "DSQL does not support materialized views.",
  suggestion: "Use a plain view, or a table the application refreshes (in batches under 3,000 rows per transaction).",
  visit: {
    CreateTableAsStmt: (n, ctx) => {
      if (n.objtype === "OBJECT_MATVIEW") ctx.report(undefined, `Materialized view ${relationName(n.into?.rel)}`);
    },
    RefreshMatViewStmt: (n, ctx) => ctx.report(undefined, `REFRESH MATERIALIZED VIEW ${relationName(n.relation)}`),
  },
};

export const createDatabase: Rule = {
  id: "create-database",
  title: "CREATE DATABASE",
  severity: "error",
  since: GA,
  source: SRC.unsupported,
  verified: true,
  explanation: "A DSQL cluster has exactly one database, postgres, and cannot create another.",
  suggestion: "Use a schema (up to 10 per database) or a separate cluster instead of a database.",
  visit: {
    CreatedbStmt: (n, ctx) => ctx.report(undefined, `CREATE DATABASE ${n.dbname}`),
  },
};

export const alterSystem: Rule = {
  id: "alter-system",
  title: "ALTER SYSTEM",
  severity: "error",
  since: GA,
  source: SRC.unsupported,
  verified: true,
  explanation: "DSQL blocks every ALTER SYSTEM command: server settings are managed by the service.",
  suggestion: "Remove the statement; set session parameters with SET where DSQL allows them.",
  visit: {
    AlterSystemStmt: (n, ctx) => ctx.report(undefined, phrase("ALTER SYSTEM", n.setstmt?.name)),
  },
};

export const vacuum: Rule = {
  id: "vacuum",
  title: "VACUUM",
  severity: "error",
  since: GA,
  source: SRC.unsupported,
  verified: true,
  explanation: "DSQL does not support VACUUM and does not need it: storage is maintained automatically.",
  suggestion: "Remove the VACUUM statement (ANALYZE on its own is allowed outside explicit transactions).",
  visit: {
    VacuumStmt: (n, ctx) => {
      if (n.is_vacuumcmd) ctx.report(undefined, "VACUUM");
    },
  },
};

export const truncate: Rule = {
  id: "truncate",
  title: "TRUNCATE",
  severity: "error",
  since: GA,
  source: SRC.unsupported,
  verified: true,
  explanation: "DSQL does not support TRUNCATE.",
  suggestion: "DELETE the rows in batches of at most 3,000 per transaction, or DROP and re-create the table.",
  visit: {
    TruncateStmt: (n, ctx) =>
      ctx.report(undefined, `TRUNCATE ${(n.relations ?? []).map((r) => ("RangeVar" in r ? relationName(r.RangeVar) : "")).join(", ")}`),
  },
};

export const savepoint: Rule = {
  id: "savepoint",
  title: "SAVEPOINT",
  severity: "error",
  since: GA,
  source: SRC.unsupported,
  verified: true,
  explanation: "DSQL does not support savepoints (SAVEPOINT, RELEASE, ROLLBACK TO).",
  suggestion: "Retry the whole transaction instead of rolling back to a savepoint.",
  visit: {
    TransactionStmt: (n, ctx) => {
      const label = { TRANS_STMT_SAVEPOINT: "SAVEPOINT", TRANS_STMT_RELEASE: "RELEASE SAVEPOINT", TRANS_STMT_ROLLBACK_TO: "ROLLBACK TO SAVEPOINT" }[n.kind as string];
      if (label) ctx.report(undefined, phrase(label, n.savepoint_name));
    },
  },
};

export const listenNotify: Rule = {
  id: "listen-notify",
  title: "LISTEN / NOTIFY",
  severity: "warning",
  since: GA,
  source: SRC.supportedSql,
  verified: false,
  explanation: "No DSQL source lists LISTEN/NOTIFY as supported and a distributed cluster has no shared notification queue; treat it as unavailable until tested.",
  suggestion: "Publish events through a queue (SQS, EventBridge) or DSQL change data capture instead.",
  visit: {
    ListenStmt: (n, ctx) => ctx.report(undefined, `LISTEN ${n.conditionname}`),
    UnlistenStmt: (n, ctx) => ctx.report(undefined, `UNLISTEN ${n.conditionname ?? "*"}`),
    NotifyStmt: (n, ctx) => ctx.report(undefined, `NOTIFY ${n.conditionname}`),
    FuncCall: (n, ctx) => {
      if (stringOf(n.funcname?.[n.funcname.length - 1]) === "pg_notify") ctx.report(n.location, "pg_notify()");
    },
  },
};

export const rowLevelSecurity: Rule = {
  id: "row-level-security",
  title: "Row-level security",
  severity: "warning",
  since: GA,
  source: SRC.systemTables,
  verified: false,
  explanation: "DSQL lists pg_policy as unsupported, so row-level security policies are most likely unavailable (not confirmed by a test).",
  suggestion: "Filter rows in views or in the application, or give each tenant its own schema or cluster.",
  visit: {
    CreatePolicyStmt: (n, ctx) => ctx.report(undefined, `Policy ${n.policy_name} on ${relationName(n.table)}`),
    AlterPolicyStmt: (n, ctx) => ctx.report(undefined, `Policy ${n.policy_name} on ${relationName(n.table)}`),
    AlterTableCmd: (n, ctx) => {
      if (n.subtype === "AT_EnableRowSecurity" || n.subtype === "AT_ForceRowSecurity") ctx.report(undefined, n.subtype === "AT_EnableRowSecurity" ? "ENABLE ROW LEVEL SECURITY" : "FORCE ROW LEVEL SECURITY");
    },
  },
};

const RUNTIME_ONLY = new Set(["inet", "cidr"]);

export const runtimeOnlyType: Rule = {
  id: "runtime-only-type",
  title: "Array and INET column types",
  severity: "warning",
  since: GA,
  source: SRC.dataTypes,
  verified: false,
  explanation: "DSQL lists arrays and inet/cidr as runtime-only types (usable in queries, not as column types) in the copies checked; newer releases may have lifted this.",
  suggestion: "Store arrays as JSONB (supported as a column type since 8 Jun 2026) or in a child table, and addresses as text.",
  visit: {
    ColumnDef: (n, ctx) => {
      const type = typeNameOf(n.typeName);
      if (n.typeName?.arrayBounds?.length) ctx.report(n.typeName.location, `Column ${n.colname} ${type}[]`);
      else if (RUNTIME_ONLY.has(type)) ctx.report(n.typeName?.location, `Column ${n.colname} ${type}`);
    },
  },
};
