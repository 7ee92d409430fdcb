import { parser } from "@prometheus-io/lezer-promql";

/**
 * PromQL text → a small expression tree, through the Prometheus project's own Lezer grammar
 * (@prometheus-io/lezer-promql, the one its web UI uses), so quoted UTF-8 names such as
 * `{"db.active_sessions.avg", "@resource.aws.auroradsql.cluster_id"="…"}` parse as CloudWatch's
 * Prometheus 3 dialect does. Only the shapes the evaluator handles are built; anything else the
 * grammar accepts is refused as unsupported rather than guessed at.
 */

type SyntaxNode = ReturnType<typeof parser.parse>["topNode"];

export class PromQLError extends Error {
  constructor(
    message: string,
    /** Prometheus's errorType: bad_data for the caller's mistakes, execution for limits hit while evaluating. */
    readonly errorType: "bad_data" | "execution" = "bad_data",
  ) {
    super(message);
  }
}

export type MatchOp = "=" | "!=" | "=~" | "!~";
export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
}

export type Expr =
  | { kind: "number"; value: number }
  | { kind: "selector"; matchers: Matcher[]; offsetMs: number; rangeMs?: number }
  | { kind: "call"; fn: string; args: Expr[] }
  | { kind: "agg"; op: string; param?: Expr; expr: Expr; by?: string[]; without?: string[] }
  | { kind: "binary"; op: string; lhs: Expr; rhs: Expr; bool: boolean; on?: string[]; ignoring?: string[] }
  | { kind: "neg"; expr: Expr };

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

/** A Prometheus duration (`1h30m`, `90s`) or a number of seconds, in milliseconds. */
export function parseDuration(text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (!parts.length || parts.map((p) => p[0]).join("") !== text) throw new PromQLError(`invalid duration "${text}"`);
  return parts.reduce((ms, p) => ms + Number(p[1]) * UNITS[p[2]], 0);
}

/** A PromQL string literal's value: double and single quotes take Go escapes, backticks are raw. */
function unquote(raw: string): string {
  const q = raw[0];
  if (q === "`") return raw.slice(1, -1);
  const inner = raw.slice(1, -1);
  try {
    return JSON.parse(`"${q === "'" ? inner.replace(/\\'/g, "'").replace(/"/g, '\\"') : inner}"`);
  } catch {
    throw new PromQLError(`invalid string literal ${raw}`);
  }
}

function parseNumber(text: string): number {
  const t = text.toLowerCase().replace(/_/g, "");
  if (t === "inf" || t === "+inf") return Infinity;
  if (t === "-inf") return -Infinity;
  if (t === "nan") return NaN;
  if (/^[+-]?0x/.test(t)) return parseInt(t, 16);
  if (/^[+-]?[\d.]+(e[+-]?\d+)?$/.test(t)) return Number(t);
  return parseDuration(t) / 1000;
}

export function parsePromQL(text: string): Expr {
  if (!text.trim()) throw new PromQLError("empty query");
  const tree = parser.parse(text);
  let bad: SyntaxNode | undefined;
  tree.iterate({
    enter: (n) => {
      if (n.type.isError && !bad) bad = n.node;
    },
  });
  if (bad) throw new PromQLError(`1:${bad.from + 1}: parse error: unexpected ${bad.from >= text.length ? "end of input" : `"${text.slice(bad.from, bad.from + 10)}"`}`);
  const src = (n: SyntaxNode) => text.slice(n.from, n.to);
  const kids = (n: SyntaxNode) => {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
    return out;
  };
  const labelName = (n: SyntaxNode) => (n.name === "QuotedLabelName" ? unquote(src(n.firstChild!)) : src(n));
  const grouping = (n: SyntaxNode) =>
    kids(n)
      .filter((c) => c.name === "LabelName" || c.name === "QuotedLabelName")
      .map(labelName);

  function selector(n: SyntaxNode): Extract<Expr, { kind: "selector" }> {
    const matchers: Matcher[] = [];
    for (const c of kids(n)) {
      if (c.name === "Identifier") matchers.push({ name: "__name__", op: "=", value: src(c) });
      if (c.name !== "LabelMatchers") continue;
      for (const m of kids(c)) {
        // A bare quoted name inside the braces is the metric name (Prometheus 3).
        if (m.name === "QuotedLabelName") matchers.push({ name: "__name__", op: "=", value: unquote(src(m.firstChild!)) });
        else if (m.name === "UnquotedLabelMatcher" || m.name === "QuotedLabelMatcher") {
          const [name, op, value] = kids(m);
          matchers.push({ name: labelName(name), op: src(op) as MatchOp, value: unquote(src(value)) });
        }
      }
    }
    for (const m of matchers) {
      if (m.op === "=~" || m.op === "!~") {
        try {
          new RegExp(m.value);
        } catch {
          throw new PromQLError(`invalid regular expression in matcher: ${m.value}`);
        }
      }
    }
    return { kind: "selector", matchers, offsetMs: 0 };
  }

  function build(n: SyntaxNode): Expr {
    const c = kids(n);
    switch (n.name) {
      case "PromQL":
      case "ParenExpr":
        return build(c[0]);
      case "NumberDurationLiteral":
        return { kind: "number", value: parseNumber(src(n)) };
      case "VectorSelector":
        return selector(n);
      case "MatrixSelector": {
        const inner = build(c[0]);
        if (inner.kind !== "selector" || inner.rangeMs !== undefined) throw new PromQLError("ranges only allowed for vector selectors");
        return { ...inner, rangeMs: parseDuration(src(c.find((k) => k.name === "DurationExpr")!)) };
      }
      case "OffsetExpr": {
        const inner = build(c[0]);
        if (inner.kind !== "selector") throw new PromQLError("offset modifier must be preceded by a selector");
        const d = src(c[2]).replace(/\s/g, "");
        return { ...inner, offsetMs: d.startsWith("-") ? -parseDuration(d.slice(1)) : parseDuration(d.replace(/^\+/, "")) };
      }
      case "UnaryExpr": {
        const e = build(c[1]);
        return src(c[0]) === "-" ? { kind: "neg", expr: e } : e;
      }
      case "FunctionCall":
        return { kind: "call", fn: src(c[0]), args: kids(c[1]).map(build) };
      case "AggregateExpr": {
        const op = src(c[0]);
        const body = c.find((k) => k.name === "FunctionCallBody")!;
        const args = kids(body).map(build);
        const mod = c.find((k) => k.name === "AggregateModifier");
        const labels = mod ? grouping(kids(mod)[1]) : undefined;
        const byOrWithout = mod ? (kids(mod)[0].name === "By" ? { by: labels } : { without: labels }) : {};
        const expr = args.length === 2 ? { param: args[0], expr: args[1] } : { expr: args[0] };
        if (!expr.expr || args.length > 2) throw new PromQLError(`wrong number of arguments for aggregate expression provided, expected 1 or 2, got ${args.length}`);
        return { kind: "agg", op, ...expr, ...byOrWithout };
      }
      case "BinaryExpr": {
        const mod = c.find((k) => k.name === "MatchingModifierClause");
        const matching = mod ? { [kids(mod)[0].name === "On" ? "on" : "ignoring"]: grouping(kids(mod)[1]) } : {};
        if (mod && kids(mod).some((k) => k.name === "GroupLeft" || k.name === "GroupRight")) throw new PromQLError("group_left/group_right are not supported by the emulator");
        return { kind: "binary", op: src(c[1]), lhs: build(c[0]), rhs: build(c[c.length - 1]), bool: c.some((k) => k.name === "BoolModifier"), ...matching };
      }
      default:
        throw new PromQLError(`${n.name} is not supported by the emulator's PromQL subset`);
    }
  }
  return build(tree.topNode);
}
