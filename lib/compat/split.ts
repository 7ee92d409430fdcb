import { Buffer } from "node:buffer";

/**
 * A lexical walk over SQL text that knows quotes, comments and dollar-quoted bodies, and nothing
 * else: it detects no construct. Two uses: splitting text into statements the way psql does
 * (for the ASYNC pre-pass and to localise syntax errors), and placing a finding on a keyword the
 * AST gives no location for (the DESC of an index key, say) without running the WASM scanner on
 * every such statement.
 */

const isIdentStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;
const isIdentChar = (c: number) => isIdentStart(c) || (c >= 48 && c <= 57) || c === 36;

interface LexVisitor {
  /** A bare (unquoted) word at [start, end). */
  word(start: number, end: number): void;
  /** A semicolon outside quotes and comments. */
  semicolon(at: number): void;
  /** Whether words matter here; when not, the walk jumps from one quote, comment or `;` to the next. */
  wantsWords?(): boolean;
}

/** The characters that can open a quote or comment, or end a statement. */
const SPECIAL = /[-/'"$;]/g;

function lex(text: string, visit: LexVisitor): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (visit.wantsWords && !visit.wantsWords()) {
      SPECIAL.lastIndex = i;
      if (!SPECIAL.test(text)) return;
      i = SPECIAL.lastIndex - 1;
    }
    const c = text.charCodeAt(i);
    const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
    if (c === 45 && next === 45) {
      // -- comment to end of line
      const nl = text.indexOf("\n", i);
      i = nl === -1 ? n : nl + 1;
    } else if (c === 47 && next === 42) {
      // /* nested */ comment
      let level = 1;
      i += 2;
      while (i < n && level > 0) {
        if (text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 42) {
          level++;
          i += 2;
        } else if (text.charCodeAt(i) === 42 && text.charCodeAt(i + 1) === 47) {
          level--;
          i += 2;
        } else i++;
      }
    } else if (c === 39) {
      // 'string', with backslash escapes only in E'...' strings
      const prev = i > 0 ? text.charCodeAt(i - 1) : 0;
      const escapes = (prev === 69 || prev === 101) && !(i > 1 && isIdentChar(text.charCodeAt(i - 2)));
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (escapes && d === 92) i += 2;
        else if (d === 39 && text.charCodeAt(i + 1) === 39) i += 2;
        else if (d === 39) {
          i++;
          break;
        } else i++;
      }
    } else if (c === 34) {
      // "identifier" with "" escapes
      i++;
      while (i < n) {
        if (text.charCodeAt(i) === 34 && text.charCodeAt(i + 1) === 34) i += 2;
        else if (text.charCodeAt(i) === 34) {
          i++;
          break;
        } else i++;
      }
    } else if (c === 36 && !(i > 0 && isIdentChar(text.charCodeAt(i - 1))) && !(next >= 48 && next <= 57)) {
      // $tag$ ... $tag$ (a $ followed by a digit is a parameter, not a quote)
      let j = i + 1;
      while (j < n && isIdentChar(text.charCodeAt(j)) && text.charCodeAt(j) !== 36) j++;
      if (j < n && text.charCodeAt(j) === 36) {
        const tag = text.slice(i, j + 1);
        const endQuote = text.indexOf(tag, j + 1);
        i = endQuote === -1 ? n : endQuote + tag.length;
      } else i++;
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentChar(text.charCodeAt(j))) j++;
      visit.word(i, j);
      i = j;
    } else if (c === 59) {
      visit.semicolon(i);
      i++;
    } else i++;
  }
}

export interface Chunk {
  /** UTF-16 index of the first character (leading whitespace and comments included). */
  start: number;
  /** UTF-16 index just past the terminating semicolon, or the end of the text. */
  end: number;
  /** The same two positions as UTF-8 byte offsets. */
  byteStart: number;
  byteEnd: number;
}

/**
 * Statements as psql would send them: split on semicolons, except inside `BEGIN ATOMIC ... END`
 * function bodies. Unlike psql, parentheses are not tracked, so that one unclosed parenthesis
 * cannot swallow the rest of a file (only CREATE RULE puts semicolons inside parentheses, and a
 * split there becomes a localised syntax error).
 */
export function splitStatements(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  let beginDepth = 0;
  // The opening words, to recognise CREATE [OR REPLACE] FUNCTION|PROCEDURE as psql does.
  let opening: string[] = [];
  let routine = false;
  lex(text, {
    // Past the opening, only a routine's body words matter.
    wantsWords: () => opening.length < 4 || routine,
    word(from, to) {
      const word = to - from <= 9 ? text.slice(from, to).toUpperCase() : "";
      if (opening.length < 4) {
        opening.push(word);
        const [a, b, c, d] = opening;
        routine ||= a === "CREATE" && (b === "FUNCTION" || b === "PROCEDURE" || (b === "OR" && c === "REPLACE" && (d === "FUNCTION" || d === "PROCEDURE")));
        return;
      }
      if (!routine) return;
      if (word === "BEGIN") beginDepth++;
      else if (beginDepth > 0 && word === "CASE") beginDepth++;
      else if (beginDepth > 0 && word === "END") beginDepth--;
    },
    semicolon(at) {
      if (beginDepth > 0) return;
      chunks.push({ start, end: at + 1, byteStart: 0, byteEnd: 0 });
      start = at + 1;
      beginDepth = 0;
      opening = [];
      routine = false;
    },
  });
  if (text.slice(start).trim() !== "") chunks.push({ start, end: text.length, byteStart: 0, byteEnd: 0 });
  else if (chunks.length > 0) chunks[chunks.length - 1].end = text.length;

  // Byte offsets in one pass over the chunks.
  let bytes = 0;
  let prev = 0;
  for (const chunk of chunks) {
    bytes += Buffer.byteLength(text.slice(prev, chunk.start));
    chunk.byteStart = bytes;
    bytes += Buffer.byteLength(text.slice(chunk.start, chunk.end));
    chunk.byteEnd = bytes;
    prev = chunk.end;
  }
  return chunks;
}

/** UTF-8 byte offset in `text` of the nth bare word that is one of `words` (upper case), if any. */
export function keywordOffset(text: string, words: readonly string[], nth = 0): number | undefined {
  let found: number | undefined;
  let seen = 0;
  lex(text, {
    word(from, to) {
      if (found !== undefined || to - from > 12) return;
      if (words.includes(text.slice(from, to).toUpperCase()) && seen++ === nth) found = from;
    },
    semicolon() {},
  });
  return found === undefined ? undefined : Buffer.byteLength(text.slice(0, found));
}

/** UTF-8 byte offset of the first character of `text` that is not whitespace or a comment. */
export function leadingTriviaBytes(text: string): number {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith("--", i)) {
      const nl = text.indexOf("\n", i);
      i = nl === -1 ? text.length : nl + 1;
    } else if (text.startsWith("/*", i)) {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? text.length : end + 2;
    } else break;
  }
  return Buffer.byteLength(text.slice(0, i));
}
