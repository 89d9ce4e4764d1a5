// Shared checks of every memory write, in the order of spec §5 ("suggested check order"):
// archived → precondition → no-op → occupancy → caps.
import { LimitExceededError, PathConflictError, StoreArchivedError } from "../errors/index.ts";
import type { VersionRow } from "../catalog/catalog.ts";
import { actorId } from "../model/actor.ts";
import type { Store } from "../store/Store.ts";
import type { Actor, Operation } from "../types.ts";

export function refuseIfArchived(store: Store): void {
  if (store.currentInfo.archivedAt) throw new StoreArchivedError(store.id);
}

export function refuseIfOccupied(store: Store, path: string, self?: string): void {
  const hit = store.tree.occupant(path, self);
  if (hit) throw new PathConflictError(path, hit.memoryId, hit.path);
}

/** Caps of spec §9: `addedMemories` and `addedBytes` are what this write adds. */
export function refuseOverCaps(store: Store, addedMemories: number, addedBytes: number): void {
  const { limits } = store;
  if (addedMemories > 0 && store.tree.memoryCount + addedMemories > limits.maxMemories)
    throw new LimitExceededError("maxMemories", limits.maxMemories);
  if (addedBytes > 0 && store.tree.totalBytes + addedBytes > limits.maxStoreBytes)
    throw new LimitExceededError("maxStoreBytes", limits.maxStoreBytes);
  if (store.versions >= limits.maxVersions) throw new LimitExceededError("maxVersions", limits.maxVersions);
}

export function versionRow(
  vid: string,
  memoryId: string,
  op: Operation,
  path: string,
  content: { sha256: string; size: number; blobOid: string } | null,
  actor: Actor,
  time: number,
): VersionRow {
  return {
    vid,
    memory_id: memoryId,
    op,
    path,
    sha256: content?.sha256 ?? null,
    size: content?.size ?? null,
    blob_oid: content?.blobOid ?? null,
    actor_type: actor.type,
    actor_id: actorId(actor),
    created_at: time,
    redacted_at: null,
    redactor_type: null,
    redactor_id: null,
  };
}
