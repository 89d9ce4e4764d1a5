import { InvalidInputError, NotFoundError, PreconditionFailedError } from "../errors/index.ts";
import { hashObject } from "../model/gitObject.ts";
import { validateMemoryPath } from "../model/memoryPath.ts";
import { sha256Hex, type Store } from "../store/Store.ts";
import type { UpdateMemoryInput, WriteResult } from "../types.ts";
import { memoryFromLeaf, versionFromRow } from "./shapes.ts";
import { validateActor, validateContent, validateSha256 } from "./validateContent.ts";
import { refuseIfArchived, refuseIfOccupied, refuseOverCaps, versionRow } from "./writeMemory.ts";

/** Spec §5.10, in its order: validate, look up, archived, precondition, no-op, occupancy, caps, write. */
export async function updateMemory(store: Store, memoryId: string, input: UpdateMemoryInput): Promise<WriteResult> {
  const newContent = input.content ?? null;
  const newPath = input.path ?? null;
  if (newContent === null && newPath === null) throw new InvalidInputError("content", "at least one of content or path must be provided");
  if (newPath !== null) validateMemoryPath(newPath);
  const bytes = newContent === null ? null : validateContent(newContent, store.limits.maxMemoryBytes);
  const expected = input.precondition ? validateSha256(input.precondition.contentSha256, "precondition.content_sha256") : null;
  validateActor(input.actor);
  const { actor } = input;
  const newSha = bytes ? sha256Hex(bytes) : null;
  const written = await store.write<WriteResult & { blobOid: string }>(() => {
    const path = store.tree.pathOf(memoryId);
    const leaf = path === undefined ? undefined : store.tree.get(path);
    if (path === undefined || !leaf) throw new NotFoundError("memory", memoryId);
    refuseIfArchived(store);
    const targetPath = newPath ?? path;
    const unchanged = (newSha === null || newSha === leaf.sha256) && targetPath === path;
    if (expected !== null && expected !== leaf.sha256 && !unchanged) throw new PreconditionFailedError(memoryId);
    if (unchanged) return { result: { memory: memoryFromLeaf(store.id, path, leaf, newContent), version: null, blobOid: leaf.blobOid } };
    if (targetPath !== path) refuseIfOccupied(store, targetPath, memoryId);
    const size = bytes ? bytes.length : leaf.sizeBytes;
    refuseOverCaps(store, 0, size - leaf.sizeBytes);

    const blobOid = bytes ? hashObject("blob", bytes) : leaf.blobOid;
    const sha256 = newSha ?? leaf.sha256;
    const time = store.nextTime();
    const next = { ...leaf, blobOid, sha256, sizeBytes: size, updatedAtMs: time };
    if (targetPath !== path) store.tree.remove(path);
    store.tree.set(targetPath, next);
    const { versionId, record } = store.commitMemory(
      { memoryId, operation: "modified", path: targetPath, sha256, sizeBytes: size, actor, createdAtMs: time },
      bytes ? [{ type: "blob", content: bytes }] : [],
    );
    next.versionId = versionId;
    const row = versionRow(versionId, memoryId, "modified", targetPath, { sha256, size, blobOid }, actor, time);
    return {
      record,
      apply: (catalog) => {
        catalog.insertVersion(row);
        catalog.upsertMemory({ id: memoryId, path: targetPath, sha256, size, blob_oid: blobOid, version_id: versionId, created_at: leaf.createdAtMs, updated_at: time });
      },
      result: { memory: memoryFromLeaf(store.id, targetPath, next, newContent), version: versionFromRow(store.id, row, "full", newContent), blobOid },
    };
  });
  // A rename or no-op carries the content it already had: read it once the write is done.
  const content = newContent ?? (await store.readText(written.blobOid));
  return { memory: { ...written.memory, content }, version: written.version && { ...written.version, content } };
}
