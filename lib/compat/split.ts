import { Buffer } from "node:buffer";

/**
 * Splits SQL text into statements the way psql does: on semicolons outside quotes, comments,
 * dollar-quoted bodies and `BEGIN ATOMIC ... END` function bodies. Unlike psql it does not track
 * parentheses, so that one unclosed parenthesis cannot swallow the rest of a file (only CREATE
 * RULE puts semicolons inside parentheses, and a split there is a localised error). It is lexical
 * only and detects no construct: the parser wrapper uses it to scan just the statements that
 * may hold DSQL's ASYNC keyword, and to localise syntax errors when a whole file fails to parse.
 */

export interface Chunk {
  /** UTF-16 index of the first character (leading whitespace and comments included). */
  start: number;
  /** UTF-16 index just past the terminating semicolon, or the end of the text. */
  end: number;
  /** The same two positions as UTF-8 byte offsets. */
  byteStart: number;
  byteEnd: number;
}

const isIdentStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;
const isIdentChar = (c: number) => isIdentStart(c) || (c >= 48 && c <= 57) || c === 36;

export function splitStatements(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  const n = text.length;
  let start = 0;
  let beginDepth = 0;
  let firstWord: string | null = null;
  let i = 0;

  const close = (end: number) => {
    chunks.push({ start, end, byteStart: 0, byteEnd: 0 });
    start = end;
    beginDepth = 0;
    firstWord = null;
  };

  while (i < n) {
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
      // Only short words matter: the first word, and BEGIN/CASE/END inside CREATE statements.
      if (j - i <= 6) {
        const word = text.slice(i, j).toUpperCase();
        if (firstWord === null) firstWord = word;
        else if (firstWord === "CREATE") {
          if (word === "BEGIN") beginDepth++;
          else if (beginDepth > 0 && word === "CASE") beginDepth++;
          else if (beginDepth > 0 && word === "END") beginDepth--;
        }
      } else if (firstWord === null) firstWord = "";
      i = j;
    } else if (c === 59 && beginDepth <= 0) {
      i++;
      close(i);
    } else i++;
  }
  if (start < n && text.slice(start).trim() !== "") close(n);
  else if (chunks.length > 0) chunks[chunks.length - 1].end = n;

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
