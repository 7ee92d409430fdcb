/**
 * Just enough of the PostgreSQL v3 wire protocol for a front that authenticates clients itself
 * and hands everything after the handshake to PGlite: framing of frontend messages, the few
 * backend messages the front writes on its own, and a scan of PGlite's answers.
 */

export const PROTOCOL_3 = 196608;
export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;

/** A framed frontend message: its type byte and the whole message (type, length and body). */
export interface FrontendMessage {
  type: string;
  raw: Buffer;
  body: Buffer;
}

/** Splits a byte stream into messages; keeps the incomplete tail for the next chunk. */
export class MessageReader {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
  }

  /** The startup-phase packet (no type byte): length, then a code or protocol version. */
  nextStartup(): { code: number; body: Buffer } | undefined {
    if (this.buf.length < 8) return undefined;
    const len = this.buf.readInt32BE(0);
    if (len < 8 || len > 10_000) throw new ProtocolError("invalid startup packet length");
    if (this.buf.length < len) return undefined;
    const code = this.buf.readInt32BE(4);
    const body = this.buf.subarray(8, len);
    this.buf = this.buf.subarray(len);
    return { code, body };
  }

  next(): FrontendMessage | undefined {
    if (this.buf.length < 5) return undefined;
    const len = this.buf.readInt32BE(1);
    if (len < 4 || len > 64 * 1024 * 1024) throw new ProtocolError("invalid message length");
    if (this.buf.length < len + 1) return undefined;
    const raw = this.buf.subarray(0, len + 1);
    this.buf = this.buf.subarray(len + 1);
    return { type: String.fromCharCode(raw[0]), raw, body: raw.subarray(5) };
  }
}

export class ProtocolError extends Error {}

/** key\0value\0...\0 pairs of a StartupMessage. */
export function startupParams(body: Buffer): Record<string, string> {
  const parts = body.toString("utf8").split("\0");
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < parts.length; i += 2) if (parts[i]) out[parts[i]] = parts[i + 1];
  return out;
}

export const cstring = (body: Buffer, at = 0): { value: string; end: number } => {
  const end = body.indexOf(0, at);
  if (end < 0) throw new ProtocolError("unterminated string");
  return { value: body.toString("utf8", at, end), end: end + 1 };
};

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const cstr = (s: string) => Buffer.from(`${s}\0`, "utf8");

export const authCleartext = () => message("R", int32(3));
export const authOk = () => message("R", int32(0));
export const parameterStatus = (name: string, value: string) => message("S", Buffer.concat([cstr(name), cstr(value)]));
export const backendKeyData = (pid: number, secret: number) => message("K", Buffer.concat([int32(pid), int32(secret)]));
export const readyForQuery = (status: "I" | "T" | "E" = "I") => message("Z", Buffer.from(status, "latin1"));

export interface PgErrorFields {
  severity?: "ERROR" | "FATAL";
  code: string;
  message: string;
  detail?: string;
  hint?: string;
}

export function errorResponse(e: PgErrorFields): Buffer {
  const severity = e.severity ?? "ERROR";
  const fields = [`S${severity}`, `V${severity}`, `C${e.code}`, `M${e.message}`];
  if (e.detail) fields.push(`D${e.detail}`);
  if (e.hint) fields.push(`H${e.hint}`);
  return message("E", Buffer.concat([...fields.map(cstr), Buffer.from([0])]));
}

export const syncMessage = () => message("S", Buffer.alloc(0));

/** A simple-protocol Query message. */
export const queryMessage = (sql: string) => message("Q", cstr(sql));

/** Parse: statement name, SQL text, declared parameter types. */
export function readParse(body: Buffer): { name: string; sql: string; paramTypes: number[] } {
  const name = cstring(body);
  const sql = cstring(body, name.end);
  let at = sql.end;
  const n = body.readInt16BE(at);
  at += 2;
  const paramTypes: number[] = [];
  for (let i = 0; i < n; i++, at += 4) paramTypes.push(body.readInt32BE(at));
  return { name: name.value, sql: sql.value, paramTypes };
}

export function parseMessage(name: string, sql: string, paramTypes: number[]): Buffer {
  const n = Buffer.alloc(2);
  n.writeInt16BE(paramTypes.length);
  return message("P", Buffer.concat([cstr(name), cstr(sql), n, ...paramTypes.map(int32)]));
}

/** Bind: portal, statement, and the parameter values (text format only; binary ones are null here). */
export function readBind(body: Buffer): { portal: string; statement: string; params: (string | null)[] } {
  const portal = cstring(body);
  const statement = cstring(body, portal.end);
  let at = statement.end;
  const nFormats = body.readInt16BE(at);
  at += 2;
  const formats: number[] = [];
  for (let i = 0; i < nFormats; i++, at += 2) formats.push(body.readInt16BE(at));
  const n = body.readInt16BE(at);
  at += 2;
  const params: (string | null)[] = [];
  for (let i = 0; i < n; i++) {
    const len = body.readInt32BE(at);
    at += 4;
    const binary = (nFormats === 1 ? formats[0] : formats[i]) === 1;
    params.push(len < 0 || binary ? null : body.toString("utf8", at, at + len));
    if (len > 0) at += len;
  }
  return { portal: portal.value, statement: statement.value, params };
}

/** What a batch of backend messages says: the final transaction status, errors, command tags. */
export interface BackendSummary {
  status?: "I" | "T" | "E";
  errors: { code: string; message: string }[];
  tags: string[];
}

export function scanBackend(out: Uint8Array): BackendSummary {
  const buf = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  const summary: BackendSummary = { errors: [], tags: [] };
  let at = 0;
  while (at + 5 <= buf.length) {
    const type = String.fromCharCode(buf[at]);
    const len = buf.readInt32BE(at + 1);
    const body = buf.subarray(at + 5, at + 1 + len);
    if (type === "Z") summary.status = String.fromCharCode(body[0]) as "I" | "T" | "E";
    else if (type === "C") summary.tags.push(cstring(body).value);
    else if (type === "E") {
      const fields: Record<string, string> = {};
      let p = 0;
      while (p < body.length && body[p] !== 0) {
        const key = String.fromCharCode(body[p]);
        const v = cstring(body, p + 1);
        fields[key] = v.value;
        p = v.end;
      }
      summary.errors.push({ code: fields.C ?? "XX000", message: fields.M ?? "" });
    }
    at += 1 + len;
  }
  return summary;
}
