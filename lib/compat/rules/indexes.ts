import type { IndexStmt } from "libpg-query";
import { phrase, relationName } from "../ast";
import type { Rule } from "../engine";
import { GA, SRC } from "./sources";

/** Indexes: DSQL builds them asynchronously, B-tree only, without ASC/DESC. */

function asyncForm(n: IndexStmt): string {
  const keys = (n.indexParams ?? []).map((p) => ("IndexElem" in p && p.IndexElem.name ? p.IndexElem.name : "<expression>")).join(", ");
  return `CREATE ${n.unique ? "UNIQUE " : ""}INDEX ASYNC ${n.idxname ?? ""}${n.idxname ? " " : ""}ON ${relationName(n.relation)} (${keys});`;
}

export const indexNotAsync: Rule = {
  id: "index-not-async",
  title: "CREATE INDEX without ASYNC",
  severity: "error",
  since: GA,
  source: SRC.asyncIndex,
  verified: true,
  explanation: "DSQL builds indexes only with CREATE INDEX ASYNC, as a background job tracked in sys.jobs.",
  suggestion: "Use CREATE INDEX ASYNC, then wait for the job in sys.jobs before relying on the index.",
  visit: {
    IndexStmt: (n, ctx) => {
      if (ctx.stmt.async) return;
      const what = `CREATE ${n.unique ? "UNIQUE " : ""}INDEX ${n.concurrent ? "CONCURRENTLY " : ""}${n.idxname ? `${n.idxname} ` : ""}ON ${relationName(n.relation)}`;
      ctx.report(undefined, what, `${asyncForm(n)} Then wait for the job in sys.jobs.`);
    },
  },
};

export const indexOrdering: Rule = {
  id: "index-ordering",
  title: "ASC/DESC in index keys",
  severity: "error",
  since: GA,
  source: SRC.unsupported,
  verified: true,
  explanation: "DSQL index keys take no ASC or DESC (NULLS FIRST/LAST is allowed).",
  suggestion: "Drop ASC/DESC from the key; a B-tree index serves ORDER BY in either direction.",
  visit: {
    IndexStmt: (n, ctx) => {
      let nth = 0;
      for (const p of n.indexParams ?? []) {
        if (!("IndexElem" in p)) continue;
        const ordering = p.IndexElem.ordering;
        if (ordering !== "SORTBY_ASC" && ordering !== "SORTBY_DESC") continue;
        const word = ordering === "SORTBY_ASC" ? "ASC" : "DESC";
        const at = ctx.keyword(["ASC", "DESC"], nth++);
        ctx.report(at, `Index key ${p.IndexElem.name ?? "(expression)"} ${word}`);
      }
    },
  },
};

export const indexMethod: Rule = {
  id: "index-method",
  title: "Index methods other than B-tree",
  severity: "error",
  since: GA,
  source: SRC.asyncIndex,
  verified: true,
  explanation: "DSQL has B-tree indexes only: GIN, GiST, hash, BRIN and SP-GiST are not available.",
  suggestion: "Use a B-tree index on the columns queried, or a search service for full-text and spatial queries.",
  visit: {
    IndexStmt: (n, ctx) => {
      const method = (n.accessMethod ?? "btree").toLowerCase();
      if (method !== "btree") ctx.report(ctx.keyword(["USING"]), phrase("Index", n.idxname, `USING ${method}`));
    },
  },
};

const MAX_INDEXES = 24;

export const tooManyIndexes: Rule = {
  id: "too-many-indexes",
  title: "More than 24 indexes on a table",
  severity: "error",
  since: GA,
  source: SRC.quotas,
  verified: true,
  explanation: `DSQL allows at most ${MAX_INDEXES} indexes per table (unique constraints included).`,
  suggestion: "Drop indexes that overlap (a multi-column index serves queries on its leading columns).",
  statement: (ctx) => {
    for (const key of ctx.catalog.keys) {
      // Reported once, by the statement that creates the 25th.
      if (key.kind !== "primary" && key.table?.indexes === MAX_INDEXES + 1) ctx.report(key.location, `Table ${key.tableName} gets its ${MAX_INDEXES + 1}th index`);
    }
  },
};
