import { describe, expect, it } from "vitest";
import { duration } from "./index";

describe("duration", () => {
  it("reads naturally from seconds to hours", () => {
    expect(duration(0)).toBe("0 s");
    expect(duration(44.6)).toBe("45 s");
    expect(duration(60)).toBe("1 min");
    expect(duration(200)).toBe("3 min 20 s");
    expect(duration(3600)).toBe("1 h");
    expect(duration(7500)).toBe("2 h 5 min");
    expect(duration(-5)).toBe("0 s");
  });
});
