// Wire shape of GET /v1/memory_stores/{id}/stats (memgit extension, docs/api-extensions.md).
import type { StoreStats } from "@memgit/engine";

export const storeStatsToWire = (s: StoreStats) => ({
  type: "memory_store_stats" as const,
  memory_store_id: s.storeId,
  memories: s.memories,
  live_bytes: s.liveBytes,
  versions: s.versions,
  oldest_version: s.oldestVersion ? { id: s.oldestVersion.id, created_at: s.oldestVersion.createdAt.toISOString() } : null,
  head_version_id: s.headVersionId,
  last_write_at: s.lastWriteAt?.toISOString() ?? null,
});
