import { Buffer } from "node:buffer";

/**
 * A SQL text and the position systems libpg-query uses: AST locations and scanner tokens are
 * byte offsets into the UTF-8 encoding, syntax-error cursors count code points. Findings report
 * 1-based lines and columns, columns in UTF-16 code units (what editors and SARIF count).
 */
export class SourceText {
  readonly bytes: Buffer;
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    this.bytes = Buffer.from(text, "utf8");
    const starts = [0];
    for (let i = this.bytes.indexOf(10); i !== -1; i = this.bytes.indexOf(10, i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
  }

  get lineCount(): number {
    // A trailing newline does not open a line of its own.
    const n = this.lineStarts.length;
    return n > 1 && this.lineStarts[n - 1] === this.bytes.length ? n - 1 : n;
  }

  /** 1-based line and column of a byte offset. */
  position(byteOffset: number): { line: number; column: number } {
    const offset = Math.max(0, Math.min(byteOffset, this.bytes.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    // Count UTF-16 units from the line start: one per lead byte, two for a 4-byte sequence.
    let column = 1;
    // A byte-order mark is not a column an editor shows.
    const from = lo === 0 && this.text.charCodeAt(0) === 0xfeff ? Math.min(3, offset) : this.lineStarts[lo];
    for (let i = from; i < offset; i++) {
      const b = this.bytes[i];
      if ((b & 0xc0) !== 0x80) column += b >= 0xf0 ? 2 : 1;
    }
    return { line: lo + 1, column };
  }

  /** The text between two byte offsets. */
  slice(startByte: number, endByte: number): string {
    return this.bytes.toString("utf8", startByte, endByte);
  }
}

/** Byte offset (UTF-8) of the code point at index `codePoints` of `text`: syntax-error cursors count code points. */
export function byteOffsetOfCodePoint(text: string, codePoints: number): number {
  let bytes = 0;
  let n = 0;
  for (const ch of text) {
    if (n >= codePoints) break;
    bytes += utf8Length(ch.codePointAt(0) ?? 0);
    n++;
  }
  return bytes;
}

export function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}
