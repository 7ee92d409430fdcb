import { describe, expect, it } from "vitest";
import * as wire from "./wire";

const frame = (type: string, body: Buffer) => {
  const b = Buffer.alloc(5);
  b.write(type, 0, "latin1");
  b.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([b, body]);
};

describe("PostgreSQL wire framing", () => {
  it("reassembles messages split across chunks and keeps the tail", () => {
    const r = new wire.MessageReader();
    const all = Buffer.concat([wire.queryMessage("select 1"), wire.queryMessage("select 2")]);
    r.push(all.subarray(0, 7));
    expect(r.next()).toBeUndefined();
    r.push(all.subarray(7, 20));
    expect(wire.cstring(r.next()!.body).value).toBe("select 1");
    expect(r.next()).toBeUndefined();
    r.push(all.subarray(20));
    expect(wire.cstring(r.next()!.body).value).toBe("select 2");
  });

  it("reads a startup packet's parameters", () => {
    const body = Buffer.from("user\0admin\0database\0postgres\0\0");
    const head = Buffer.alloc(8);
    head.writeInt32BE(body.length + 8, 0);
    head.writeInt32BE(wire.PROTOCOL_3, 4);
    const r = new wire.MessageReader();
    r.push(Buffer.concat([head, body]));
    const p = r.nextStartup()!;
    expect(p.code).toBe(wire.PROTOCOL_3);
    expect(wire.startupParams(p.body)).toEqual({ user: "admin", database: "postgres" });
  });

  it("round-trips Parse and reads text parameters from Bind", () => {
    const p = wire.parseMessage("s1", "select $1", [25]);
    expect(wire.readParse(p.subarray(5))).toEqual({ name: "s1", sql: "select $1", paramTypes: [25] });
    const value = Buffer.from("wqhu6ewifze5xitg3umt24h5ua");
    const len = Buffer.alloc(4);
    len.writeInt32BE(value.length);
    const bind = Buffer.concat([Buffer.from("\0s1\0"), Buffer.from([0, 0, 0, 1]), len, value, Buffer.from([0, 0])]);
    expect(wire.readBind(bind)).toEqual({ portal: "", statement: "s1", params: ["wqhu6ewifze5xitg3umt24h5ua"] });
  });

  it("summarises backend answers: last transaction status, errors and command tags", () => {
    const out = Buffer.concat([
      frame("C", Buffer.from("DROP INDEX\0")),
      wire.readyForQuery("T"),
      wire.errorResponse({ code: "40001", message: "change conflicts with another transaction, please retry: (OC000)" }),
      wire.readyForQuery("E"),
    ]);
    expect(wire.scanBackend(out)).toEqual({ status: "E", tags: ["DROP INDEX"], errors: [{ code: "40001", message: "change conflicts with another transaction, please retry: (OC000)" }] });
  });

  it("rejects absurd lengths as a protocol error", () => {
    const r = new wire.MessageReader();
    r.push(Buffer.from([0x51, 0, 0, 0, 1]));
    expect(() => r.next()).toThrow(wire.ProtocolError);
  });
});
