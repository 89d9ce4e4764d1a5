import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, sdkError, startHarness, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const stores = () => h.client.beta.memoryStores;

describe("stores: create / retrieve", () => {
  it("C15 create returns a full memory_store with explicit defaults", async () => {
    const res = await h.raw("POST", "/v1/memory_stores", { body: { name: "User Preferences" } });
    expect(res.status).toBe(200);
    const s = res.json;
    expect(Object.keys(s).sort()).toEqual(
      ["archived_at", "created_at", "description", "id", "metadata", "name", "type", "updated_at"].sort(),
    );
    expect(s).toMatchObject({ type: "memory_store", name: "User Preferences", description: "", metadata: {}, archived_at: null });
    expect(s.id).toMatch(/^memstore_/);
    expect(s.updated_at).toBe(s.created_at);
    expect(new Date(s.created_at).toISOString()).toBe(s.created_at);
  });

  it("C16 description of 1,024 chars and 16 metadata pairs are echoed", async () => {
    const metadata = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, `v${i}`]));
    const s = await stores().create({ name: "full", description: "d".repeat(1024), metadata });
    expect(s.description).toBe("d".repeat(1024));
    expect(s.metadata).toEqual(metadata);
  });

  it("C17 a 255-code-point name is accepted", async () => {
    const s = await stores().create({ name: "é".repeat(255) });
    expect(s.name).toBe("é".repeat(255));
  });

  it("C18 no name → 400 `name: Field required`", async () => {
    const err = expectError(await h.raw("POST", "/v1/memory_stores", { body: {} }), 400, "invalid_request_error");
    expect(err.message).toBe("name: Field required");
    const noBody = expectError(await h.raw("POST", "/v1/memory_stores"), 400, "invalid_request_error");
    expect(noBody.message).toBe("name: Field required");
  });

  it("C19 empty name → 400 `name: minimum string length is 1`", async () => {
    const err = expectError(await h.raw("POST", "/v1/memory_stores", { body: { name: "" } }), 400, "invalid_request_error");
    expect(err.message).toBe("name: minimum string length is 1");
  });

  it("C20 a 256-character name or a control character in the name → 400", async () => {
    for (const name of ["n".repeat(256), "bell\u0007"])
      expectError(await h.raw("POST", "/v1/memory_stores", { body: { name } }), 400, "invalid_request_error");
  });

  it("C21 a 1,025-character description → 400", async () => {
    const res = await h.raw("POST", "/v1/memory_stores", { body: { name: "x", description: "d".repeat(1025) } });
    expectError(res, 400, "invalid_request_error");
  });

  it("C22 17 pairs, a 65-char or empty key, or a 513-char value → 400", async () => {
    const seventeen = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"]));
    for (const metadata of [seventeen, { ["k".repeat(65)]: "v" }, { "": "v" }, { k: "v".repeat(513) }, { k: 1 }])
      expectError(await h.raw("POST", "/v1/memory_stores", { body: { name: "x", metadata } }), 400, "invalid_request_error");
  });

  it("C23 two stores may share a name", async () => {
    const [a, b] = await Promise.all([stores().create({ name: "same" }), stores().create({ name: "same" })]);
    expect(a.id).not.toBe(b.id);
  });

  it("C24 retrieve returns the same shape as create", async () => {
    const created = await stores().create({ name: "r", description: "d", metadata: { a: "1" } });
    expect(await stores().retrieve(created.id)).toEqual(created);
  });

  it("C25 unknown, malformed or wrong-prefix ids → 404 `memory store not found: <id>`", async () => {
    for (const id of ["memstore_011CZkZaBF1tNoB5wlCeusgy", "junk", "mem_011CZkZaBF1tNoB5wlCeusgy", "memstore_%00", "%F0%9F%92%A9"]) {
      const err = expectError(await h.raw("GET", `/v1/memory_stores/${id}`), 404, "not_found_error");
      expect(err.message).toBe(`memory store not found: ${decodeURIComponent(id)}`);
    }
  });
});

describe("stores: update", () => {
  it("C26 name and description are replaced and updated_at advances", async () => {
    const s = await stores().create({ name: "before" });
    const u = await stores().update(s.id, { name: "Renamed", description: "d" });
    expect(u).toMatchObject({ name: "Renamed", description: "d", created_at: s.created_at });
    expect(u.updated_at > s.updated_at).toBe(true);
  });

  it("C27 metadata is a patch: strings upsert, null deletes, omitted keys stay", async () => {
    const s = await stores().create({ name: "m", metadata: { x: "0", y: "2" } });
    const u = await stores().update(s.id, { metadata: { a: "1", x: null } });
    expect(u.metadata).toEqual({ y: "2", a: "1" });
  });

  it("C28 metadata: null → 400 with the recorded message", async () => {
    const s = await h.store();
    const err = expectError(await h.raw("POST", `/v1/memory_stores/${s.id}`, { body: { metadata: null } }), 400, "invalid_request_error");
    expect(err.message).toBe(
      'Failed to parse request: params: field "metadata": null is not a valid value for a map field; omit the field to preserve, or set individual keys to null to delete them',
    );
  });

  it("C29 an update leaving 17 metadata pairs → 400 and the store is unchanged", async () => {
    const metadata = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, "v"]));
    const s = await stores().create({ name: "m16", metadata });
    expect((await sdkError(stores().update(s.id, { metadata: { extra: "v" } }))).status).toBe(400);
    expect(await stores().retrieve(s.id)).toEqual(s);
  });

  it("C30 description \"\" or null clears it", async () => {
    const s = await stores().create({ name: "d", description: "something" });
    expect((await stores().update(s.id, { description: "" })).description).toBe("");
    await stores().update(s.id, { description: "again" });
    expect((await stores().update(s.id, { description: null })).description).toBe("");
  });

  it("C31 name: null → 400 `name cannot be empty`", async () => {
    const s = await h.store();
    const err = expectError(await h.raw("POST", `/v1/memory_stores/${s.id}`, { body: { name: null } }), 400, "invalid_request_error");
    expect(err.message).toBe("name cannot be empty");
  });

  it("C32 {} or no body → 400 with the recorded message", async () => {
    const s = await h.store();
    for (const init of [{ body: {} }, {}]) {
      const err = expectError(await h.raw("POST", `/v1/memory_stores/${s.id}`, init), 400, "invalid_request_error");
      expect(err.message).toBe("at least one of name, description, or metadata must be provided");
    }
  });

  it("C33 an update with identical values leaves updated_at alone", async () => {
    const s = await stores().create({ name: "same", description: "d", metadata: { a: "1" } });
    const u = await stores().update(s.id, { name: "same", description: "d", metadata: { a: "1" } });
    expect(u.updated_at).toBe(s.updated_at);
  });

  it("C34 updating an archived store → 400 `cannot modify archived resource: memory store <id>`", async () => {
    const s = await h.store();
    await stores().archive(s.id);
    const err = expectError(await h.raw("POST", `/v1/memory_stores/${s.id}`, { body: { name: "n" } }), 400, "invalid_request_error");
    expect(err.message).toBe(`cannot modify archived resource: memory store ${s.id}`);
  });

  it("C35 updating an unknown store with a valid body → 404", async () => {
    const err = await sdkError(stores().update("memstore_011CZkZaBF1tNoB5wlCeusgy", { name: "n" }));
    expect(err).toBeInstanceOf(Anthropic.NotFoundError);
  });
});

describe("stores: list", () => {
  let l: Harness;
  const ids: string[] = [];
  beforeAll(async () => {
    l = await startHarness();
    for (let i = 0; i < 21; i++) ids.push((await l.client.beta.memoryStores.create({ name: `s${i}` })).id);
  });
  afterAll(() => l.close());

  it("C36 list is {data, next_page}, newest first", async () => {
    const res = await l.raw("GET", "/v1/memory_stores?limit=100");
    expect(Object.keys(res.json).sort()).toEqual(["data", "next_page"]);
    const created = res.json.data.map((s: { created_at: string }) => s.created_at);
    expect([...created].sort().reverse()).toEqual(created);
    expect(res.json.data.map((s: { id: string }) => s.id)).toEqual(
      [...ids].reverse().filter((id) => res.json.data.some((s: { id: string }) => s.id === id)),
    );
  });

  it("C37 archived stores are hidden unless include_archived=true", async () => {
    const archived = await l.client.beta.memoryStores.create({ name: "to-archive" });
    await l.client.beta.memoryStores.archive(archived.id);
    const plain = await l.raw("GET", "/v1/memory_stores?limit=100");
    expect(plain.json.data.some((s: { id: string }) => s.id === archived.id)).toBe(false);
    const all = await l.raw("GET", "/v1/memory_stores?limit=100&include_archived=true");
    const found = all.json.data.find((s: { id: string }) => s.id === archived.id);
    expect(found.archived_at).not.toBeNull();
  });

  it("C38 21 stores: default page of 20 with a cursor; limit=100 returns all 21 and next_page null", async () => {
    const first = await l.raw("GET", "/v1/memory_stores");
    expect(first.json.data).toHaveLength(20);
    expect(first.json.next_page).toMatch(/^page_/);
    const all = await l.raw("GET", "/v1/memory_stores?limit=100");
    expect(all.json.data).toHaveLength(21);
    expect(all.json.next_page).toBeNull();
  });

  it("C39 limit=0, 101 and abc → 400", async () => {
    for (const limit of ["0", "101", "abc"])
      expectError(await l.raw("GET", `/v1/memory_stores?limit=${limit}`), 400, "invalid_request_error");
  });

  it("C40 walking next_page with limit=1 visits every store once", async () => {
    const seen: string[] = [];
    let page: string | null = null;
    do {
      const res: Awaited<ReturnType<typeof l.raw>> = await l.raw("GET", `/v1/memory_stores?limit=1${page ? `&page=${page}` : ""}`);
      expect(res.status).toBe(200);
      seen.push(...res.json.data.map((s: { id: string }) => s.id));
      page = res.json.next_page;
    } while (page);
    expect(seen).toHaveLength(21);
    expect(new Set(seen)).toEqual(new Set(ids));
  });

  it("C41 the SDK auto-pager yields every store exactly once", async () => {
    const seen: string[] = [];
    for await (const s of l.client.beta.memoryStores.list({ limit: 5 })) seen.push(s.id);
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it("C42 created_at[gte] and [lte] at a store's exact created_at include it", async () => {
    const x = await l.client.beta.memoryStores.retrieve(ids[10]!);
    const t = encodeURIComponent(x.created_at);
    const gte = await l.raw("GET", `/v1/memory_stores?limit=100&created_at%5Bgte%5D=${t}`);
    const lte = await l.raw("GET", `/v1/memory_stores?limit=100&created_at%5Blte%5D=${t}`);
    expect(gte.json.data.map((s: { id: string }) => s.id)).toContain(x.id);
    expect(lte.json.data.map((s: { id: string }) => s.id)).toContain(x.id);
    const sdk = await l.client.beta.memoryStores.list({ "created_at[gte]": x.created_at, limit: 100 } as never);
    expect(sdk.data.map((s) => s.id)).toContain(x.id);
  });

  it("C43 created_at[gte] in the future → empty page, next_page null", async () => {
    const res = await l.raw("GET", "/v1/memory_stores?created_at[gte]=2999-01-01T00:00:00Z");
    expect(res.json).toEqual({ data: [], next_page: null });
  });

  it("C44 include_archived=maybe, created_at[gte]=yesterday or a garbage page → 400", async () => {
    for (const q of ["include_archived=maybe", "created_at%5Bgte%5D=yesterday", "page=garbage", "page=page_AAAA"])
      expectError(await l.raw("GET", `/v1/memory_stores?${q}`), 400, "invalid_request_error");
    const memories = await l.raw("GET", `/v1/memory_stores/${ids[0]}/memories?limit=1`);
    expect(memories.status).toBe(200);
    const first = await l.raw("GET", "/v1/memory_stores?limit=1");
    const foreign = await l.raw("GET", `/v1/memory_stores/${ids[0]}/memory_versions?page=${first.json.next_page}`);
    expectError(foreign, 400, "invalid_request_error");
  });
});

describe("stores: archive / delete", () => {
  it("C45 archive with no body and no content-type sets archived_at and advances updated_at", async () => {
    const s = await h.store();
    const res = await h.raw("POST", `/v1/memory_stores/${s.id}/archive`);
    expect(res.status).toBe(200);
    expect(res.json.archived_at).not.toBeNull();
    expect(res.json.updated_at > s.updated_at).toBe(true);
  });

  it("C46 a second archive returns the original timestamps", async () => {
    const s = await h.store();
    const first = await stores().archive(s.id);
    const second = await stores().archive(s.id);
    expect(second.archived_at).toBe(first.archived_at);
    expect(second.updated_at).toBe(first.updated_at);
  });

  it("C47 an archived store can be retrieved", async () => {
    const s = await h.store();
    await stores().archive(s.id);
    expect((await stores().retrieve(s.id)).archived_at).not.toBeNull();
  });

  it("C48 delete → {id, type: memory_store_deleted}", async () => {
    const s = await h.store();
    expect(await stores().delete(s.id)).toEqual({ id: s.id, type: "memory_store_deleted" });
  });

  it("C49 after delete every route under the store is 404", async () => {
    const s = await h.store();
    const m = await stores().memories.create(s.id, { path: "/a.md", content: "a" });
    await stores().delete(s.id);
    const paths = [
      `/v1/memory_stores/${s.id}`,
      `/v1/memory_stores/${s.id}/memories`,
      `/v1/memory_stores/${s.id}/memories/${m.id}`,
      `/v1/memory_stores/${s.id}/memory_versions`,
      `/v1/memory_stores/${s.id}/memory_versions/${m.memory_version_id}`,
    ];
    for (const p of paths) expectError(await h.raw("GET", p), 404, "not_found_error");
  });

  it("C50 deleting an archived store works; delete/archive of an unknown store → 404", async () => {
    const s = await h.store();
    await stores().archive(s.id);
    expect((await stores().delete(s.id)).type).toBe("memory_store_deleted");
    expectError(await h.raw("DELETE", `/v1/memory_stores/${s.id}`), 404, "not_found_error");
    expectError(await h.raw("POST", `/v1/memory_stores/${s.id}/archive`), 404, "not_found_error");
  });
});
