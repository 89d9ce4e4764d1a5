// The store as it was at a point, from the catalog alone (docs/decisions/0042): each memory's
// newest version at or before the point; a memory whose newest version then is a deletion
// did not exist. Content is the version's blob.
import type { Catalog, MemoryRow, VersionAtRow } from "../catalog/catalog.ts";
import { BusyError } from "../errors/index.ts";
import type { Store } from "../store/Store.ts";

/** Live memories at `atMs`: memory id → its version then (redacted ones included; callers decide). */
export function snapshotAt(store: Store, atMs: number): Map<string, VersionAtRow> {
  const out = new Map<string, VersionAtRow>();
  for (const row of store.catalog.versionsAt(atMs)) if (row.op !== "deleted") out.set(row.memory_id, row);
  return out;
}

/**
 * A memory as it stood at its version `row` (a live, unredacted one). Its creation is the
 * newest `created` version by then; when retention pruned that one, the live memory's, if it
 * is the same life of the memory (created no later than `row`).
 */
export function memoryRowAt(row: VersionAtRow, catalog?: Catalog): MemoryRow {
  const live = row.born === null ? catalog?.memory(row.memory_id) : undefined;
  const born = row.born ?? (live && live.created_at <= row.created_at ? live.created_at : row.created_at);
  return {
    id: row.memory_id,
    path: row.path,
    sha256: row.sha256!,
    size: row.size!,
    blob_oid: row.blob_oid!,
    version_id: row.vid,
    created_at: born,
    updated_at: row.created_at,
  };
}

/**
 * Inside a write stage: whether the catalog can answer for `atMs`. It lags the staged tree by
 * the writes staged earlier in the same batch; a point after the catalog's newest version
 * could fall among them, so the caller retries once they are applied.
 */
export function settledAt(store: Store, atMs: number): boolean {
  return store.stagedMain === store.catalog.head("main") || atMs <= store.catalog.latestVersionTime();
}

/** What a stage returns instead of a result when the catalog cannot answer yet (see settledAt). */
export const UNSETTLED = Symbol("unsettled");

/**
 * Runs a write whose stage may find the history it needs still being applied; it is then
 * queued again, behind the writes it waited for. Only concurrent writes to the same store
 * cause this, so a few rounds suffice; past them the caller is asked to retry.
 */
export async function untilSettled<T>(write: () => Promise<T | typeof UNSETTLED>): Promise<T> {
  for (let round = 0; round < 8; round++) {
    const result = await write();
    if (result !== UNSETTLED) return result;
  }
  throw new BusyError("quiet moment to read that point in history", "the store is being written too fast to read that point in history; try again");
}
