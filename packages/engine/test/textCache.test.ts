// The search's content cache (docs/decisions/0065): bounded by its budget, the least recently
// used out first, and a store's entries dropped on demand (after a redaction).
import { expect, it } from "vitest";
import { TextCache } from "../src/search/TextCache.ts";

it("keeps at most its budget, evicting the least recently used, and forgets a store's entries", () => {
  const cache = new TextCache(10);
  cache.set("s1", "a", "aaaa");
  cache.set("s1", "b", "bbbb");
  expect(cache.get("s1", "a")).toBe("aaaa"); // read since stored: a second chance
  cache.set("s2", "a", "cccc");
  expect(cache.get("s1", "b")).toBeUndefined();
  expect(cache.get("s1", "a")).toBe("aaaa");
  expect(cache.get("s2", "a")).toBe("cccc");
  expect(cache.size).toBe(8);
  cache.set("s1", "huge", "x".repeat(11));
  expect(cache.get("s1", "huge")).toBeUndefined();
  cache.forget("s1");
  expect(cache.get("s1", "a")).toBeUndefined();
  expect(cache.get("s2", "a")).toBe("cccc");
  expect(cache.size).toBe(4);
});
