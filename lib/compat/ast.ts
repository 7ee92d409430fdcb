import type { A_Const, DefElem, Node, RangeVar, TypeName } from "libpg-query";

/** Small readers for libpg-query's JSON AST, where every list item is wrapped as `{ Type: {...} }`. */

export function stringOf(node: Node | undefined): string | undefined {
  return node && "String" in node ? node.String.sval : undefined;
}

export function stringsOf(list: Node[] | undefined): string[] {
  const out: string[] = [];
  if (list) for (const n of list) if ("String" in n && n.String.sval !== undefined) out.push(n.String.sval);
  return out;
}

/** The unqualified type name, lower case: `pg_catalog.int4` → "int4", `timestamptz` → "timestamptz". */
export function typeNameOf(t: TypeName | undefined): string {
  const names = t?.names;
  return names?.length ? (stringOf(names[names.length - 1]) ?? "").toLowerCase() : "";
}

/** Integer type modifiers, e.g. varchar(200) → [200], numeric(12,2) → [12, 2]. */
export function typmodsOf(t: TypeName | undefined): number[] {
  const out: number[] = [];
  for (const m of t?.typmods ?? NONE) {
    const n = "A_Const" in m ? constNumber(m.A_Const) : undefined;
    if (n !== undefined) out.push(n);
  }
  return out;
}

const NONE: Node[] = [];

function constNumber(c: A_Const): number | undefined {
  if (c.ival) return c.ival.ival ?? 0;
  if (c.fval?.fval) return Number(c.fval.fval);
  return undefined;
}

export function defElem(list: Node[] | undefined, name: string): DefElem | undefined {
  if (list) for (const n of list) if ("DefElem" in n && n.DefElem.defname === name) return n.DefElem;
  return undefined;
}

/** A numeric DefElem argument (`CACHE 65536`); large values arrive as Float strings. */
export function defNumber(d: DefElem | undefined): number | undefined {
  const arg = d?.arg;
  if (!arg) return undefined;
  if ("Integer" in arg) return arg.Integer.ival ?? 0;
  if ("Float" in arg) return Number(arg.Float.fval);
  return undefined;
}

export function relationName(rv: RangeVar | undefined): string {
  if (!rv) return "";
  return rv.schemaname ? `${rv.schemaname}.${rv.relname}` : (rv.relname ?? "");
}

export const SERIAL_TYPES = new Set(["serial", "serial4", "bigserial", "serial8", "smallserial", "serial2"]);
export const INTEGER_TYPES = new Set(["int2", "int4", "int8", "smallint", "integer", "int", "bigint"]);
export const TIME_TYPES = new Set(["timestamp", "timestamptz", "date"]);

const FIXED_WIDTH: Record<string, number> = {
  bool: 1, char: 1, int2: 2, int4: 4, int8: 8, float4: 4, float8: 8, date: 4, time: 8, timetz: 12,
  timestamp: 8, timestamptz: 8, uuid: 16, oid: 4, interval: 16, money: 8,
  serial: 4, serial4: 4, serial2: 2, smallserial: 2, bigserial: 8, serial8: 8,
};

/**
 * Bytes a key column takes when it holds a value of its declared maximum length written in
 * ASCII (the smallest such value); undefined when the type has no declared bound.
 */
export function declaredKeyWidth(type: string, typmods: number[]): number | undefined {
  if (type in FIXED_WIDTH) return FIXED_WIDTH[type];
  if ((type === "varchar" || type === "bpchar") && typmods.length > 0) return typmods[0];
  if (type === "numeric" && typmods.length > 0) return Math.ceil(typmods[0] / 4) * 2 + 3;
  return undefined;
}

/** Words joined by single spaces, skipping absent ones: phrase("ADD CONSTRAINT", name, "UNIQUE"). */
export function phrase(...words: (string | undefined)[]): string {
  return words.filter((w) => w).join(" ");
}
