/**
 * CloudWatch metric math, the subset a dashboard uses: arithmetic (+ - * / ^) on query ids and
 * numbers with parentheses, comparisons and AND/OR, IF, FILL, SUM/AVG/MIN/MAX, ABS/CEIL/FLOOR,
 * DIFF/RATE and METRICS(). Time series combine on the timestamps they share, as in CloudWatch;
 * points that come out NaN or infinite (x / 0) are dropped and reported.
 */

export interface Series {
  /** Ascending epoch milliseconds. */
  ts: number[];
  vs: number[];
}

export type MathValue = number | Series | Series[];

export class MathError extends Error {}

export interface MathContext {
  /** The value of another query by id (undefined: no such id). */
  ref(id: string): MathValue | undefined;
  /** The MetricStat queries' series, in request order, with their ids (for METRICS()). */
  metrics(): { id: string; series: Series }[];
  /** Every timestamp of the query window at the expression's period (for FILL and scalars). */
  grid: number[];
  /** Period in seconds (for RATE). */
  periodS: number;
}

export type Node =
  | { t: "num"; v: number }
  | { t: "str"; v: string }
  | { t: "ref"; id: string }
  | { t: "neg"; e: Node }
  | { t: "not"; e: Node }
  | { t: "bin"; op: string; a: Node; b: Node }
  | { t: "call"; fn: string; args: Node[] }
  | { t: "list"; items: Node[] };

const TOKEN = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|("[^"]*"|'[^']*')|(>=|<=|==|!=|&&|\|\||[-+*/^()[\],<>!]))/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (!m) throw new MathError(`Unexpected character at position ${pos + 1}: '${src.slice(pos).trim()[0]}'`);
    out.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
    pos = TOKEN.lastIndex;
  }
  return out;
}

/** Parses an expression; throws MathError naming what is wrong. */
export function parseExpression(src: string): Node {
  const toks = tokenize(src);
  if (!toks.length) throw new MathError("The expression is empty");
  let i = 0;
  const peek = () => toks[i];
  const take = (expect?: string) => {
    const t = toks[i++];
    if (t === undefined) throw new MathError(`Unexpected end of expression${expect ? `, expected '${expect}'` : ""}`);
    if (expect && t !== expect) throw new MathError(`Expected '${expect}' but found '${t}'`);
    return t;
  };
  const upper = (t: string | undefined) => t?.toUpperCase();

  function binary(next: () => Node, ops: string[]): () => Node {
    return () => {
      let a = next();
      while (peek() !== undefined && ops.includes(upper(peek())!)) {
        let op = upper(take())!;
        if (op === "AND") op = "&&";
        if (op === "OR") op = "||";
        a = { t: "bin", op, a, b: next() };
      }
      return a;
    };
  }
  function unary(): Node {
    if (peek() === "-") {
      take();
      return { t: "neg", e: unary() };
    }
    if (peek() === "+") {
      take();
      return unary();
    }
    if (peek() === "!" || upper(peek()) === "NOT") {
      take();
      return { t: "not", e: unary() };
    }
    return power();
  }
  function power(): Node {
    const a = primary();
    if (peek() === "^") {
      take();
      return { t: "bin", op: "^", a, b: unary() };
    }
    return a;
  }
  function primary(): Node {
    const t = take();
    if (/^[\d.]/.test(t)) return { t: "num", v: Number(t) };
    if (t[0] === '"' || t[0] === "'") return { t: "str", v: t.slice(1, -1) };
    if (t === "(") {
      const e = or();
      take(")");
      return e;
    }
    if (t === "[") {
      const items: Node[] = [];
      if (peek() !== "]") {
        do items.push(or());
        while (peek() === "," && take());
      }
      take("]");
      return { t: "list", items };
    }
    if (/^[A-Za-z_]/.test(t)) {
      if (peek() === "(") {
        take();
        const args: Node[] = [];
        if (peek() !== ")") {
          do args.push(or());
          while (peek() === "," && take());
        }
        take(")");
        return { t: "call", fn: t.toUpperCase(), args };
      }
      return { t: "ref", id: t };
    }
    throw new MathError(`Unexpected '${t}'`);
  }
  const mul = binary(unary, ["*", "/"]);
  const add = binary(mul, ["+", "-"]);
  const cmp = binary(add, [">", "<", ">=", "<=", "==", "!="]);
  const and = binary(cmp, ["&&", "AND"]);
  const or = binary(and, ["||", "OR"]);
  const root = or();
  if (i < toks.length) throw new MathError(`Unexpected '${toks[i]}' after the end of the expression`);
  return root;
}

/** Ids an expression refers to (to order evaluation and report unknown ids). */
export function references(node: Node): string[] {
  switch (node.t) {
    case "ref":
      return [node.id];
    case "neg":
    case "not":
      return references(node.e);
    case "bin":
      return [...references(node.a), ...references(node.b)];
    case "call":
      return node.args.flatMap(references);
    case "list":
      return node.items.flatMap(references);
    default:
      return [];
  }
}
