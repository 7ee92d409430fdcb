/** The pages and dates the rules cite (see dsql-facts.md section 8 for the dated changes). */

const GUIDE = "https://docs.aws.amazon.com/aurora-dsql/latest/userguide";

export const SRC = {
  unsupported: `${GUIDE}/working-with-postgresql-compatibility-unsupported-features.html`,
  supportedSql: `${GUIDE}/working-with-postgresql-compatibility-supported-sql-features.html`,
  dataTypes: `${GUIDE}/working-with-postgresql-compatibility-supported-data-types.html`,
  createTable: `${GUIDE}/create-table-syntax-support.html`,
  alterTable: `${GUIDE}/alter-table-syntax-support.html`,
  createSequence: `${GUIDE}/create-sequence-syntax-support.html`,
  foreignKeys: `${GUIDE}/working-with-foreign-key-constraints.html`,
  asyncIndex: `${GUIDE}/working-with-create-index-async.html`,
  ddl: `${GUIDE}/working-with-ddl.html`,
  quotas: `${GUIDE}/CHAP_quotas.html`,
  systemTables: `${GUIDE}/working-with-systems-tables.html`,
  releaseNotes: `${GUIDE}/release-notes.html`,
  identityBlog: "https://aws.amazon.com/blogs/database/working-with-identity-columns-and-sequences-in-aurora-dsql",
  postgresSyntax: "https://www.postgresql.org/docs/16/sql-syntax.html",
} as const;

/** General availability: limits documented since then and not lifted by any release note. */
export const GA = "2025-05-27";
/** Sequences and identity columns. */
export const SEQUENCES = "2026-02-13";
/** ALTER TABLE SET/DROP DEFAULT, DROP NOT NULL, DROP EXPRESSION, ADD GENERATED AS IDENTITY, DROP CONSTRAINT. */
export const ALTER_JULY = "2026-07-06";
/** ADD CONSTRAINT CHECK ... NOT VALID, ALTER TABLE ASYNC ... VALIDATE CONSTRAINT, DROP COLUMN. */
export const ALTER_AUGUST = "2026-08-03";
/** Foreign keys (release notes; the What's New post says 27 Aug). */
export const FOREIGN_KEYS = "2026-08-26";
