import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, pool, sdkError, startHarness, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const memories = () => h.client.beta.memoryStores.memories;
const versions = () => h.client.beta.memoryStores.memoryVersions;

/** One memory taken through create, content update, rename and delete. */
async function lineage() {
  const s = await h.store();
  const m = await memories().create(s.id, { path: "/life.md", content: "v1" });
  const u1 = await memories().update(m.id, { memory_store_id: s.id, content: "v2" });
  const u2 = await memories().update(m.id, { memory_store_id: s.id, path: "/moved.md" });
  await memories().delete(m.id, { memory_store_id: s.id });
  return { s, m, heads: [m.memory_version_id, u1.memory_version_id, u2.memory_version_id] };
}

describe("versions", () => {
  it("C109 create, update, rename, delete → deleted, modified, modified, created (newest first)", async () => {
    const { s } = await lineage();
    const page = await versions().list(s.id);
    expect(page.data.map((v) => v.operation)).toEqual(["deleted", "modified", "modified", "created"]);
  });

  it("C110 the basic default nulls content but keeps hash and size on live versions", async () => {
    const { s } = await lineage();
    const page = await h.raw("GET", `/v1/memory_stores/${s.id}/memory_versions`);
    const [deleted, ...rest] = page.json.data;
    expect(Object.keys(deleted).sort()).toEqual(
      ["content", "content_sha256", "content_size_bytes", "created_at", "created_by", "id", "memory_id", "memory_store_id", "operation", "path", "redacted_at", "redacted_by", "type"].sort(),
    );
    for (const v of rest) expect(v).toMatchObject({ content: null, content_sha256: expect.any(String), content_size_bytes: 2, redacted_at: null, redacted_by: null });
  });

  describe("25 versions", () => {
    let storeId: string;
    beforeAll(async () => {
      storeId = (await h.store()).id;
      await pool(Array.from({ length: 25 }, (_, i) => i), 8, (i) => memories().create(storeId, { path: `/v/${i}`, content: `${i}` }));
    });

    it("C111 view=full caps the page at 20 with a cursor; the default is 20", async () => {
      const full = await h.raw("GET", `/v1/memory_stores/${storeId}/memory_versions?view=full&limit=100`);
      expect(full.json.data).toHaveLength(20);
      expect(full.json.next_page).toMatch(/^page_/);
      expect((await h.raw("GET", `/v1/memory_stores/${storeId}/memory_versions`)).json.data).toHaveLength(20);
    });

    it("C111 the SDK auto-pager over versions yields all 25 once, newest first", async () => {
      const seen: Anthropic.Beta.MemoryStores.BetaManagedAgentsMemoryVersion[] = [];
      for await (const v of versions().list(storeId, { limit: 6 })) seen.push(v);
      expect(new Set(seen.map((v) => v.id)).size).toBe(25);
      const keys = seen.map((v) => v.created_at + v.id);
      expect([...keys].sort().reverse()).toEqual(keys);
    });
  });

  it("C112 memory_id of a deleted memory → its whole lineage, deleted version included", async () => {
    const { s, m } = await lineage();
    await memories().create(s.id, { path: "/unrelated", content: "" });
    const page = await versions().list(s.id, { memory_id: m.id });
    expect(page.data).toHaveLength(4);
    expect(page.data[0]!.operation).toBe("deleted");
  });

  it("C113 operation=deleted filters; operation=renamed → 400", async () => {
    const { s } = await lineage();
    const page = await versions().list(s.id, { operation: "deleted" });
    expect(page.data.map((v) => v.operation)).toEqual(["deleted"]);
    expectError(await h.raw("GET", `/v1/memory_stores/${s.id}/memory_versions?operation=renamed`), 400, "invalid_request_error");
  });

  it("C114 api_key_id filters by writer; an unknown key id → empty page", async () => {
    const s = await h.store();
    const other = h.newKey("read_write", "root");
    await memories().create(s.id, { path: "/mine", content: "" });
    await h.clientFor(other.key).beta.memoryStores.memories.create(s.id, { path: "/theirs", content: "" });
    const theirs = await versions().list(s.id, { api_key_id: other.apiKeyId });
    expect(theirs.data.map((v) => v.path)).toEqual(["/theirs"]);
    expect(theirs.data[0]!.created_by).toEqual({ type: "api_actor", api_key_id: other.apiKeyId });
    expect((await versions().list(s.id, { api_key_id: "apikey_011CZkZaBF1tNoB5wlCeusgy" })).data).toEqual([]);
    expectError(await h.raw("GET", `/v1/memory_stores/${s.id}/memory_versions?api_key_id=nope`), 400, "invalid_request_error");
  });

  it("C116 service_account_id on a server that never emits that actor → empty page", async () => {
    const { s } = await lineage();
    expect((await versions().list(s.id, { service_account_id: "svac_x" })).data).toEqual([]);
  });

  it("C117 created_at[gte] and [lte] at a version's exact timestamp include it", async () => {
    const { s, heads } = await lineage();
    const v = await versions().retrieve(heads[1]!, { memory_store_id: s.id });
    const t = encodeURIComponent(v.created_at);
    for (const op of ["gte", "lte"]) {
      const res = await h.raw("GET", `/v1/memory_stores/${s.id}/memory_versions?created_at%5B${op}%5D=${t}`);
      expect(res.json.data.map((x: { id: string }) => x.id)).toContain(v.id);
    }
    const both = await h.raw("GET", `/v1/memory_stores/${s.id}/memory_versions?created_at%5Bgte%5D=${t}&created_at%5Blte%5D=${t}`);
    expect(both.json.data.map((x: { id: string }) => x.id)).toEqual([v.id]);
  });

  it("C118 order is created_at then id, descending; a store's timestamps never tie, even on a stopped clock", async () => {
    // The engine keeps each store's commit times strictly increasing, so the id tie-break
    // cannot be observed through one store's listing (docs/divergences.md, C118).
    const s = await h.store();
    h.clock.freeze();
    try {
      for (let i = 0; i < 4; i++) await memories().create(s.id, { path: `/same/${i}`, content: "" });
    } finally {
      h.clock.thaw();
    }
    const page = await versions().list(s.id);
    const times = page.data.map((v) => v.created_at);
    expect(new Set(times).size).toBe(4);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("C119 retrieve defaults to full; view=basic nulls content", async () => {
    const { s, heads } = await lineage();
    expect((await versions().retrieve(heads[0]!, { memory_store_id: s.id })).content).toBe("v1");
    expect((await versions().retrieve(heads[0]!, { memory_store_id: s.id, view: "basic" })).content).toBeNull();
  });

  it("C120 a version id from another store, or unknown → 404", async () => {
    const { heads } = await lineage();
    const other = await h.store();
    expect(await sdkError(versions().retrieve(heads[0]!, { memory_store_id: other.id }))).toBeInstanceOf(Anthropic.NotFoundError);
    for (const id of ["memver_" + "0".repeat(40), "memver_nothex", "mem_x"])
      expectError(await h.raw("GET", `/v1/memory_stores/${other.id}/memory_versions/${id}`), 404, "not_found_error");
  });
});

describe("redaction", () => {
  async function twoVersions() {
    const s = await h.store();
    const m = await memories().create(s.id, { path: "/secret.md", content: "password=hunter2" });
    const u = await memories().update(m.id, { memory_store_id: s.id, content: "password=<removed>" });
    return { s, old: m.memory_version_id, head: u.memory_version_id, memory: u };
  }

  it("C121 redacting an older version nulls its four fields and records who and when", async () => {
    const { s, old } = await twoVersions();
    const res = await h.raw("POST", `/v1/memory_stores/${s.id}/memory_versions/${old}/redact`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      id: old,
      operation: "created",
      path: null,
      content: null,
      content_sha256: null,
      content_size_bytes: null,
      created_by: { type: "api_actor", api_key_id: h.server.bootstrap!.apiKeyId },
      redacted_by: { type: "api_actor", api_key_id: h.server.bootstrap!.apiKeyId },
    });
    expect(res.json.redacted_at).toEqual(expect.any(String));
  });

  it("C122 a redacted version reads back with the same nulls, in every view and listing", async () => {
    const { s, old } = await twoVersions();
    const redacted = await versions().redact(old, { memory_store_id: s.id });
    expect(await versions().retrieve(old, { memory_store_id: s.id })).toEqual(redacted);
    const listed = (await versions().list(s.id, { view: "full" })).data.find((v) => v.id === old);
    expect(listed).toEqual(redacted);
    const dump = JSON.stringify(await h.raw("GET", `/v1/memory_stores/${s.id}/memory_versions?view=full&limit=100`));
    expect(dump).not.toContain("hunter2");
  });

  it("C123 the head of a live memory cannot be redacted (400, nothing changes)", async () => {
    const { s, head } = await twoVersions();
    expectError(await h.raw("POST", `/v1/memory_stores/${s.id}/memory_versions/${head}/redact`), 400, "invalid_request_error");
    expect((await versions().retrieve(head, { memory_store_id: s.id })).redacted_at).toBeNull();
  });

  it("C124 after deleting the memory its former head is redactable", async () => {
    const { s, head, memory } = await twoVersions();
    await memories().delete(memory.id, { memory_store_id: s.id });
    expect((await versions().redact(head, { memory_store_id: s.id })).content_sha256).toBeNull();
  });

  it("C125 redacting twice returns the first redaction unchanged", async () => {
    const { s, old } = await twoVersions();
    const first = await versions().redact(old, { memory_store_id: s.id });
    const second = await versions().redact(old, { memory_store_id: s.id });
    expect(second).toEqual(first);
  });

  it("C126 a non-head version in an archived store is redactable", async () => {
    const { s, old } = await twoVersions();
    await h.client.beta.memoryStores.archive(s.id);
    expect((await versions().redact(old, { memory_store_id: s.id })).redacted_at).not.toBeNull();
  });

  it("C127 redacting an old version leaves the memory untouched", async () => {
    const { s, old, memory } = await twoVersions();
    await versions().redact(old, { memory_store_id: s.id });
    const after = await memories().retrieve(memory.id, { memory_store_id: s.id });
    expect(after).toMatchObject({
      content: "password=<removed>",
      content_sha256: memory.content_sha256,
      memory_version_id: memory.memory_version_id,
      updated_at: memory.updated_at,
    });
  });

  it("redact needs an admin key (read_write → 403 permission_error)", async () => {
    const { s, old } = await twoVersions();
    const writer = h.newKey("read_write", "root");
    const err = await sdkError(h.clientFor(writer.key).beta.memoryStores.memoryVersions.redact(old, { memory_store_id: s.id }));
    expect(err).toBeInstanceOf(Anthropic.PermissionDeniedError);
  });
});
