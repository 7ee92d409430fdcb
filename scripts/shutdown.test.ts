import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { isDraining, onShutdown } from "../lib/shutdown";
// @ts-expect-error: a plain ES module without types, shared with scripts/serve.mjs
import { drain } from "./shutdown.mjs";

const get = (port: number, path: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    request({ host: "127.0.0.1", port, path }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on("error", reject)
      .end();
  });

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("dsql-ops.shutdown.draining")];
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("dsql-ops.shutdown.closers")];
});

describe("graceful shutdown", () => {
  it("lets an in-flight request finish, refuses new connections, then runs the closers", async () => {
    const server = createServer((req, res) => setTimeout(() => res.end(`done ${req.url}`), req.url === "/slow" ? 300 : 0)).listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const { port } = server.address() as AddressInfo;
    const closed: string[] = [];
    onShutdown(async () => void closed.push("pools"));
    onShutdown(() => void closed.push("store"));

    const slow = get(port, "/slow");
    await new Promise((r) => setTimeout(r, 50));
    const stopping = drain(server, { graceMs: 5_000 });
    expect(isDraining()).toBe(true);
    await expect(get(port, "/new")).rejects.toThrow();
    expect(await slow).toEqual({ status: 200, body: "done /slow" });
    expect(await stopping).toEqual({ how: "done", closers: 2 });
    expect(closed.sort()).toEqual(["pools", "store"]);
  });

  it("cuts requests that outlast the grace period", async () => {
    const server = createServer(() => {}).listen(0, "127.0.0.1"); // never answers
    await new Promise((r) => server.once("listening", r));
    const { port } = server.address() as AddressInfo;
    const hanging = get(port, "/hang").catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    expect((await drain(server, { graceMs: 200 })).how).toBe("timeout");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(await hanging).toBeInstanceOf(Error);
  });
});
