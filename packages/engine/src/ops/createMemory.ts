import { hashObject } from "../model/gitObject.ts";
import { newMemoryId } from "../model/ids.ts";
import { validateMemoryPath } from "../model/memoryPath.ts";
import { sha256Hex, type Store } from "../store/Store.ts";
import type { CreateMemoryInput, WriteResult } from "../types.ts";
import { memoryFromLeaf, versionFromRow } from "./shapes.ts";
import { validateActor, validateContent } from "./validateContent.ts";
import { refuseIfArchived, refuseIfOccupied, refuseOverCaps, versionRow } from "./writeMemory.ts";

export function createMemory(store: Store, input: CreateMemoryInput): Promise<WriteResult> {
  validateMemoryPath(input.path);
  const bytes = validateContent(input.content, store.limits.maxMemoryBytes);
  validateActor(input.actor);
  const { path, content, actor } = input;
  return store.write(() => {
    refuseIfArchived(store);
    refuseIfOccupied(store, path);
    refuseOverCaps(store, 1, bytes.length);
    const time = store.nextTime();
    const memoryId = newMemoryId();
    const blobOid = hashObject("blob", bytes);
    const sha256 = sha256Hex(bytes);
    const leaf = { kind: "file" as const, memoryId, blobOid, sha256, sizeBytes: bytes.length, versionId: "", createdAtMs: time, updatedAtMs: time };
    store.tree.set(path, leaf);
    const { versionId, record } = store.commitMemory(
      { memoryId, operation: "created", path, sha256, sizeBytes: bytes.length, actor, createdAtMs: time },
      [{ type: "blob", content: bytes }],
    );
    leaf.versionId = versionId;
    const row = versionRow(versionId, memoryId, "created", path, { sha256, size: bytes.length, blobOid }, actor, time);
    return {
      record,
      apply: (catalog) => {
        catalog.insertVersion(row);
        catalog.upsertMemory({ id: memoryId, path, sha256, size: bytes.length, blob_oid: blobOid, version_id: versionId, created_at: time, updated_at: time });
      },
      result: { memory: memoryFromLeaf(store.id, path, leaf, content), version: versionFromRow(store.id, row, "full", content) },
    };
  });
}
