import { describe, expect, it } from "vitest";
import { ApiError } from "../../packages/server/src/errors.ts";
import { decodePage, encodePage } from "../../packages/server/src/wire/pageCursor.ts";

describe("page cursors", () => {
  const scope = { store: "memstore_x", path_prefix: "/", depth: 0 };

  it("round-trips the engine cursor inside a page_ token", () => {
    const page = encodePage("memories", scope, "engine:opaque/+=")!;
    expect(page).toMatch(/^page_[A-Za-z0-9_-]+$/);
    expect(decodePage("memories", { ...scope }, page)).toBe("engine:opaque/+=");
    expect(encodePage("memories", scope, null)).toBeNull();
    expect(decodePage("memories", scope, undefined)).toBeNull();
  });

  it("refuses a cursor from another list, another filter set, or garbage", () => {
    const page = encodePage("memories", scope, "c")!;
    const refuses = (fn: () => unknown) => expect(fn).toThrow(ApiError);
    refuses(() => decodePage("versions", scope, page));
    refuses(() => decodePage("memories", { ...scope, depth: 1 }, page));
    refuses(() => decodePage("memories", { ...scope, store: "memstore_y" }, page));
    for (const junk of ["", "page_", "page_!!", "xyz", "page_e30", `page_${Buffer.from("[1]").toString("base64url")}`])
      refuses(() => decodePage("memories", scope, junk));
  });

  it("ignores undefined scope members, so an absent filter equals an unset one", () => {
    const page = encodePage("stores", { a: 1, b: undefined }, "c")!;
    expect(decodePage("stores", { a: 1 }, page)).toBe("c");
  });
});
