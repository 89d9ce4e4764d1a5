import { describe, expect, it } from "vitest";
import { href, parseRoute } from "../src/ui/lib/route.ts";
import { ancestors } from "../src/ui/lib/paths.ts";

describe("console routes", () => {
  it("round-trips every link it makes", () => {
    const r = parseRoute(href.store("memstore_x", "history", "memver_1", { "created_at[gte]": "2026-01-01T00:00:00.000Z", operation: "created" }));
    expect(r).toMatchObject({ name: "store", storeId: "memstore_x", tab: "history", id: "memver_1" });
    expect(r.name === "store" && r.params.get("created_at[gte]")).toBe("2026-01-01T00:00:00.000Z");
    expect(parseRoute(href.session("sesn_1"))).toEqual({ name: "session", sessionId: "sesn_1" });
    expect(parseRoute("")).toEqual({ name: "stores" });
    expect(parseRoute("#/stores/memstore_x/nope")).toEqual({ name: "notFound" });
  });

  it("lists the folders above a path", () => {
    expect(ancestors("/a/b/c.md")).toEqual(["/a/", "/a/b/"]);
    expect(ancestors("/top.md")).toEqual([]);
  });
});
