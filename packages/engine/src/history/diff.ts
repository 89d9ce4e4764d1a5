// What changed between two points (docs/decisions/0042): per memory, created, modified,
// deleted or renamed, with a unified diff of its content. A redacted side keeps its path and
// content secret: the entry says only that the memory changed.
import type { VersionRow } from "../catalog/catalog.ts";
import { NotFoundError } from "../errors/index.ts";
import { decodeCursor, encodeCursor } from "../ops/cursor.ts";
import { validateLimit, validateView } from "../ops/readMemories.ts";
import { compareUtf8 } from "../model/utf8Order.ts";
import type { Store } from "../store/Store.ts";
import type { ChangeKind, DiffQuery, MemoryDiff, StoreDiff, View } from "../types.ts";
import { parsePoint, resolvedPoint, resolvePoint } from "./pointInHistory.ts";
import { snapshotAt } from "./snapshot.ts";
import { unifiedDiff } from "./unifiedDiff.ts";

interface Change {
  memoryId: string;
  from: VersionRow | null;
  to: VersionRow | null;
  /** Visible paths sort first, by path bytes; redacted entries after them, by memory id. */
  key: string;
}

/** Changes between two points, ordered by path; pages of `limit` (default 20). */
export async function diffStore(store: Store, q: DiffQuery): Promise<StoreDiff> {
  const view = validateView(q.view, "full");
  const limit = validateLimit(q.limit);
  const after = q.cursor ? (decodeCursor(q.cursor, "d", "s")[0] as string) : null;
  const from = resolvePoint(store, parsePoint(q.from, "from"));
  const to = resolvePoint(store, parsePoint(q.to, "to"));
  const a = snapshotAt(store, from.atMs);
  const b = snapshotAt(store, to.atMs);
  const changes: Change[] = [];
  for (const id of new Set([...a.keys(), ...b.keys()])) {
    const change = changeOf(id, a.get(id) ?? null, b.get(id) ?? null);
    if (change && (after === null || compareUtf8(change.key, after) > 0)) changes.push(change);
  }
  changes.sort((x, y) => compareUtf8(x.key, y.key));
  const page = changes.slice(0, limit);
  const items = await Promise.all(page.map((c) => describe(store, c.memoryId, c.from, c.to, view)));
  const last = page[page.length - 1];
  return { from: resolvedPoint(from), to: resolvedPoint(to), items, nextCursor: changes.length > limit && last ? encodeCursor("d", last.key) : null };
}

/** A version against the version of its memory just before it. */
export async function diffVersion(store: Store, versionId: string, view: View = "full"): Promise<MemoryDiff> {
  const v = validateView(view, "full");
  const row = store.catalog.version(versionId);
  if (!row) throw new NotFoundError("version", versionId);
  const prev = store.catalog.previousVersion(row) ?? null;
  const before = prev?.op === "deleted" ? null : prev;
  const entry = await describe(store, row.memory_id, before, row.op === "deleted" ? null : row, v);
  // The ids name the two versions compared, a deletion included; the path is never lost.
  const path = entry.path ?? (row.redacted_at === null && !before ? row.path : null);
  return { ...entry, change: row.op === "deleted" ? "deleted" : entry.change, path, fromVersionId: prev?.vid ?? null, toVersionId: row.vid };
}

function changeOf(memoryId: string, from: VersionRow | null, to: VersionRow | null): Change | null {
  if (from && to && (from.vid === to.vid || (from.path === to.path && from.blob_oid === to.blob_oid))) return null;
  const shown = to ?? from!;
  const key = shown.redacted_at === null ? `0${shown.path}` : `1${memoryId}`;
  return { memoryId, from, to, key };
}

async function describe(store: Store, memoryId: string, from: VersionRow | null, to: VersionRow | null, view: View): Promise<MemoryDiff> {
  const redacted = from?.redacted_at != null || to?.redacted_at != null;
  const shownPath = (r: VersionRow | null) => (r && r.redacted_at === null ? r.path : null);
  let change: ChangeKind = !from ? "created" : !to ? "deleted" : from.path !== to.path ? "renamed" : "modified";
  // Whether a redacted version's path differs is itself its path's business.
  if (redacted && change === "renamed") change = "modified";
  const path = shownPath(to ?? from);
  const previousPath = from && to && !redacted && from.path !== to.path ? from.path : null;
  let diff: string | null = null;
  if (view === "full" && !redacted && (from || to)) {
    const side = async (r: VersionRow | null) => (r && r.op !== "deleted" ? { path: r.path, text: await store.readText(r.blob_oid!) } : null);
    diff = unifiedDiff(await side(from), await side(to));
  }
  return { memoryId, change, path, previousPath, fromVersionId: from?.vid ?? null, toVersionId: to?.vid ?? null, diff, redacted };
}
