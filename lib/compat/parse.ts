import { Buffer } from "node:buffer";
import { loadModule, parseSync, scanSync, type Node, type RawStmt, type ScanToken } from "libpg-query";
import { byteOffsetOfCodePoint, SourceText } from "./source";
import { leadingTriviaBytes, splitStatements, type Chunk } from "./split";

/**
 * The parser wrapper: PostgreSQL's own parser (libpg-query, WASM) plus what it takes to read
 * DSQL's dialect. DSQL adds one keyword, ASYNC (`CREATE [UNIQUE] INDEX ASYNC`, `ALTER TABLE
 * ASYNC ... VALIDATE CONSTRAINT`); the tokenizer finds it in that position and it is blanked
 * out with spaces of the same length, so every byte offset stays right, and the statement is
 * remembered as async. The whole text is parsed in one call; only when that fails is it split
 * into statements and parsed piecewise to localise the syntax errors.
 */

export interface Statement {
  /** The statement node, e.g. `{ CreateStmt: {...} }`. */
  node: Node;
  /** Its type: "CreateStmt", "IndexStmt", ... */
  kind: string;
  /** Byte offsets of the statement in the source (first token, and the end before the `;`). */
  start: number;
  end: number;
  /** Added to AST `location`s to make them offsets into the source (non-zero when parsed piecewise). */
  base: number;
  /** Written with DSQL's ASYNC keyword. */
  async: boolean;
}

export interface SyntaxIssue {
  message: string;
  /** Byte offset of the error cursor in the source. */
  offset: number;
}

export interface ParsedSql {
  source: SourceText;
  statements: Statement[];
  errors: SyntaxIssue[];
}

let ready: Promise<void> | undefined;

/** Loads the WASM parser once; every parse waits for it. */
export function loadParser(): Promise<void> {
  ready ??= loadModule();
  return ready;
}

/** Parses SQL text; `loadParser()` must have resolved. */
export function parseSql(text: string): ParsedSql {
  const source = new SourceText(text);
  const prepared = blankAsync(neutralise(text));
  const parsed = parseWhole(prepared.text, source.bytes.length) ?? parsePiecewise(prepared.text, prepared.chunks ?? splitStatements(prepared.text));
  markAsync(parsed.statements, prepared.asyncOffsets);
  return { source, ...parsed };
}

/**
 * Characters the parser cannot take, replaced by spaces of the same UTF-8 length so that offsets
 * still match the source: a byte-order mark (3 bytes), and NUL, which would end the C string.
 */
function neutralise(text: string): string {
  if (text.charCodeAt(0) === 0xfeff) text = `   ${text.slice(1)}`;
  return text.includes("\0") ? text.split("\0").join(" ") : text;
}

function toStatements(stmts: RawStmt[] | undefined, base: number, segmentBytes: number): Statement[] {
  return (stmts ?? []).map((raw) => {
    const node = raw.stmt ?? ({} as Node);
    const start = base + (raw.stmt_location ?? 0);
    // stmt_len 0 means "to the end of the parsed text".
    const end = raw.stmt_len ? start + raw.stmt_len : base + segmentBytes;
    return { node, kind: Object.keys(node)[0] ?? "Unknown", start, end, base, async: false };
  });
}

function parseWhole(text: string, bytes: number): { statements: Statement[]; errors: SyntaxIssue[] } | undefined {
  if (text.trim() === "") return { statements: [], errors: [] };
  try {
    return { statements: toStatements(parseSync(text).stmts, 0, bytes), errors: [] };
  } catch (err) {
    if (cursorOf(err) === undefined) throw err;
    return undefined;
  }
}

/**
 * The error cursor (in code points) of a parse failure; 0 when the parser ran out of stack on
 * a deeply nested statement; undefined for anything else, which is a bug to surface.
 */
function cursorOf(err: unknown): number | undefined {
  if (err instanceof RangeError) return 0;
  const details = (err as { sqlDetails?: { cursorPosition?: number } } | null)?.sqlDetails;
  return details ? (details.cursorPosition ?? 0) : undefined;
}

const messageOf = (err: unknown) => (err instanceof RangeError ? "statement nested too deeply for the parser" : (err as Error).message);

/** Groups of statements are parsed together; a failing group is parsed statement by statement. */
const GROUP = 64;

function parsePiecewise(text: string, chunks: Chunk[]) {
  const statements: Statement[] = [];
  const errors: SyntaxIssue[] = [];
  const tryParse = (from: Chunk, to: Chunk): Statement[] | { message: string; offset: number } => {
    const piece = text.slice(from.start, to.end);
    if (piece.trim() === "") return [];
    try {
      return toStatements(parseSync(piece).stmts, from.byteStart, to.byteEnd - from.byteStart);
    } catch (err) {
      const cursor = cursorOf(err);
      if (cursor === undefined) throw err;
      // Without a cursor (the parser ran out of stack) the error points at the statement.
      const at = err instanceof RangeError ? leadingTriviaBytes(piece) : byteOffsetOfCodePoint(piece, cursor);
      return { message: messageOf(err), offset: from.byteStart + at };
    }
  };
  for (let g = 0; g < chunks.length; g += GROUP) {
    const group = chunks.slice(g, g + GROUP);
    const whole = tryParse(group[0], group[group.length - 1]);
    if (Array.isArray(whole)) {
      statements.push(...whole);
      continue;
    }
    for (const chunk of group) {
      const one = tryParse(chunk, chunk);
      if (Array.isArray(one)) statements.push(...one);
      else errors.push(one);
    }
  }
  return { statements, errors };
}

interface Prepared {
  text: string;
  /** Byte offsets of the blanked ASYNC keywords. */
  asyncOffsets: number[];
  chunks?: Chunk[];
}

function blankAsync(text: string): Prepared {
  const candidates = asyncCandidates(text);
  if (candidates.length === 0) return { text, asyncOffsets: [] };
  const chunks = splitStatements(text);
  const blanks: number[] = [];
  const asyncOffsets: number[] = [];
  let c = 0;
  for (const chunk of chunks) {
    while (c < candidates.length && candidates[c] < chunk.start) c++;
    if (c >= candidates.length) break;
    if (candidates[c] >= chunk.end) continue;
    const chunkText = text.slice(chunk.start, chunk.end);
    const token = asyncToken(chunkText);
    if (!token) continue;
    // The token's byte offset inside the chunk, as a UTF-16 index for the blanking.
    const index = chunk.start + Buffer.from(chunkText).toString("utf8", 0, token.start).length;
    blanks.push(index);
    asyncOffsets.push(chunk.byteStart + token.start);
  }
  if (blanks.length === 0) return { text, asyncOffsets, chunks };
  let out = "";
  let prev = 0;
  for (const at of blanks) {
    out += text.slice(prev, at) + "     ";
    prev = at + 5;
  }
  return { text: out + text.slice(prev), asyncOffsets, chunks };
}

/** The ASYNC token of `CREATE [UNIQUE] INDEX ASYNC` or `ALTER TABLE ASYNC`, by the tokenizer. */
function asyncToken(statement: string): ScanToken | undefined {
  let tokens: ScanToken[];
  try {
    tokens = scanSync(statement).tokens;
  } catch {
    return undefined;
  }
  const words = tokens.filter((t) => t.tokenName !== "SQL_COMMENT" && t.tokenName !== "C_COMMENT");
  const word = (i: number) => words[i]?.text.toUpperCase();
  let at = -1;
  if (word(0) === "CREATE") {
    const k = word(1) === "UNIQUE" ? 2 : 1;
    if (word(k) === "INDEX") at = k + 1;
  } else if (word(0) === "ALTER" && word(1) === "TABLE") at = 2;
  const token = words[at];
  return token && token.tokenName === "IDENT" && token.text.toUpperCase() === "ASYNC" ? token : undefined;
}

/**
 * Where the letters "async" stand as a whole word, whatever their case: a cheap pre-filter so
 * that only statements that may hold the keyword are tokenized. The tokenizer decides.
 */
function asyncCandidates(text: string): number[] {
  const out: number[] = [];
  const n = text.length - 4;
  for (let i = 0; i < n; i++) {
    // ASCII letters | 0x20 are their lower case: "a" "s" "y" "n" "c".
    if ((text.charCodeAt(i) | 0x20) !== 97) continue;
    if ((text.charCodeAt(i + 1) | 0x20) !== 115 || (text.charCodeAt(i + 2) | 0x20) !== 121 || (text.charCodeAt(i + 3) | 0x20) !== 110 || (text.charCodeAt(i + 4) | 0x20) !== 99) continue;
    const before = i > 0 ? text.charCodeAt(i - 1) : 32;
    const after = i + 5 < text.length ? text.charCodeAt(i + 5) : 32;
    if (!isWordChar(before) && !isWordChar(after)) out.push(i);
  }
  return out;
}

const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c >= 128;

function markAsync(statements: Statement[], offsets: number[]) {
  if (offsets.length === 0) return;
  let s = 0;
  for (const offset of offsets) {
    while (s < statements.length && statements[s].end <= offset) s++;
    if (s < statements.length && statements[s].start <= offset) statements[s].async = true;
  }
}
