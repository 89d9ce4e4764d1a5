// What a store holds, from the index alone (no git reads): the numbers `memgit stores stats`
// and the console show, served at GET /v1/memory_stores/{id}/stats.
import type { Store } from "../store/Store.ts";
import type { StoreStats } from "../types.ts";

export function storeStats(store: Store): StoreStats {
  const s = store.catalog.summary();
  return {
    storeId: store.id,
    memories: s.memories,
    liveBytes: s.bytes,
    versions: s.versions,
    oldestVersion: s.oldest ? { id: s.oldest.vid, createdAt: new Date(s.oldest.created_at) } : null,
    headVersionId: s.newest?.vid ?? null,
    lastWriteAt: s.newest ? new Date(s.newest.created_at) : null,
  };
}
