// Search (docs/api-extensions.md §Search): the memories under a prefix whose content has a
// line matching a literal or an RE2 regex, with those lines, in byte order of path, paged like
// the memory list. Reads the index's rows and their blobs, so every acknowledged write is
// seen, checkpointed to git or not (docs/decisions/0065).
import type { MemoryRow } from "../catalog/catalog.ts";
import { validatePathPrefix } from "../model/memoryPath.ts";
import { snapshotSource } from "../history/readAsOf.ts";
import { lineMatcher, type LineMatcher } from "../search/lineMatcher.ts";
import type { TextCache } from "../search/TextCache.ts";
import type { Store } from "../store/Store.ts";
import type { Page, SearchHit, SearchLine, SearchQuery } from "../types.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { validateLimit, type MemorySource } from "./readMemories.ts";
import { memoryFromRow } from "./shapes.ts";

/** Lines returned per memory; `lineCount` says how many matched in all. */
export const SEARCH_LINES_PER_MEMORY = 100;
/** Characters kept of a matching line. */
export const SEARCH_LINE_CHARS = 1000;
/** Rows read from the index at a time. */
const BATCH = 500;
/** Characters matched between two turns of the event loop, so a big store's search does not stall other requests. */
const SLICE_CHARS = 1 << 20;

/** What a search scans: `[path, blob]` in path order, and the full row of a memory that matched. */
interface SearchSource {
  blobsBetween(lo: string, hi: string, after: string | null, limit: number): Array<[string, string]>;
  row(path: string): MemoryRow | undefined;
}

/** The live memories: two columns per memory from the index, the full row only for hits. */
const liveSource = (store: Store): SearchSource => ({
  blobsBetween: (lo, hi, after, limit) => store.catalog.memoryBlobsBetween(lo, hi, after, limit),
  row: (path) => store.catalog.memoryAt(path),
});

/** A listing source (a snapshot of the past, which never changes): rows kept per batch. */
function rowSource(source: MemorySource): SearchSource {
  let batch = new Map<string, MemoryRow>();
  return {
    blobsBetween(lo, hi, after, limit) {
      const rows = source.memoriesBetween(lo, hi, after, limit);
      batch = new Map(rows.map((r) => [r.path, r]));
      return rows.map((r) => [r.path, r.blob_oid]);
    },
    row: (path) => batch.get(path),
  };
}

export async function searchMemories(store: Store, q: SearchQuery, cache: TextCache): Promise<Page<SearchHit>> {
  const matcher = lineMatcher(q.query, { regex: q.regex ?? false, caseSensitive: q.caseSensitive ?? true });
  const prefix = validatePathPrefix(q.pathPrefix ?? "/");
  const limit = validateLimit(q.limit);
  let after = q.cursor ? (decodeCursor(q.cursor, "q", "s")[0] as string) : null;
  const source = q.asOf === undefined ? liveSource(store) : rowSource(snapshotSource(store, q.asOf));
  const text = async (oid: string) => cache.get(store.id, oid) ?? (await readInto(store, cache, oid));
  // Every path below a "/"-terminated prefix sorts before the prefix with its "/" bumped to "0".
  const hi = prefix.slice(0, -1) + "0";
  const hits: SearchHit[] = [];
  let sinceYield = 0;
  // One hit past the page tells whether there is a next page.
  while (hits.length <= limit) {
    const batch = source.blobsBetween(prefix, hi, after, BATCH);
    if (batch.length === 0) break;
    for (const [path, oid] of batch) {
      const content = await text(oid);
      let hit = matchLines(content, matcher);
      if (hit) {
        // The batch was read before the last turn of the event loop: a write may have
        // changed the memory since; the hit is the memory as it is now.
        const row = source.row(path);
        if (row && row.blob_oid !== oid) hit = matchLines(await text(row.blob_oid), matcher);
        if (row && hit) hits.push({ memory: memoryFromRow(store.id, row, null), ...hit });
      }
      if (hits.length > limit) break;
      after = path;
      sinceYield += content.length;
      if (sinceYield >= SLICE_CHARS) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    if (batch.length < BATCH) break;
  }
  const more = hits.length > limit;
  const items = hits.slice(0, limit);
  return { items, nextCursor: more ? encodeCursor("q", items[items.length - 1]!.memory.path) : null };
}

async function readInto(store: Store, cache: TextCache, oid: string): Promise<string> {
  const text = await store.readText(oid);
  cache.set(store.id, oid, text);
  return text;
}

function matchLines(text: string, matcher: LineMatcher): { lines: SearchLine[]; lineCount: number } | null {
  if (!matcher.mayMatch(text)) return null;
  const lines: SearchLine[] = [];
  let lineCount = 0;
  let start = 0;
  // As grep: a final "\n" ends the last line rather than starting an empty one.
  for (let n = 1; start < text.length; n++) {
    const nl = text.indexOf("\n", start);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(start, end);
    if (matcher.matchesLine(line)) {
      lineCount++;
      if (lines.length < SEARCH_LINES_PER_MEMORY) {
        const truncated = line.length > SEARCH_LINE_CHARS;
        lines.push({ line: n, text: truncated ? cut(line) : line, truncated });
      }
    }
    if (nl < 0) break;
    start = nl + 1;
  }
  // A pattern can match across a line break (`a\sb`) without matching any one line.
  return lineCount > 0 ? { lines, lineCount } : null;
}

/** The first SEARCH_LINE_CHARS code units, not splitting a surrogate pair. */
function cut(line: string): string {
  const end = /[\uD800-\uDBFF]/.test(line[SEARCH_LINE_CHARS - 1] ?? "") ? SEARCH_LINE_CHARS - 1 : SEARCH_LINE_CHARS;
  return line.slice(0, end);
}
