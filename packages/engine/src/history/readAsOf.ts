// Reading the past: the memory list and single memories as the store was at a point
// (docs/decisions/0042). Same shapes, order and paging as the live reads.
import type { MemoryRow } from "../catalog/catalog.ts";
import { InvalidInputError, NotFoundError } from "../errors/index.ts";
import { compareUtf8 } from "../model/utf8Order.ts";
import { listMemories, validateView, type MemorySource } from "../ops/readMemories.ts";
import { memoryFromRow } from "../ops/shapes.ts";
import type { Store } from "../store/Store.ts";
import type { ListMemoriesQuery, Memory, MemoryPrefix, Page, PointInHistory, View } from "../types.ts";
import { parsePoint, resolvePoint } from "./pointInHistory.ts";
import { memoryRowAt, snapshotAt } from "./snapshot.ts";

/**
 * The list as it was. A memory whose version then is redacted is left out: its path is as
 * secret as its content.
 */
export function listMemoriesAt(store: Store, at: PointInHistory, q: ListMemoriesQuery): Promise<Page<Memory | MemoryPrefix>> {
  return listMemories(store, q, snapshotSource(store, at));
}

/** The memories as they were at a point, for listing or searching; redacted ones left out. */
export function snapshotSource(store: Store, at: PointInHistory): MemorySource {
  const point = resolvePoint(store, parsePoint(at));
  const rows = [...snapshotAt(store, point.atMs).values()].filter((r) => r.redacted_at === null).map((r) => memoryRowAt(r, store.catalog));
  return new SnapshotSource(rows);
}

export async function getMemoryAt(store: Store, memoryId: string, at: PointInHistory, view: View = "full"): Promise<Memory> {
  const full = validateView(view, "full") === "full";
  const ref = parsePoint(at);
  const point = resolvePoint(store, ref);
  const row = store.catalog.memoryVersionAt(memoryId, point.atMs);
  if (!row || row.op === "deleted") throw new NotFoundError("memory", memoryId);
  if (row.redacted_at !== null) throw new InvalidInputError(ref.field, `memory ${memoryId} was at version ${row.vid} then, which is redacted`);
  const memory = memoryRowAt(row, store.catalog);
  return memoryFromRow(store.id, memory, full ? await store.readText(memory.blob_oid) : null);
}

/** A snapshot's memories sorted by path bytes, answering the catalog's range query. */
class SnapshotSource implements MemorySource {
  private readonly rows: MemoryRow[];

  constructor(rows: MemoryRow[]) {
    this.rows = rows.sort((a, b) => compareUtf8(a.path, b.path));
  }

  memoriesBetween(lo: string, hi: string, after: string | null, limit: number): MemoryRow[] {
    const from = after !== null && compareUtf8(after, lo) >= 0 ? this.firstAbove(after) : this.firstAtLeast(lo);
    const out: MemoryRow[] = [];
    for (let i = from; i < this.rows.length && out.length < limit && compareUtf8(this.rows[i]!.path, hi) < 0; i++) out.push(this.rows[i]!);
    return out;
  }

  private firstAtLeast(path: string): number {
    return this.search((p) => compareUtf8(p, path) >= 0);
  }

  private firstAbove(path: string): number {
    return this.search((p) => compareUtf8(p, path) > 0);
  }

  /** The first index whose path satisfies `ok` (which is monotonic over the sorted rows). */
  private search(ok: (path: string) => boolean): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ok(this.rows[mid]!.path)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
