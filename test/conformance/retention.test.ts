// POST /v1/memory_stores/{id}/prune through the official SDK (`client.post`): admin only, the
// retention window and per-memory keep apply, pruned versions answer 404, kept ones as before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdkError, startHarness, type Harness } from "./harness.ts";

const DAY = 86_400_000;

describe("prune (memgit extension)", () => {
  let h: Harness;
  let now = Date.parse("2026-03-01T00:00:00Z");
  beforeAll(async () => {
    h = await startHarness({ clock: () => now++, retention: { days: 30, keep: 1, intervalMs: 0 } });
  });
  afterAll(async () => {
    await h.close();
  });

  it("prunes versions older than the window but each live memory's head; answers what it did", async () => {
    const s = await h.store();
    const memories = h.client.beta.memoryStores.memories;
    const m = await memories.create(s.id, { path: "/notes.md", content: "v0" });
    const v1 = await memories.update(m.id, { memory_store_id: s.id, content: "v1" });
    const lonely = await memories.create(s.id, { path: "/lonely.md", content: "old but current" });
    now += 45 * DAY;
    const v2 = await memories.update(m.id, { memory_store_id: s.id, content: "v2" });

    const result = await h.client.post<{ type: string; pruned_versions: number }>(`/v1/memory_stores/${s.id}/prune`, {});
    // v0 and v1 are older than 30 days and not notes' head: they go. lonely's only version stays.
    expect(result).toMatchObject({ type: "memory_store_prune", memory_store_id: s.id, pruned_versions: 2, boundary_version_id: v2.memory_version_id });
    const versions = h.client.beta.memoryStores.memoryVersions;
    for (const id of [m.memory_version_id, v1.memory_version_id])
      expect((await sdkError(versions.retrieve(id, { memory_store_id: s.id }))).status).toBe(404);
    for (const id of [v2.memory_version_id, lonely.memory_version_id]) expect((await versions.retrieve(id, { memory_store_id: s.id })).id).toBe(id);
    const listed = [];
    for await (const v of versions.list(s.id)) listed.push(v.id);
    expect(listed.sort()).toEqual([v2.memory_version_id, lonely.memory_version_id].sort());
    expect((await memories.retrieve(lonely.id, { memory_store_id: s.id, view: "full" })).content).toBe("old but current");
  });

  it("needs an admin key: 403 for read_write keys and session tokens, 404 for another workspace", async () => {
    const s = await h.store();
    const writer = h.newKey("read_write", "root");
    const err = await sdkError(h.clientFor(writer.key).post(`/v1/memory_stores/${s.id}/prune`, {}));
    expect(err.status).toBe(403);
    expect(err.error).toMatchObject({ type: "error", error: { type: "permission_error", message: expect.stringMatching(/admin/) } });
    const stranger = h.newKey("admin");
    expect((await sdkError(h.clientFor(stranger.key).post(`/v1/memory_stores/${s.id}/prune`, {}))).status).toBe(404);
    expect((await sdkError(h.client.post(`/v1/memory_stores/memstore_111111111111111111111111/prune`, {}))).status).toBe(404);
  });
});
