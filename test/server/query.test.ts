import { describe, expect, it } from "vitest";
import { ApiError } from "../../packages/server/src/errors.ts";
import { boolParam, depthParam, limitParam, param, timeParam, viewParam } from "../../packages/server/src/wire/query.ts";

const bad = (fn: () => unknown) => expect(fn).toThrow(ApiError);

describe("query parameters", () => {
  it("limit: 1..max, decimal only, default when absent", () => {
    const opts = { defaultLimit: 20, max: 100 };
    expect(limitParam({}, opts)).toBe(20);
    expect(limitParam({ limit: "1" }, opts)).toBe(1);
    expect(limitParam({ limit: "100" }, opts)).toBe(100);
    for (const limit of ["0", "101", "abc", "1.5", "-1", "1e2", " 5", "99999999999999999999"]) bad(() => limitParam({ limit }, opts));
  });

  it("a repeated parameter is refused rather than picked", () => {
    bad(() => param({ view: ["basic", "full"] }, "view"));
  });

  it("view, depth and booleans take only their documented values", () => {
    expect(viewParam({}, "full")).toBe("full");
    bad(() => viewParam({ view: "raw" }, "basic"));
    expect(depthParam({ depth: "1" })).toBe(1);
    for (const depth of ["2", "-1", "all", ""]) bad(() => depthParam({ depth }));
    expect(boolParam({ x: "true" }, "x")).toBe(true);
    bad(() => boolParam({ x: "maybe" }, "x"));
  });

  it("timestamps must be RFC 3339", () => {
    expect(timeParam({ t: "2026-01-01T00:00:00Z" }, "t")?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(timeParam({ t: "2026-01-01T01:00:00.123456+01:00" }, "t")?.toISOString()).toBe("2026-01-01T00:00:00.123Z");
    for (const t of ["yesterday", "2026-01-01", "2026-13-01T00:00:00Z", "1700000000"]) bad(() => timeParam({ t }, "t"));
  });
});
