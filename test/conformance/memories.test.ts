import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, pool, sdkError, sha256, startHarness, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const memories = () => h.client.beta.memoryStores.memories;
const EMPTY_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

describe("memories: create", () => {
  it("C51 create returns a memory with content null under the basic default", async () => {
    const s = await h.store();
    const res = await h.raw("POST", `/v1/memory_stores/${s.id}/memories`, { body: { path: "/projects/foo/notes.md", content: "first" } });
    expect(res.status).toBe(200);
    const m = res.json;
    expect(Object.keys(m).sort()).toEqual(
      ["content", "content_sha256", "content_size_bytes", "created_at", "id", "memory_store_id", "memory_version_id", "path", "type", "updated_at"].sort(),
    );
    expect(m).toMatchObject({ type: "memory", memory_store_id: s.id, path: "/projects/foo/notes.md", content: null, content_size_bytes: 5 });
    expect(m.content_sha256).toBe(sha256("first"));
    expect(m.id).toMatch(/^mem_/);
    expect(m.memory_version_id).toMatch(/^memver_/);
    expect(m.updated_at).toBe(m.created_at);
  });

  it("C52 ?view=full returns the content", async () => {
    const s = await h.store();
    const m = await memories().create(s.id, { path: "/a.md", content: "first", view: "full" });
    expect(m.content).toBe("first");
  });

  it("C53 empty content has size 0 and the empty-string hash", async () => {
    const s = await h.store();
    const m = await memories().create(s.id, { path: "/empty", content: "" });
    expect(m.content_size_bytes).toBe(0);
    expect(m.content_sha256).toBe(EMPTY_SHA);
  });

  it("C54 102,400 bytes are accepted and 102,401 refused", async () => {
    const s = await h.store();
    const ok = await memories().create(s.id, { path: "/max", content: "é".repeat(51_200) });
    expect(ok.content_size_bytes).toBe(102_400);
    const err = await sdkError(memories().create(s.id, { path: "/over", content: "x".repeat(102_401) }));
    expect(err.status).toBe(400);
    expect(err.type).toBe("invalid_request_error");
  });

  it("C55 multibyte content: size counts UTF-8 bytes and the hash is over them", async () => {
    const s = await h.store();
    const content = "naïve 🧠 日本";
    const m = await memories().create(s.id, { path: "/mb", content });
    expect(m.content_size_bytes).toBe(Buffer.byteLength(content, "utf8"));
    expect(m.content_sha256).toBe(sha256(content));
  });

  it("C56 content absent or null, or path absent → 400", async () => {
    const s = await h.store();
    for (const body of [{ path: "/a" }, { path: "/a", content: null }, { content: "x" }, { path: 5, content: "x" }])
      expectError(await h.raw("POST", `/v1/memory_stores/${s.id}/memories`, { body }), 400, "invalid_request_error");
  });

  it("C57 create writes one `created` version attributed to the key's api_actor", async () => {
    const s = await h.store();
    const m = await memories().create(s.id, { path: "/v.md", content: "v" });
    const versions = await h.client.beta.memoryStores.memoryVersions.list(s.id, { memory_id: m.id });
    expect(versions.data).toHaveLength(1);
    expect(versions.data[0]).toMatchObject({ operation: "created", id: m.memory_version_id });
    expect(versions.data[0]!.created_by).toEqual({ type: "api_actor", api_key_id: h.server.bootstrap!.apiKeyId });
  });

  it("C58 creating at an existing path → 409 memory_path_conflict_error naming the existing memory", async () => {
    const s = await h.store();
    const m = await memories().create(s.id, { path: "/taken.md", content: "a" });
    const res = await h.raw("POST", `/v1/memory_stores/${s.id}/memories`, { body: { path: "/taken.md", content: "b" } });
    const err = expectError(res, 409, "memory_path_conflict_error");
    expect(err.conflicting_memory_id).toBe(m.id);
    expect(err.conflicting_path).toBe("/taken.md");
  });

  it("C59 with /a/b present, /a and /a/b/c → 409 naming /a/b", async () => {
    const s = await h.store();
    const ab = await memories().create(s.id, { path: "/a/b", content: "" });
    for (const path of ["/a", "/a/b/c"]) {
      const err = expectError(await h.raw("POST", `/v1/memory_stores/${s.id}/memories`, { body: { path, content: "" } }), 409, "memory_path_conflict_error");
      expect(err).toMatchObject({ conflicting_memory_id: ab.id, conflicting_path: "/a/b" });
    }
  });

  it("C60 with /a/b present, /ab and /a_b are fine", async () => {
    const s = await h.store();
    await memories().create(s.id, { path: "/a/b", content: "" });
    await memories().create(s.id, { path: "/ab", content: "" });
    await memories().create(s.id, { path: "/a_b", content: "" });
  });

  it("C61 creating in an archived store → 400", async () => {
    const s = await h.store();
    await h.client.beta.memoryStores.archive(s.id);
    const err = await sdkError(memories().create(s.id, { path: "/x", content: "" }));
    expect(err.status).toBe(400);
    expect(err.type).toBe("invalid_request_error");
  });

  it("C63 /.anthropic-memory-store is an ordinary memory", async () => {
    const s = await h.store();
    const m = await memories().create(s.id, { path: "/.anthropic-memory-store", content: "version 1\nx" });
    expect(m.path).toBe("/.anthropic-memory-store");
  });

  it("C64 creating in an unknown store → 404", async () => {
    const err = await sdkError(memories().create("memstore_011CZkZaBF1tNoB5wlCeusgy", { path: "/x", content: "" }));
    expect(err).toBeInstanceOf(Anthropic.NotFoundError);
  });
});

describe("memories: retrieve / list", () => {
  it("C73 retrieve defaults to full; view=basic nulls content but keeps hash and size", async () => {
    const s = await h.store();
    const m = await memories().create(s.id, { path: "/r.md", content: "body" });
    const full = await memories().retrieve(m.id, { memory_store_id: s.id });
    expect(full.content).toBe("body");
    const basic = await memories().retrieve(m.id, { memory_store_id: s.id, view: "basic" });
    expect(basic).toMatchObject({ content: null, content_sha256: sha256("body"), content_size_bytes: 4 });
  });

  it("C74 view=raw → 400", async () => {
    const s = await h.store();
    const m = await memories().create(s.id, { path: "/r.md", content: "body" });
    expectError(await h.raw("GET", `/v1/memory_stores/${s.id}/memories/${m.id}?view=raw`), 400, "invalid_request_error");
  });

  it("C75 a memory read through another store's id → 404", async () => {
    const [a, b] = [await h.store(), await h.store()];
    const m = await memories().create(a.id, { path: "/r.md", content: "body" });
    expect(await sdkError(memories().retrieve(m.id, { memory_store_id: b.id }))).toBeInstanceOf(Anthropic.NotFoundError);
  });

  it("C76 list items are basic memories in byte-wise path order", async () => {
    const s = await h.store();
    for (const path of ["/a.md", "/B.md", "/b/c.md"]) await memories().create(s.id, { path, content: path });
    const page = await memories().list(s.id);
    expect(page.data.map((m) => (m as { path: string }).path)).toEqual(["/B.md", "/a.md", "/b/c.md"]);
    for (const m of page.data) expect(m).toMatchObject({ type: "memory", content: null, content_sha256: expect.any(String) });
  });

  it("C77 view=full lists content", async () => {
    const s = await h.store();
    await memories().create(s.id, { path: "/a.md", content: "A" });
    const page = await memories().list(s.id, { view: "full" });
    expect(page.data[0]).toMatchObject({ content: "A" });
  });

  describe("25 memories", () => {
    let storeId: string;
    let paths: string[];
    beforeAll(async () => {
      storeId = (await h.store()).id;
      paths = Array.from({ length: 25 }, (_, i) => `/m/${String(i).padStart(2, "0")}.md`);
      await pool(paths, 8, (path) => memories().create(storeId, { path, content: path }));
    });

    it("C78 view=full caps pages at 20; basic limit=100 returns all 25; default is 20", async () => {
      const full = await h.raw("GET", `/v1/memory_stores/${storeId}/memories?view=full&limit=100`);
      expect(full.json.data).toHaveLength(20);
      expect(full.json.next_page).toMatch(/^page_/);
      const basic = await h.raw("GET", `/v1/memory_stores/${storeId}/memories?limit=100`);
      expect(basic.json.data).toHaveLength(25);
      expect(basic.json.next_page).toBeNull();
      expect((await h.raw("GET", `/v1/memory_stores/${storeId}/memories`)).json.data).toHaveLength(20);
    });

    it("C78 the SDK auto-pager over memories yields each memory once (basic and full)", async () => {
      for (const view of ["basic", "full"] as const) {
        const seen: string[] = [];
        for await (const m of memories().list(storeId, { limit: 7, view })) seen.push((m as { path: string }).path);
        expect(seen).toEqual(paths);
      }
    });
  });

  it("C79 path_prefix matches whole segments", async () => {
    const s = await h.store();
    for (const path of ["/notes/a.md", "/notes/deep/b.md", "/notes-archive/old.md"]) await memories().create(s.id, { path, content: "" });
    const page = await memories().list(s.id, { path_prefix: "/notes/" });
    expect(page.data.map((m) => (m as { path: string }).path)).toEqual(["/notes/a.md", "/notes/deep/b.md"]);
  });

  it("C80 path_prefix without a trailing slash → 400", async () => {
    const s = await h.store();
    expectError(await h.raw("GET", `/v1/memory_stores/${s.id}/memories?path_prefix=/notes`), 400, "invalid_request_error");
  });

  describe("depth=1", () => {
    let storeId: string;
    const paths = ["/a_b", "/acb/x", "/notes/a.md", "/notes/deep/b.md", "/notes/deep/c.md", "/notes/z.md", "/notes-archive/o.md", "/z.md"];
    beforeAll(async () => {
      storeId = (await h.store()).id;
      for (const path of paths) await memories().create(storeId, { path, content: "" });
    });

    it("C81 at the root: memories and roll-ups interleaved in byte order", async () => {
      const page = await h.raw("GET", `/v1/memory_stores/${storeId}/memories?depth=1`);
      expect(page.json.data.map((i: { type: string; path: string }) => [i.type, i.path])).toEqual([
        ["memory", "/a_b"],
        ["memory_prefix", "/acb/"],
        ["memory_prefix", "/notes-archive/"],
        ["memory_prefix", "/notes/"],
        ["memory", "/z.md"],
      ]);
    });

    it("C82 memory_prefix items are exactly {type, path}", async () => {
      const page = await h.raw("GET", `/v1/memory_stores/${storeId}/memories?depth=1`);
      expect(page.json.data[1]).toEqual({ type: "memory_prefix", path: "/acb/" });
    });

    it("C83 depth=1 under a prefix, then drilling into a returned prefix", async () => {
      const page = await memories().list(storeId, { depth: 1, path_prefix: "/notes/" });
      expect(page.data.map((i) => [i.type, i.path])).toEqual([
        ["memory", "/notes/a.md"],
        ["memory_prefix", "/notes/deep/"],
        ["memory", "/notes/z.md"],
      ]);
      const deeper = await memories().list(storeId, { depth: 1, path_prefix: page.data[1]!.path });
      expect(deeper.data.map((i) => i.path)).toEqual(["/notes/deep/b.md", "/notes/deep/c.md"]);
    });

    it("C84 depth=1&limit=2 paged to the end equals one big page", async () => {
      const big = (await h.raw("GET", `/v1/memory_stores/${storeId}/memories?depth=1&limit=100`)).json.data;
      const paged: unknown[] = [];
      for await (const item of memories().list(storeId, { depth: 1, limit: 2 })) paged.push(item);
      expect(paged).toEqual(big);
    });

    it("C85 depth=2, -1 and all → 400", async () => {
      for (const depth of ["2", "-1", "all"])
        expectError(await h.raw("GET", `/v1/memory_stores/${storeId}/memories?depth=${depth}`), 400, "invalid_request_error");
    });

    it("C86 legacy order_by/order are accepted and ignored", async () => {
      const plain = await h.raw("GET", `/v1/memory_stores/${storeId}/memories`);
      const legacy = await h.raw("GET", `/v1/memory_stores/${storeId}/memories?order_by=path&order=desc`);
      expect(legacy.json).toEqual(plain.json);
    });
  });

  it("C87 listing an archived store works; an unknown store → 404", async () => {
    const s = await h.store();
    await memories().create(s.id, { path: "/a", content: "" });
    await h.client.beta.memoryStores.archive(s.id);
    expect((await memories().list(s.id)).data).toHaveLength(1);
    expectError(await h.raw("GET", "/v1/memory_stores/memstore_011CZkZaBF1tNoB5wlCeusgy/memories"), 404, "not_found_error");
  });
});
