// memgit's history extension (issue 11 part 3, docs/api-extensions.md) through the official
// SDK: `client.post`/`client.get` for the extension routes, the typed methods for the standard
// ones (with `as_of` added to their query).
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, sdkError, startHarness, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

type Point = { as_of: string; memory_version_id: string | null; checkpoint: string | null };
type WireVersion = Anthropic.Beta.MemoryStores.BetaManagedAgentsMemoryVersion;
type StoreRestore = { type: "memory_store_restore"; memory_store_id: string; restored_to: Point; versions: WireVersion[] };
type MemoryDiff = { type: "memory_diff"; memory_id: string; change: string; path: string | null; previous_path: string | null; from_version_id: string | null; to_version_id: string | null; redacted: boolean; diff: string | null };
type StoreDiff = { type: "memory_store_diff"; from: Point; to: Point; data: MemoryDiff[]; next_page: string | null };
type Checkpoint = { type: "memory_store_checkpoint"; name: string; memory_store_id: string; memory_version_id: string; as_of: string; created_at: string; created_by: unknown };

const memories = (c: Anthropic) => c.beta.memoryStores.memories;

/** The standard list with `as_of` added (the SDK passes unknown params through as query). */
async function listAt(storeId: string, asOf?: string, client = h.client) {
  const params = { view: "full", ...(asOf ? { as_of: asOf } : {}) } as Anthropic.Beta.MemoryStores.MemoryListParams;
  const out: Array<[string, string, string | null | undefined]> = [];
  for await (const m of memories(client).list(storeId, { ...params, limit: 1 })) if (m.type === "memory") out.push([m.id, m.path, m.content]);
  return out;
}

async function versionIds(storeId: string) {
  return (await h.client.beta.memoryStores.memoryVersions.list(storeId, { limit: 100 })).data.map((v) => v.id);
}

/** a1 → a2 at a new path, b deleted, c created. */
async function story() {
  const store = await h.store();
  const a = await memories(h.client).create(store.id, { path: "/notes/a.md", content: "a1\n" });
  const b = await memories(h.client).create(store.id, { path: "/notes/b.md", content: "b1\n" });
  const mark = b.memory_version_id;
  const a2 = await memories(h.client).update(a.id, { memory_store_id: store.id, content: "a2\n", path: "/archive/a.md" });
  await memories(h.client).delete(b.id, { memory_store_id: store.id });
  const c = await memories(h.client).create(store.id, { path: "/notes/c.md", content: "c1\n" });
  return { store, a, a2, b, c, mark, markTime: (await h.client.beta.memoryStores.memoryVersions.retrieve(mark, { memory_store_id: store.id })).created_at };
}

describe("reading the past", () => {
  it("GET memories?as_of= and GET memories/{id}?as_of= answer as the store was, by version id, time or checkpoint", async () => {
    const s = await story();
    const then = [
      [s.a.id, "/notes/a.md", "a1\n"],
      [s.b.id, "/notes/b.md", "b1\n"],
    ];
    expect(await listAt(s.store.id, s.mark)).toEqual(then);
    expect(await listAt(s.store.id, s.markTime)).toEqual(then);
    await h.client.post(`/v1/memory_stores/${s.store.id}/checkpoints`, { body: { name: "now" } });
    expect(await listAt(s.store.id, "now")).toEqual(await listAt(s.store.id));
    const b = await memories(h.client).retrieve(s.b.id, { memory_store_id: s.store.id, as_of: s.mark } as Anthropic.Beta.MemoryStores.MemoryRetrieveParams);
    expect(b).toMatchObject({ type: "memory", id: s.b.id, path: "/notes/b.md", content: "b1\n", memory_version_id: s.mark });
    const gone = await sdkError(memories(h.client).retrieve(s.b.id, { memory_store_id: s.store.id, as_of: s.c.memory_version_id } as Anthropic.Beta.MemoryStores.MemoryRetrieveParams));
    expect(gone.status).toBe(404);
  });

  it("a point it cannot answer for is a 400 naming the rule; an unknown version or checkpoint is a 404", async () => {
    const s = await story();
    const base = `/v1/memory_stores/${s.store.id}/memories`;
    let e = expectError(await h.raw("GET", `${base}?as_of=2001-01-01T00:00:00Z`), 400, "invalid_request_error");
    expect(e.message).toContain("as_of: must not be before the memory store was created");
    e = expectError(await h.raw("GET", `${base}?as_of=${encodeURIComponent("not a point")}`), 400, "invalid_request_error");
    expect(e.message).toContain("as_of: must be an RFC 3339 time, a memver_ version id or a checkpoint name");
    expectError(await h.raw("GET", `${base}?as_of=memver_${"0".repeat(40)}`), 404, "not_found_error");
    expectError(await h.raw("GET", `${base}/${s.a.id}?as_of=nope`), 404, "not_found_error");
  });
});

const post = <T = unknown>(path: string, body: unknown, client = h.client, query?: Record<string, string>) => client.post<T>(path, { body, query });
const get = <T = unknown>(path: string, query?: Record<string, string>, client = h.client) => client.get<T>(path, { query });

describe("restore", () => {
  it("POST …/memories/{id}/restore: modified back, or created under its old id when deleted", async () => {
    const s = await story();
    const path = (id: string) => `/v1/memory_stores/${s.store.id}/memories/${id}/restore`;
    const a = await post<Anthropic.Beta.MemoryStores.BetaManagedAgentsMemory>(path(s.a.id), { version_id: s.a.memory_version_id }, h.client, { view: "full" });
    expect(a).toMatchObject({ type: "memory", id: s.a.id, path: "/notes/a.md", content: "a1\n" });
    const b = await post<Anthropic.Beta.MemoryStores.BetaManagedAgentsMemory>(path(s.b.id), { as_of: s.mark });
    expect(b).toMatchObject({ id: s.b.id, path: "/notes/b.md", content: null });
    const versions = await h.client.beta.memoryStores.memoryVersions.list(s.store.id, { memory_id: s.b.id });
    expect(versions.data.map((v) => v.operation)).toEqual(["created", "deleted", "created"]);
    expect(versions.data[0]!.created_by).toEqual({ type: "api_actor", api_key_id: expect.stringMatching(/^apikey_/) });

    // precondition as on update: a stale hash is a 409 and writes nothing.
    const before = await versionIds(s.store.id);
    const stale = { type: "content_sha256", content_sha256: "0".repeat(64) };
    const err = await sdkError(post(path(s.a.id), { version_id: s.a2.memory_version_id, precondition: stale }));
    expect(err.status).toBe(409);
    expect((err.error as { error: { type: string } }).error.type).toBe("memory_precondition_failed_error");
    expect(await versionIds(s.store.id)).toEqual(before);
  });

  it("validates like the rest: one point exactly, strings, known keys; redacted and deleted versions are 400; nothing written", async () => {
    const s = await story();
    const path = `/v1/memory_stores/${s.store.id}/memories/${s.a.id}/restore`;
    const before = await versionIds(s.store.id);
    const cases: Array<[unknown, number, string, string]> = [
      [{}, 400, "invalid_request_error", "give exactly one of version_id, as_of, checkpoint"],
      [{ version_id: s.mark, as_of: s.markTime }, 400, "invalid_request_error", "give exactly one of version_id, as_of, checkpoint"],
      [{ version_id: 7 }, 400, "invalid_request_error", "version_id: Input should be a valid string"],
      [{ version_id: "memver_nope" }, 400, "invalid_request_error", "version_id: must be a version id"],
      [{ version_id: s.mark, extra: 1 }, 400, "invalid_request_error", "extra: Extra inputs are not permitted"],
      [{ version_id: s.b.memory_version_id }, 400, "invalid_request_error", `is a version of memory ${s.b.id}`],
      [{ checkpoint: "bad name" }, 400, "invalid_request_error", "checkpoint: must be 1-100 characters"],
      [{ checkpoint: "missing" }, 404, "not_found_error", "checkpoint not found: missing"],
      [{ version_id: `memver_${"a".repeat(40)}` }, 404, "not_found_error", "memory version not found"],
    ];
    for (const [body, status, type, message] of cases) {
      const e = expectError(await h.raw("POST", path, { body }), status, type);
      expect(e.message, JSON.stringify(body)).toContain(message);
    }
    expectError(await h.raw("POST", `/v1/memory_stores/${s.store.id}/memories/mem_111111111111111111111111/restore`, { body: { version_id: s.mark } }), 404, "not_found_error");
    const deleted = (await h.client.beta.memoryStores.memoryVersions.list(s.store.id, { memory_id: s.b.id, operation: "deleted" })).data[0]!;
    expect(expectError(await h.raw("POST", `/v1/memory_stores/${s.store.id}/memories/${s.b.id}/restore`, { body: { version_id: deleted.id } }), 400, "invalid_request_error").message).toContain("is a deletion");
    await h.client.beta.memoryStores.memoryVersions.redact(s.a.memory_version_id, { memory_store_id: s.store.id });
    expect(expectError(await h.raw("POST", path, { body: { version_id: s.a.memory_version_id } }), 400, "invalid_request_error").message).toContain("redacted");
    expect(await versionIds(s.store.id)).toEqual(before);
  });

  it("POST …/restore: the whole store becomes the snapshot in one batch and lists what it wrote", async () => {
    const s = await story();
    const target = await listAt(s.store.id, s.mark);
    const r = await post<StoreRestore>(`/v1/memory_stores/${s.store.id}/restore`, { version_id: s.mark });
    expect(r).toMatchObject({ type: "memory_store_restore", memory_store_id: s.store.id, restored_to: { memory_version_id: s.mark, as_of: s.markTime, checkpoint: null } });
    expect(r.versions.map((v) => [v.memory_id, v.operation]).sort()).toEqual([[s.a.id, "modified"], [s.b.id, "created"], [s.c.id, "deleted"]].sort());
    expect(r.versions.every((v) => v.type === "memory_version" && v.content === null)).toBe(true);
    expect(await listAt(s.store.id)).toEqual(target);
    // History is appended to: the restored-over state is still there to go back to.
    const back = await post<StoreRestore>(`/v1/memory_stores/${s.store.id}/restore`, { as_of: s.c.memory_version_id });
    expect(back.versions).toHaveLength(3);
    expect(await listAt(s.store.id)).toEqual(await listAt(s.store.id, s.c.memory_version_id));
    expect((await post<StoreRestore>(`/v1/memory_stores/${s.store.id}/restore`, { as_of: s.c.memory_version_id })).versions).toEqual([]);
  });

  it("a store restore that would bring back redacted content is a 400 and writes none of it", async () => {
    const s = await story();
    await h.client.beta.memoryStores.memoryVersions.redact(s.b.memory_version_id, { memory_store_id: s.store.id });
    const before = await versionIds(s.store.id);
    const e = expectError(await h.raw("POST", `/v1/memory_stores/${s.store.id}/restore`, { body: { version_id: s.mark } }), 400, "invalid_request_error");
    expect(e.message).toContain("redacted");
    expect(await versionIds(s.store.id)).toEqual(before);
    expectError(await h.raw("POST", `/v1/memory_stores/${s.store.id}/restore`, { body: { checkpoint: "x", as_of: s.markTime } }), 400, "invalid_request_error");
  });
});

describe("diffs", () => {
  it("GET …/diff?from=&to= lists created, modified, deleted and renamed memories with unified diffs", async () => {
    const s = await story();
    const d = await get<StoreDiff>(`/v1/memory_stores/${s.store.id}/diff`, { from: s.markTime, to: s.c.memory_version_id });
    expect(d.from.memory_version_id).toBeNull();
    expect(d.to.memory_version_id).toBe(s.c.memory_version_id);
    expect(d.data.map((x) => [x.change, x.path, x.previous_path])).toEqual([
      ["renamed", "/archive/a.md", "/notes/a.md"],
      ["deleted", "/notes/b.md", null],
      ["created", "/notes/c.md", null],
    ]);
    expect(d.data[0]!.diff).toBe("--- a/notes/a.md\n+++ b/archive/a.md\n@@ -1 +1 @@\n-a1\n+a2\n");
    const page = await get<StoreDiff>(`/v1/memory_stores/${s.store.id}/diff`, { from: s.markTime, to: s.c.memory_version_id, limit: "2", view: "basic" });
    expect(page.data.map((x) => x.diff)).toEqual([null, null]);
    const rest = await get<StoreDiff>(`/v1/memory_stores/${s.store.id}/diff`, { from: s.markTime, to: s.c.memory_version_id, limit: "2", view: "basic", page: page.next_page! });
    expect(rest.data.map((x) => x.change)).toEqual(["created"]);
    expectError(await h.raw("GET", `/v1/memory_stores/${s.store.id}/diff?from=${s.mark}`), 400, "invalid_request_error");
    expectError(await h.raw("GET", `/v1/memory_stores/${s.store.id}/diff?from=${s.mark}&to=${s.mark}&page=${page.next_page}`), 400, "invalid_request_error");
  });

  it("GET …/memory_versions/{id}/diff diffs a version against its memory's previous version", async () => {
    const s = await story();
    const d = await get<MemoryDiff>(`/v1/memory_stores/${s.store.id}/memory_versions/${s.a2.memory_version_id}/diff`);
    expect(d).toEqual({
      type: "memory_diff",
      memory_id: s.a.id,
      change: "renamed",
      path: "/archive/a.md",
      previous_path: "/notes/a.md",
      from_version_id: s.a.memory_version_id,
      to_version_id: s.a2.memory_version_id,
      redacted: false,
      diff: "--- a/notes/a.md\n+++ b/archive/a.md\n@@ -1 +1 @@\n-a1\n+a2\n",
    });
    expectError(await h.raw("GET", `/v1/memory_stores/${s.store.id}/memory_versions/memver_${"0".repeat(40)}/diff`), 404, "not_found_error");
  });
});

describe("checkpoints", () => {
  it("POST, GET and DELETE …/checkpoints; names validated; taken names 409; restore by name", async () => {
    const s = await story();
    const base = `/v1/memory_stores/${s.store.id}/checkpoints`;
    const cp = await post<Checkpoint>(base, { name: "before-cleanup" });
    expect(cp).toMatchObject({ type: "memory_store_checkpoint", name: "before-cleanup", memory_store_id: s.store.id, memory_version_id: s.c.memory_version_id, created_by: { type: "api_actor" } });
    expect(await get<Checkpoint>(`${base}/before-cleanup`)).toEqual(cp);
    expect((await get<{ data: Checkpoint[]; next_page: string | null }>(base)).data).toEqual([cp]);
    const taken = expectError(await h.raw("POST", base, { body: { name: "Before-Cleanup" } }), 409, "checkpoint_conflict_error");
    expect(taken.message).toContain("collides with before-cleanup");
    expect(expectError(await h.raw("POST", base, { body: { name: "a/b" } }), 400, "invalid_request_error").message).toContain("name: must be 1-100 characters");
    expectError(await h.raw("POST", base, { body: {} }), 400, "invalid_request_error");

    await memories(h.client).delete(s.c.id, { memory_store_id: s.store.id });
    const r = await post<StoreRestore>(`/v1/memory_stores/${s.store.id}/restore`, { checkpoint: "before-cleanup" });
    expect(r.restored_to.checkpoint).toBe("before-cleanup");
    expect(r.versions.map((v) => [v.memory_id, v.operation])).toEqual([[s.c.id, "created"]]);
    expect(await h.client.delete(`${base}/before-cleanup`)).toEqual({ type: "memory_store_checkpoint_deleted", memory_store_id: s.store.id, name: "before-cleanup" });
    expectError(await h.raw("GET", `${base}/before-cleanup`), 404, "not_found_error");
    expectError(await h.raw("DELETE", `${base}/before-cleanup`), 404, "not_found_error");
  });
});

describe("who may do what", () => {
  it("read-only keys and read-only session attachments read the past but cannot restore or manage checkpoints", async () => {
    const s = await story();
    await post(`/v1/memory_stores/${s.store.id}/checkpoints`, { name: "cp" });
    const ro = h.clientFor(h.newKey("read_only", "root").key);
    const session = await h.client.beta.sessions.create({ agent: "agent_memgit", environment_id: "env_memgit", resources: [{ type: "memory_store", memory_store_id: s.store.id, access: "read_only" }] });
    const minted = await h.raw("POST", `/v1/sessions/${session.id}/tokens`);
    const token = h.clientFor(minted.json.token as string);
    const before = await versionIds(s.store.id);
    for (const c of [ro, token]) {
      expect(await listAt(s.store.id, s.mark, c)).toHaveLength(2);
      expect((await get<StoreDiff>(`/v1/memory_stores/${s.store.id}/diff`, { from: s.mark, to: "cp" }, c)).data).toHaveLength(3);
      expect((await get<{ data: Checkpoint[] }>(`/v1/memory_stores/${s.store.id}/checkpoints`, undefined, c)).data.map((x) => x.name)).toEqual(["cp"]);
      for (const write of [
        () => post(`/v1/memory_stores/${s.store.id}/restore`, { version_id: s.mark }, c),
        () => post(`/v1/memory_stores/${s.store.id}/memories/${s.a.id}/restore`, { version_id: s.mark }, c),
        () => post(`/v1/memory_stores/${s.store.id}/checkpoints`, { name: "mine" }, c),
        () => c.delete(`/v1/memory_stores/${s.store.id}/checkpoints/cp`),
      ])
        expect((await sdkError(write())).status).toBe(403);
    }
    expect(await versionIds(s.store.id)).toEqual(before);
    expect((await get<{ data: Checkpoint[] }>(`/v1/memory_stores/${s.store.id}/checkpoints`)).data.map((x) => x.name)).toEqual(["cp"]);
    // Another workspace does not see the store at all.
    const other = h.clientFor(h.newKey("admin").key);
    expect((await sdkError(get(`/v1/memory_stores/${s.store.id}/checkpoints`, undefined, other))).status).toBe(404);
  });
});
