import { describe, expect, it, vi } from "vitest";

describe("AppError across copies of lib/errors (one per Next.js route bundle)", () => {
  it("is recognised by another copy of the module, so shared pools' errors keep their status", async () => {
    const a = await import("./errors");
    vi.resetModules();
    const b = await import("./errors");
    expect(a.AppError).not.toBe(b.AppError);
    const e = a.conflict("taken");
    expect(e instanceof b.AppError).toBe(true);
    expect(b.toAppError(e)).toBe(e);
    expect(b.toAppError(e).status).toBe(409);
  });

  it("keeps subclasses and plain errors apart", async () => {
    const { AppError } = await import("./errors");
    class Special extends AppError {}
    expect(new AppError(400, "x") instanceof Special).toBe(false);
    expect(new Special(400, "x") instanceof Special).toBe(true);
    expect(new Special(400, "x") instanceof AppError).toBe(true);
    expect(Object.assign(new Error("x"), { status: 400 }) instanceof AppError).toBe(false);
    expect((null as unknown) instanceof AppError).toBe(false);
  });
});
