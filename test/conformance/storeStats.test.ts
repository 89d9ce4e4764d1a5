// GET /v1/memory_stores/{id}/stats through the official SDK (`client.get`): counts and ends of
// the retained history, kept current by writes, deletes and prunes; 404 across workspaces.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdkError, startHarness, type Harness } from "./harness.ts";

const DAY = 86_400_000;

interface Stats {
  type: string;
  memory_store_id: string;
  memories: number;
  live_bytes: number;
  versions: number;
  oldest_version: { id: string; created_at: string } | null;
  head_version_id: string | null;
  last_write_at: string | null;
}

describe("store stats (memgit extension)", () => {
  let h: Harness;
  let now = Date.parse("2026-03-01T00:00:00Z");
  beforeAll(async () => {
    h = await startHarness({ clock: () => now++, retention: { days: 30, keep: 1, intervalMs: 0 } });
  });
  afterAll(async () => {
    await h.close();
  });
  const stats = (id: string, client = h.client) => client.get<Stats>(`/v1/memory_stores/${id}/stats`);

  it("an empty store has nothing; writes, deletes and prunes move every number", async () => {
    const s = await h.store();
    expect(await stats(s.id)).toEqual({
      type: "memory_store_stats",
      memory_store_id: s.id,
      memories: 0,
      live_bytes: 0,
      versions: 0,
      oldest_version: null,
      head_version_id: null,
      last_write_at: null,
    });

    const memories = h.client.beta.memoryStores.memories;
    const a = await memories.create(s.id, { path: "/a.md", content: "héllo" }); // 6 bytes
    const b = await memories.create(s.id, { path: "/b.md", content: "1234" });
    await memories.update(a.id, { memory_store_id: s.id, content: "hello, world" }); // 12 bytes
    await memories.delete(b.id, { memory_store_id: s.id });
    const head = (await h.client.beta.memoryStores.memoryVersions.list(s.id)).data[0]!;
    expect(head.operation).toBe("deleted");
    const first = await h.client.beta.memoryStores.memoryVersions.retrieve(a.memory_version_id, { memory_store_id: s.id });
    expect(await stats(s.id)).toMatchObject({
      memories: 1,
      live_bytes: 12,
      versions: 4,
      oldest_version: { id: a.memory_version_id, created_at: first.created_at },
      head_version_id: head.id,
      last_write_at: head.created_at,
    });

    now += 45 * DAY;
    await memories.update(a.id, { memory_store_id: s.id, content: "later" });
    await h.client.post(`/v1/memory_stores/${s.id}/prune`, {});
    const after = await stats(s.id);
    expect(after).toMatchObject({ memories: 1, live_bytes: 5 });
    expect(after.versions).toBeLessThan(5);
    expect(after.oldest_version?.id).not.toBe(a.memory_version_id);
  });

  it("any key that sees the store may read them; another workspace gets 404", async () => {
    const s = await h.store();
    expect((await stats(s.id, h.clientFor(h.newKey("read_only", "root").key))).memory_store_id).toBe(s.id);
    expect((await sdkError(stats(s.id, h.clientFor(h.newKey("admin").key)))).status).toBe(404);
    expect((await sdkError(stats("memstore_nope"))).status).toBe(404);
  });
});
