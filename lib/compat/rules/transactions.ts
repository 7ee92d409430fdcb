import type { Rule } from "../engine";
import { GA, SRC } from "./sources";

/**
 * Transaction grouping, from BEGIN/START TRANSACTION ... COMMIT/ROLLBACK in the file. Outside an
 * explicit transaction every statement commits on its own, which DSQL is happy with.
 */

export const multipleDdl: Rule = {
  id: "multiple-ddl-in-transaction",
  title: "More than one DDL statement in a transaction",
  severity: "error",
  since: GA,
  source: SRC.ddl,
  verified: true,
  explanation: "A DSQL transaction may contain only one DDL statement.",
  suggestion: "Commit after each DDL statement (BEGIN; <one DDL>; COMMIT;), or run the DDL statements outside an explicit transaction.",
  statement: (ctx) => {
    if (ctx.tx.explicit && ctx.category === "ddl" && ctx.tx.ddl >= 1) ctx.report(undefined, `"${ctx.snippet()}" is DDL statement ${ctx.tx.ddl + 1} in one transaction`);
  },
};

export const ddlMixedWithDml: Rule = {
  id: "ddl-mixed-with-dml",
  title: "DDL and DML in one transaction",
  severity: "error",
  since: GA,
  source: SRC.ddl,
  verified: true,
  explanation: "A DSQL transaction cannot mix DDL with DML: create or alter in one transaction, write data in the next.",
  suggestion: "COMMIT after the DDL statement and put the INSERT/UPDATE/DELETE statements in their own transaction.",
  statement: (ctx) => {
    const { tx, category } = ctx;
    if (!tx.explicit || tx.mixedReported) return;
    if ((category === "ddl" && tx.dml > 0) || (category === "dml" && tx.ddl > 0)) {
      tx.mixedReported = true;
      ctx.report(undefined, `"${ctx.snippet()}" follows ${category === "ddl" ? "DML" : "DDL"} in the same transaction`);
    }
  },
};

export const analyzeInTransaction: Rule = {
  id: "analyze-in-transaction",
  title: "ANALYZE inside a transaction",
  severity: "error",
  since: GA,
  source: SRC.systemTables,
  verified: true,
  explanation: "DSQL runs ANALYZE only outside an explicit transaction.",
  suggestion: "Move ANALYZE after the COMMIT.",
  statement: (ctx) => {
    const node = ctx.stmt.node;
    if (ctx.tx.explicit && "VacuumStmt" in node && !node.VacuumStmt.is_vacuumcmd) ctx.report(undefined, "ANALYZE");
  },
};
