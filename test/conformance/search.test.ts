// memgit's search extension (issue 13 §Search, docs/api-extensions.md §Search) through the
// official SDK (`client.get`); raw fetch only to read the error envelope.
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, sdkError, startHarness, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

type Hit = {
  type: "memory_search_result";
  memory: Anthropic.Beta.MemoryStores.BetaManagedAgentsMemory;
  lines: Array<{ line_number: number; text: string; truncated: boolean }>;
  line_count: number;
};
type SearchPage = { data: Hit[]; next_page: string | null };

const search = (storeId: string, query: Record<string, string>, client = h.client): Promise<SearchPage> =>
  client.get(`/v1/memory_stores/${storeId}/search`, { query });

async function storeWith(files: Record<string, string>) {
  const store = await h.store();
  for (const [path, content] of Object.entries(files)) await h.client.beta.memoryStores.memories.create(store.id, { path, content });
  return store;
}

describe("GET /v1/memory_stores/{store}/search", () => {
  it("answers the memories with matching lines and line numbers, ranked by path, with the memory's basic shape", async () => {
    const store = await storeWith({ "/b.md": "one\nprefers vim\n", "/a/x.md": "Vim here", "/c.md": "emacs" });
    const page = await search(store.id, { q: "vim", case_sensitive: "false" });
    expect(page.next_page).toBeNull();
    expect(page.data.map((d) => [d.memory.path, d.lines, d.line_count])).toEqual([
      ["/a/x.md", [{ line_number: 1, text: "Vim here", truncated: false }], 1],
      ["/b.md", [{ line_number: 2, text: "prefers vim", truncated: false }], 1],
    ]);
    expect(page.data[0]).toMatchObject({ type: "memory_search_result", memory: { type: "memory", memory_store_id: store.id, content: null } });
    expect((await search(store.id, { q: "vim" })).data.map((d) => d.memory.path)).toEqual(["/b.md"]);
  });

  it("takes regex, path_prefix and as_of, and pages with limit and page bound to the query", async () => {
    const store = await storeWith({ "/n/1.md": "id 41", "/n/2.md": "id 42", "/n/3.md": "id x", "/o/4.md": "id 44" });
    const first = await search(store.id, { q: "^id \\d+$", regex: "true", path_prefix: "/n/", limit: "1" });
    expect(first.data.map((d) => d.memory.path)).toEqual(["/n/1.md"]);
    const second = await search(store.id, { q: "^id \\d+$", regex: "true", path_prefix: "/n/", limit: "1", page: first.next_page! });
    expect(second.data.map((d) => d.memory.path)).toEqual(["/n/2.md"]);
    expect(second.next_page).toBeNull();
    // A cursor of one query does not page another.
    const replay = await sdkError(search(store.id, { q: "id", page: first.next_page! }));
    expect(replay.status).toBe(400);
    const before = first.data[0]!.memory.memory_version_id;
    expect((await search(store.id, { q: "id", as_of: before })).data.map((d) => d.memory.path)).toEqual(["/n/1.md"]);
  });

  it("a bad regex, a missing q and bad parameters are 400s naming the parameter; an unknown store 404", async () => {
    const store = await storeWith({ "/a.md": "x" });
    const bad = await h.raw("GET", `/v1/memory_stores/${store.id}/search?q=${encodeURIComponent("(unclosed")}&regex=true`);
    expectError(bad, 400, "invalid_request_error");
    expect(bad.json.error.message).toMatch(/^q: is not a valid regular expression/);
    for (const [query, field] of [
      ["", "q"],
      ["q=", "q"],
      ["q=x&regex=yes", "regex"],
      ["q=x&case_sensitive=1", "case_sensitive"],
      ["q=x&path_prefix=a", "path_prefix"],
      ["q=x&limit=101", "limit"],
      ["q=x&page=nope", "page"],
      ["q=x&as_of=not-a-point!", "as_of"],
    ] as const) {
      const res = await h.raw("GET", `/v1/memory_stores/${store.id}/search?${query}`);
      expectError(res, 400, "invalid_request_error");
      expect(res.json.error.message, query).toContain(field);
    }
    expectError(await h.raw("GET", "/v1/memory_stores/memstore_nope/search?q=x"), 404, "not_found_error");
  });

  it("a pathological regex on a long line returns promptly instead of hanging the server", async () => {
    const store = await storeWith({ "/long.md": "a".repeat(60_000) + "b" });
    const page = await search(store.id, { q: "(a+)+$", regex: "true" });
    expect(page.data).toEqual([]);
    // The server is still serving.
    expect((await search(store.id, { q: "ab" })).data).toHaveLength(1);
  });

  it("read-only keys and session tokens of attached stores may search; other stores are 404", async () => {
    const store = await storeWith({ "/a.md": "secret plan" });
    const other = await storeWith({ "/b.md": "secret too" });
    const ro = h.clientFor(h.newKey("read_only", "root").key);
    expect((await search(store.id, { q: "plan" }, ro)).data).toHaveLength(1);
    const session = await h.client.beta.sessions.create({
      agent: "agent_memgit",
      environment_id: "env_memgit",
      resources: [{ type: "memory_store", memory_store_id: store.id, access: "read_only" }],
    });
    const minted = await h.raw("POST", `/v1/sessions/${session.id}/tokens`);
    const token = h.clientFor(minted.json.token as string);
    expect((await search(store.id, { q: "plan" }, token)).data).toHaveLength(1);
    expect((await sdkError(search(other.id, { q: "secret" }, token))).status).toBe(404);
    expect((await sdkError(search(store.id, { q: "plan" }, h.clientFor(h.newKey("admin").key)))).status).toBe(404);
  });
});
