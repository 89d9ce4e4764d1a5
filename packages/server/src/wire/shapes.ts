// Engine objects → wire objects (spec §4): snake_case, every nullable key present.
import type { Actor, Memory, MemoryPrefix, StoreInfo, Version } from "@memgit/engine";

const time = (d: Date) => d.toISOString();
const timeOrNull = (d: Date | null) => (d === null ? null : d.toISOString());

export function actorToWire(a: Actor) {
  switch (a.type) {
    case "api_actor":
      return { type: a.type, api_key_id: a.apiKeyId };
    case "session_actor":
      return { type: a.type, session_id: a.sessionId };
    case "user_actor":
      return { type: a.type, user_id: a.userId };
    case "service_account_actor":
      return { type: a.type, service_account_id: a.serviceAccountId };
  }
}

export const storeToWire = (s: StoreInfo) => ({
  type: "memory_store",
  id: s.id,
  name: s.name,
  description: s.description,
  metadata: s.metadata,
  created_at: time(s.createdAt),
  updated_at: time(s.updatedAt),
  archived_at: timeOrNull(s.archivedAt),
});

export const memoryToWire = (m: Memory) => ({
  type: "memory",
  id: m.id,
  memory_store_id: m.storeId,
  path: m.path,
  content: m.content,
  content_size_bytes: m.sizeBytes,
  content_sha256: m.sha256,
  memory_version_id: m.versionId,
  created_at: time(m.createdAt),
  updated_at: time(m.updatedAt),
});

export const listItemToWire = (item: Memory | MemoryPrefix) =>
  item.kind === "prefix" ? { type: "memory_prefix", path: item.path } : memoryToWire(item);

export function versionToWire(v: Version) {
  // Belt and braces: whatever the engine hands back, a redacted version never shows content.
  const redacted = v.redactedAt !== null;
  return {
    type: "memory_version",
    id: v.id,
    memory_store_id: v.storeId,
    memory_id: v.memoryId,
    operation: v.operation,
    path: redacted ? null : v.path,
    content: redacted ? null : v.content,
    content_sha256: redacted ? null : v.sha256,
    content_size_bytes: redacted ? null : v.sizeBytes,
    created_by: v.createdBy === null ? null : actorToWire(v.createdBy),
    created_at: time(v.createdAt),
    redacted_at: timeOrNull(v.redactedAt),
    redacted_by: v.redactedBy === null ? null : actorToWire(v.redactedBy),
  };
}

export const storeTombstone = (id: string) => ({ id, type: "memory_store_deleted" });
export const memoryTombstone = (id: string) => ({ id, type: "memory_deleted" });
