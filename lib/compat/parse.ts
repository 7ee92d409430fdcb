import { Buffer } from "node:buffer";
import { loadModule, parseSync, scanSync, type Node, type RawStmt, type ScanToken } from "libpg-query";
import { byteOffsetOfCodePoint, SourceText } from "./source";
import { leadingTriviaBytes, splitStatements, type Chunk } from "./split";

/**
 * The parser wrapper: PostgreSQL's own parser (libpg-query, WASM) plus what it takes to read
 * DSQL's dialect. DSQL adds one keyword, ASYNC (`CREATE [UNIQUE] INDEX ASYNC`, `ALTER TABLE
 * ASYNC ... VALIDATE CONSTRAINT`); the tokenizer finds it in that position and it is blanked
 * out with spaces of the same length, so every byte offset stays right, and the statement is
 * remembered as async.
 *
 * A text is parsed in statement-aligned pieces of at most PIECE_BYTES, yielded one piece at a
 * time so that the rules can read a piece while the next is not yet parsed and the pieces
 * already read can be collected. A failing piece is split into statements and parsed piecewise
 * to localise the syntax errors.
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

/** A text being parsed: each piece is parsed as it is iterated (once); `errors` is complete after. */
export interface SqlStream {
  source: SourceText;
  pieces: Iterable<Statement[]>;
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
  const stream = streamSql(text);
  return { source: stream.source, statements: [...stream.pieces].flat(), errors: stream.errors };
}

/** Parses SQL text piece by piece as the pieces are read; `loadParser()` must have resolved. */
export function streamSql(text: string): SqlStream {
  const source = new SourceText(text);
  const prepared = blankAsync(neutralise(text));
  const errors: SyntaxIssue[] = [];
  return { source, pieces: piecesOf(prepared, source.bytes.length, errors), errors };
}

/**
 * Pieces are cut between statements at about this many bytes. One call on a 5 MB dump would run
 * start to end in V8's baseline WebAssembly code (a running call is never swapped for the
 * optimised code compiled meanwhile), grow the WASM heap to hold ~35 MB of JSON at once, and
 * keep the whole AST alive until the rules are done; pieces avoid all three.
 */
export const PIECE_BYTES = 256 * 1024;

function* piecesOf(prepared: Prepared, bytes: number, errors: SyntaxIssue[]): Generator<Statement[]> {
  const { text } = prepared;
  // A short text is one piece, split into statements only if it fails.
  const whole = bytes <= PIECE_BYTES && !prepared.chunks;
  const chunks = whole ? [{ start: 0, end: text.length, byteStart: 0, byteEnd: bytes }] : (prepared.chunks ?? splitStatements(text));
  const marks = asyncMarker(prepared.asyncOffsets);
  const pieceEnd = (from: number) => {
    let to = from + 1;
    while (to < chunks.length && chunks[to].byteEnd - chunks[from].byteStart <= PIECE_BYTES) to++;
    return to;
  };
  for (let from = 0; from < chunks.length; ) {
    let to = pieceEnd(from);
    let parsed = tryParse(text, chunks[from], chunks[to - 1]);
    // A piece can fail because it was cut where the parser sees no statement end (a semicolon
    // inside CREATE RULE's parentheses): it is tried once more together with the next piece.
    if (!Array.isArray(parsed) && to < chunks.length) {
      const further = pieceEnd(to);
      const joined = tryParse(text, chunks[from], chunks[further - 1]);
      if (Array.isArray(joined)) [parsed, to] = [joined, further];
    }
    if (!Array.isArray(parsed)) parsed = localise(text, whole ? splitStatements(text) : chunks.slice(from, to), errors);
    from = to;
    for (const statement of parsed) statement.async = marks(statement);
    yield parsed;
  }
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

/** The statements of the text from one chunk to another, or the syntax error that stopped them. */
function tryParse(text: string, from: Chunk, to: Chunk): Statement[] | SyntaxIssue {
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

function localise(text: string, chunks: Chunk[], errors: SyntaxIssue[]): Statement[] {
  const statements: Statement[] = [];
  for (let g = 0; g < chunks.length; g += GROUP) {
    const group = chunks.slice(g, g + GROUP);
    const whole = tryParse(text, group[0], group[group.length - 1]);
    if (Array.isArray(whole)) {
      statements.push(...whole);
      continue;
    }
    for (const chunk of group) {
      const one = tryParse(text, chunk, chunk);
      if (Array.isArray(one)) statements.push(...one);
      else errors.push(one);
    }
  }
  return statements;
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
  // Per statement with a candidate, the candidates it holds, tried in order: the keyword is at
  // most the fourth word, and an earlier candidate may sit in a leading comment.
  let pending: { chunk: Chunk; next: number; end: number }[] = [];
  let c = 0;
  for (const chunk of chunks) {
    while (c < candidates.length && candidates[c] < chunk.start) c++;
    let end = c;
    while (end < candidates.length && candidates[end] < chunk.end) end++;
    if (end > c) pending.push({ chunk, next: c, end });
    c = end;
  }
  const found: { index: number; offset: number }[] = [];
  while (pending.length > 0) {
    // Only each statement's opening, up to the candidate, is tokenized, many per scanner call.
    const prefixes = pending.map((p) => text.slice(p.chunk.start, candidates[p.next] + 5));
    const verdicts = scanMany(prefixes).map(asyncToken);
    const later: typeof pending = [];
    pending.forEach((p, i) => {
      const verdict = verdicts[i];
      if (verdict === "later") {
        if (p.next + 1 < p.end) later.push({ ...p, next: p.next + 1 });
      } else if (verdict !== "no") {
        // The token's byte offset inside the statement, as a UTF-16 index for the blanking.
        found.push({ index: p.chunk.start + Buffer.from(prefixes[i]).toString("utf8", 0, verdict.start).length, offset: p.chunk.byteStart + verdict.start });
      }
    });
    pending = later;
  }
  if (found.length === 0) return { text, asyncOffsets: [], chunks };
  found.sort((a, b) => a.index - b.index);
  let out = "";
  let prev = 0;
  for (const { index } of found) {
    out += text.slice(prev, index) + "     ";
    prev = index + 5;
  }
  return { text: out + text.slice(prev), asyncOffsets: found.map((f) => f.offset), chunks };
}

const BATCH = 1000;
const SEPARATOR = "\n;\n";

/**
 * The tokens of many short texts from few scanner calls: the texts are scanned joined by a
 * separator and the tokens dealt back. A batch where a token crosses a boundary (an unclosed
 * comment or quote) or the scanner fails is scanned text by text. Undefined: unscannable.
 */
function scanMany(texts: string[]): (ScanToken[] | undefined)[] {
  const out: (ScanToken[] | undefined)[] = [];
  for (let b = 0; b < texts.length; b += BATCH) {
    const batch = texts.slice(b, b + BATCH);
    out.push(...(scanJoined(batch) ?? batch.map(scanOne)));
  }
  return out;
}

function scanOne(text: string): ScanToken[] | undefined {
  try {
    return scanSync(text).tokens;
  } catch {
    return undefined;
  }
}

function scanJoined(texts: string[]): ScanToken[][] | undefined {
  const starts: number[] = [];
  const ends: number[] = [];
  let bytes = 0;
  for (const t of texts) {
    starts.push(bytes);
    bytes += Buffer.byteLength(t);
    ends.push(bytes);
    bytes += SEPARATOR.length;
  }
  const tokens = scanOne(texts.join(SEPARATOR));
  if (!tokens) return undefined;
  const out: ScanToken[][] = texts.map(() => []);
  let i = 0;
  for (const t of tokens) {
    while (i < texts.length && t.start >= ends[i]) i++;
    if (i >= texts.length || t.start < starts[i]) continue; // a separator
    if (t.end > ends[i]) return undefined;
    out[i].push({ ...t, start: t.start - starts[i], end: t.end - starts[i] });
  }
  return out;
}

/**
 * Whether a statement's opening (its text up to a candidate "async") is `CREATE [UNIQUE] INDEX
 * ASYNC` or `ALTER TABLE ASYNC`, from its tokens: the ASYNC token; "later" when the candidate
 * sat before the keyword position (in a comment); "no" when this statement cannot be one.
 */
function asyncToken(tokens: ScanToken[] | undefined): ScanToken | "later" | "no" {
  if (!tokens) return "later";
  const words = tokens.filter((t) => t.tokenName !== "SQL_COMMENT" && t.tokenName !== "C_COMMENT");
  const word = (i: number) => words[i]?.text.toUpperCase();
  let at: number;
  if (words.length === 0) return "later";
  if (word(0) === "CREATE") {
    if (words.length === 1) return "later";
    const k = word(1) === "UNIQUE" ? 2 : 1;
    if (words.length <= k) return "later";
    if (word(k) !== "INDEX") return "no";
    at = k + 1;
  } else if (word(0) === "ALTER") {
    if (words.length === 1) return "later";
    if (word(1) !== "TABLE") return "no";
    at = 2;
  } else return "no";
  const token = words[at];
  if (!token) return "later";
  return token.tokenName === "IDENT" && token.text.toUpperCase() === "ASYNC" && words.length === at + 1 ? token : "no";
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

/** Whether each statement, asked in source order, holds one of the blanked ASYNC keywords. */
function asyncMarker(offsets: number[]): (statement: Statement) => boolean {
  let next = 0;
  return ({ start, end }) => {
    while (next < offsets.length && offsets[next] < start) next++;
    return next < offsets.length && offsets[next] < end;
  };
}
