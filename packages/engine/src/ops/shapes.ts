// Rows and leaves → the public camelCase objects, in one place.
import type { MemoryRow, VersionRow } from "../catalog/catalog.ts";
import { makeActor } from "../model/actor.ts";
import type { MemoryLeaf } from "../model/workingTree.ts";
import type { Memory, Version, View } from "../types.ts";

export function memoryFromRow(storeId: string, r: MemoryRow, content: string | null): Memory {
  return {
    kind: "memory",
    id: r.id,
    storeId,
    path: r.path,
    content,
    sizeBytes: r.size,
    sha256: r.sha256,
    versionId: r.version_id,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

export function memoryFromLeaf(storeId: string, path: string, leaf: MemoryLeaf, content: string | null): Memory {
  return {
    kind: "memory",
    id: leaf.memoryId,
    storeId,
    path,
    content,
    sizeBytes: leaf.sizeBytes,
    sha256: leaf.sha256,
    versionId: leaf.versionId,
    createdAt: new Date(leaf.createdAtMs),
    updatedAt: new Date(leaf.updatedAtMs),
  };
}

/** Redacted versions never carry path or content fields, whatever the view. */
export function versionFromRow(storeId: string, r: VersionRow, view: View, content: string | null): Version {
  const redacted = r.redacted_at !== null;
  return {
    id: r.vid,
    storeId,
    memoryId: r.memory_id,
    operation: r.op,
    path: redacted ? null : r.path,
    content: redacted || view !== "full" || r.op === "deleted" ? null : content,
    sha256: redacted ? null : r.sha256,
    sizeBytes: redacted ? null : r.size,
    createdBy: r.actor_type && r.actor_id ? makeActor(r.actor_type, r.actor_id) : null,
    createdAt: new Date(r.created_at),
    redactedAt: redacted ? new Date(r.redacted_at!) : null,
    redactedBy: r.redactor_type && r.redactor_id ? makeActor(r.redactor_type, r.redactor_id) : null,
  };
}
