import type { MemoryRow } from "../catalog/catalog.ts";
import { InvalidInputError, NotFoundError } from "../errors/index.ts";
import { validatePathPrefix } from "../model/memoryPath.ts";
import type { Store } from "../store/Store.ts";
import type { ListMemoriesQuery, Memory, MemoryPrefix, Page, View } from "../types.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { memoryFromRow } from "./shapes.ts";

export function validateView(view: unknown, fallback: View): View {
  if (view === undefined || view === null) return fallback;
  if (view !== "basic" && view !== "full") throw new InvalidInputError("view", "must be one of basic, full");
  return view;
}

export function validateLimit(limit: unknown, fallback = 20): number {
  if (limit === undefined || limit === null) return fallback;
  if (typeof limit !== "number" || !Number.isSafeInteger(limit) || limit < 1) throw new InvalidInputError("limit", "must be a positive integer");
  return limit;
}

export async function getMemory(store: Store, memoryId: string, view: View = "full"): Promise<Memory> {
  const full = validateView(view, "full") === "full";
  const row = store.catalog.memory(memoryId);
  if (!row) throw new NotFoundError("memory", memoryId);
  return memoryFromRow(store.id, row, full ? await store.readText(row.blob_oid) : null);
}

// Every path below a "/"-terminated prefix sorts before the prefix with its "/" bumped to "0".
const upperBound = (prefix: string) => prefix.slice(0, -1) + "0";

/** Memories in byte order of path: the catalog's live ones, or a snapshot of the past. */
export interface MemorySource {
  /** Memories with `lo <= path < hi` and path > `after`, in byte order. */
  memoriesBetween(lo: string, hi: string, after: string | null, limit: number): MemoryRow[];
}

/**
 * Byte-ordered listing (spec §5.9). depth 1 rolls deeper paths into one `prefix` item per
 * child directory; a prefix's sort key is its path with the trailing "/", so one never splits
 * across pages: the cursor after it skips its whole subtree.
 */
export async function listMemories(store: Store, q: ListMemoriesQuery, source: MemorySource = store.catalog): Promise<Page<Memory | MemoryPrefix>> {
  const prefix = validatePathPrefix(q.pathPrefix ?? "/");
  if (q.depth !== undefined && q.depth !== 0 && q.depth !== 1) throw new InvalidInputError("depth", "must be 0 or 1");
  const view = validateView(q.view, "basic");
  const limit = validateLimit(q.limit);
  let after = q.cursor ? (decodeCursor(q.cursor, "m", "s")[0] as string) : null;
  const items: Array<Memory | MemoryPrefix> = [];
  const hi = upperBound(prefix);
  while (items.length < limit) {
    const lo = after?.endsWith("/") ? upperBound(after) : prefix;
    const rows = source.memoriesBetween(lo, hi, after?.endsWith("/") ? null : after, limit - items.length);
    if (rows.length === 0) break;
    for (const row of rows) {
      const rest = row.path.slice(prefix.length);
      const slash = rest.indexOf("/");
      if (q.depth === 1 && slash >= 0) {
        after = prefix + rest.slice(0, slash + 1);
        items.push({ kind: "prefix", path: after });
        break; // the rest of this subtree is skipped by the next query
      }
      items.push(memoryFromRow(store.id, row, view === "full" ? await store.readText(row.blob_oid) : null));
      after = row.path;
      if (items.length === limit) break;
    }
  }
  const more = items.length === limit && after !== null && hasMore(source, prefix, hi, after);
  return { items, nextCursor: more ? encodeCursor("m", after!) : null };
}

function hasMore(source: MemorySource, prefix: string, hi: string, after: string): boolean {
  const lo = after.endsWith("/") ? upperBound(after) : prefix;
  return source.memoriesBetween(lo, hi, after.endsWith("/") ? null : after, 1).length > 0;
}
