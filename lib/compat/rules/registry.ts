import type { Rule } from "../engine";
import type { RuleInfo } from "../types";
import { alterTableAction, foreignKey, foreignKeyNotValid, validateConstraintSync } from "./alter";
import { indexMethod, indexNotAsync, indexOrdering, tooManyIndexes } from "./indexes";
import { keyTooLarge, keyTooManyColumns, sequentialPrimaryKey, tooManyColumns, tooManyTables } from "./keys";
import * as objects from "./objects";
import * as tables from "./tables";
import { sequenceCache, sequenceType, serial } from "./sequences";
import { GA, SRC } from "./sources";
import { analyzeInTransaction, ddlMixedWithDml, multipleDdl } from "./transactions";

/**
 * The rule set. Its date is the newest DSQL change it was checked against (dsql-facts.md
 * section 8, and the release notes up to 15 Sep 2026, when partial indexes arrived: no rule
 * flags them): DSQL changes month by month, so a report says which state of DSQL it describes,
 * and every rule carries the date of its own behaviour.
 */
export const RULE_SET_DATE = "2026-09-15";

export const RULES: Rule[] = [
  objects.trigger,
  objects.eventTrigger,
  objects.functionLanguage,
  objects.extension,
  sequenceCache,
  sequenceType,
  serial,
  foreignKey,
  foreignKeyNotValid,
  validateConstraintSync,
  alterTableAction,
  tables.temporaryTable,
  tables.unloggedTable,
  objects.materializedView,
  tables.createTableAs,
  objects.createType,
  tables.exclusionConstraint,
  tables.collation,
  tables.partitioning,
  tables.inherits,
  objects.truncate,
  objects.savepoint,
  indexOrdering,
  indexNotAsync,
  indexMethod,
  tooManyIndexes,
  multipleDdl,
  ddlMixedWithDml,
  analyzeInTransaction,
  keyTooManyColumns,
  keyTooLarge,
  sequentialPrimaryKey,
  tooManyColumns,
  tooManyTables,
  tables.tablespace,
  objects.createDatabase,
  objects.alterSystem,
  objects.vacuum,
  objects.listenNotify,
  objects.rowLevelSecurity,
  objects.runtimeOnlyType,
];

/** Text PostgreSQL itself cannot parse: reported like a rule so that CI fails on it. */
export const SYNTAX_ERROR: RuleInfo = {
  id: "syntax-error",
  title: "Syntax errors",
  severity: "error",
  since: GA,
  source: SRC.postgresSyntax,
  verified: true,
  explanation: "PostgreSQL's parser (which DSQL shares) cannot read this statement, so nothing in it was assessed.",
  suggestion: "Fix the syntax; if the statement is valid on your PostgreSQL version, report it with the text that failed.",
};

export function ruleInfo(rule: RuleInfo): RuleInfo {
  const { id, title, severity, since, source, explanation, suggestion, verified } = rule;
  return { id, title, severity, since, source, explanation, suggestion, verified };
}
