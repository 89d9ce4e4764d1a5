// Restoring one memory (docs/decisions/0040): it gets the content and path it had at a point
// back as one new version, `modified`, or `created` under its old id when it had been deleted.
import { InvalidInputError, NotFoundError, PreconditionFailedError } from "../errors/index.ts";
import type { MemoryLeaf } from "../model/workingTree.ts";
import { memoryFromLeaf, versionFromRow } from "../ops/shapes.ts";
import { validateActor, validateSha256 } from "../ops/validateContent.ts";
import { refuseIfArchived, refuseIfOccupied, refuseOverCaps, versionRow } from "../ops/writeMemory.ts";
import type { Staged, Store } from "../store/Store.ts";
import type { RestoreMemoryInput, WriteResult } from "../types.ts";
import { parsePoint, resolvePoint, type PointRef } from "./pointInHistory.ts";
import { requireBlob } from "./requireBlob.ts";
import { memoryRowAt, settledAt, UNSETTLED, untilSettled } from "./snapshot.ts";

type Written = WriteResult & { blobOid: string };

/** Spec §5.10's order: validate, look up, archived, precondition, no-op, occupancy, caps, write. */
export async function restoreMemory(store: Store, memoryId: string, input: RestoreMemoryInput): Promise<WriteResult> {
  const ref = parsePoint(input.to);
  const expected = input.precondition ? validateSha256(input.precondition.contentSha256, "precondition.content_sha256") : null;
  validateActor(input.actor);
  const written = await untilSettled(() => store.write(() => stage(store, memoryId, ref, expected, input.actor)));
  // Like a rename, a restore writes content it already had: read it once the write is done.
  const content = await store.readText(written.blobOid);
  return { memory: { ...written.memory, content }, version: written.version && { ...written.version, content } };
}

function stage(store: Store, memoryId: string, ref: PointRef, expected: string | null, actor: RestoreMemoryInput["actor"]): Staged<Written | typeof UNSETTLED> {
  const point = resolvePoint(store, ref);
  const path = store.tree.pathOf(memoryId);
  const leaf = path === undefined ? undefined : store.tree.get(path);
  if (!leaf && store.catalog.versions({ memoryId }, null, 1).length === 0) throw new NotFoundError("memory", memoryId);
  if (ref.kind !== "version" && !settledAt(store, point.atMs)) return { result: UNSETTLED };
  const row = ref.kind === "version" ? store.catalog.version(ref.id)! : store.catalog.memoryVersionAt(memoryId, point.atMs);
  if (!row) throw new InvalidInputError(ref.field, `memory ${memoryId} did not exist then`);
  if (row.memory_id !== memoryId) throw new InvalidInputError(ref.field, `${row.vid} is a version of memory ${row.memory_id}, not of ${memoryId}`);
  if (row.op === "deleted")
    throw new InvalidInputError(ref.field, ref.kind === "version" ? `${row.vid} is a deletion and has no content to restore` : `memory ${memoryId} was deleted then`);
  if (row.redacted_at !== null) throw new InvalidInputError(ref.field, `${row.vid} is redacted; a redacted version cannot be restored`);
  refuseIfArchived(store);
  const target = { path: row.path, blobOid: row.blob_oid!, sha256: row.sha256!, size: row.size! };
  const unchanged = leaf !== undefined && path === target.path && leaf.blobOid === target.blobOid;
  if (expected !== null && expected !== leaf?.sha256 && !unchanged) throw new PreconditionFailedError(memoryId);
  if (unchanged) return { result: { memory: memoryFromLeaf(store.id, path, leaf, null), version: null, blobOid: leaf.blobOid } };
  refuseIfOccupied(store, target.path, memoryId);
  if (leaf) refuseOverCaps(store, 0, target.size - leaf.sizeBytes);
  else refuseOverCaps(store, 1, target.size);
  requireBlob(store, target.blobOid);

  const time = store.nextTime();
  const next: MemoryLeaf = {
    kind: "file",
    memoryId,
    blobOid: target.blobOid,
    sha256: target.sha256,
    sizeBytes: target.size,
    versionId: "",
    createdAtMs: leaf?.createdAtMs ?? time,
    updatedAtMs: time,
  };
  if (leaf && path !== target.path) store.tree.remove(path!);
  store.tree.set(target.path, next);
  const operation = leaf ? "modified" : "created";
  const { versionId, record } = store.commitMemory(
    { memoryId, operation, path: target.path, sha256: target.sha256, sizeBytes: target.size, actor, createdAtMs: time },
    [],
  );
  next.versionId = versionId;
  const version = versionRow(versionId, memoryId, operation, target.path, { sha256: target.sha256, size: target.size, blobOid: target.blobOid }, actor, time);
  return {
    record,
    apply: (catalog) => {
      catalog.insertVersion(version);
      catalog.upsertMemory(memoryRowAt({ ...version, born: next.createdAtMs }));
    },
    result: { memory: memoryFromLeaf(store.id, target.path, next, null), version: versionFromRow(store.id, version, "full", null), blobOid: target.blobOid },
  };
}
