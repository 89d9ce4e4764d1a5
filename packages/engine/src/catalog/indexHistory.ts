// Brings the catalog up to a commit by reading git: the same code catches up after a crash
// (from the catalog's head) and rebuilds from nothing (a deleted index, a plain `git clone`).
import type { Actor } from "../types.ts";
import { actorId } from "../model/actor.ts";
import { parseVersionMessage } from "../model/commitTrailers.ts";
import { parseCommit, parseTree } from "../model/gitObject.ts";
import { versionIdFromCommit } from "../model/ids.ts";
import { segmentsOf } from "../model/workingTree.ts";
import type { ObjectReader } from "../storage/objectReader.ts";
import { decodeRedaction, type Redaction } from "../store/storeMeta.ts";
import type { RetainedRecord } from "../history/retained.ts";
import type { Catalog, MemoryRow, VersionRow } from "./catalog.ts";

/** What a pruned history keeps below its boundary (docs/format.md §Retention). */
export interface PrunedBase {
  /** git's `shallow`: commits whose parents were pruned. */
  shallow: ReadonlySet<string>;
  /** The versions kept below the boundary, from the metadata branch's `retained/`. */
  retained: RetainedRecord[];
  /** Creation times of memories with no version kept below the boundary (`retained/<memory id>.created`). */
  created?: ReadonlyMap<string, number>;
}

/** Indexes the commits after `from` up to `to`. Returns false when `from` is not an ancestor of `to`. */
export async function indexHistory(
  catalog: Catalog,
  reader: ObjectReader,
  from: string | null,
  to: string,
  base: PrunedBase = { shallow: new Set(), retained: [] },
): Promise<boolean> {
  const chain: Array<{ oid: string; tree: string; message: string }> = [];
  let oid: string | null = to;
  while (oid && oid !== from) {
    const c = parseCommit(reader.read(oid).content);
    chain.push({ oid, tree: c.tree, message: c.message });
    oid = base.shallow.has(oid) ? null : (c.parents[0] ?? null);
  }
  if (from !== null && oid !== from) return false;
  chain.reverse();
  // Rebuilding a pruned history: the kept versions below the boundary come first. The first
  // commit is the boundary when git has it as shallow, and also when a redaction rewrote history
  // from there (the new first commit is a root, nothing is shallow, the retained records stay).
  const pruned = chain.length > 0 && (base.shallow.has(chain[0]!.oid) || base.retained.length > 0 || (base.created?.size ?? 0) > 0);
  const seeded = from === null && pruned ? seedRetained(catalog, base.retained, base.created) : null;

  const versions: Array<{ row: Omit<VersionRow, "redacted_at" | "redactor_type" | "redactor_id">; commit: string | null }> = [];
  const redacted: Array<{ vid: string; atMs: number; by: Actor | null }> = [];
  const touched = new Map<string, MemoryRow | null>();
  // A memory's creation time survives a redacted version in between (which hides the memory).
  const createdAt = new Map<string, number>();
  // Version times are the history order and must strictly increase (Store.nextTime); a
  // foreign history that breaks that gets its ties moved apart by a millisecond.
  let lastTime = from === null ? (seeded?.lastTime ?? 0) : (catalog.versions({}, null, 1)[0]?.created_at ?? 0);
  for (const [id, at] of seeded?.createdAt ?? []) createdAt.set(id, at);
  for (const c of chain) {
    const v = parseVersionMessage(c.message);
    v.createdAtMs = Math.max(v.createdAtMs, lastTime + 1);
    lastTime = v.createdAtMs;
    // A rewritten commit carries the id it was handed out with (docs/format.md §Redaction).
    const vid = v.versionId ?? versionIdFromCommit(c.oid);
    const blobOid = v.operation === "deleted" || v.redaction ? null : await blobAt(reader, c.tree, v.path);
    versions.push({
      commit: v.versionId ? c.oid : null,
      row: {
        vid,
        memory_id: v.memoryId,
        op: v.operation,
        path: v.path,
        sha256: v.sha256,
        size: v.sizeBytes,
        blob_oid: blobOid,
        actor_type: v.actor?.type ?? null,
        actor_id: v.actor ? actorId(v.actor) : null,
        created_at: v.createdAtMs,
        tree_oid: c.tree,
      },
    });
    if (v.redaction) redacted.push({ vid, atMs: v.redaction.atMs, by: v.redaction.by });
    if (!createdAt.has(v.memoryId)) createdAt.set(v.memoryId, catalog.memory(v.memoryId)?.created_at ?? v.createdAtMs);
    if (v.operation === "deleted" || v.redaction) {
      // A redacted version's snapshot lacks its memory (docs/format.md §Redaction).
      touched.set(v.memoryId, null);
      continue;
    }
    touched.set(v.memoryId, {
      id: v.memoryId,
      path: v.path,
      sha256: v.sha256!,
      size: v.sizeBytes!,
      blob_oid: blobOid!,
      version_id: vid,
      created_at: createdAt.get(v.memoryId)!,
      updated_at: v.createdAtMs,
    });
  }
  catalog.transaction(() => {
    for (const v of versions) catalog.insertVersion(v.row, v.commit);
    for (const r of redacted) catalog.redact(r.vid, r.atMs, r.by?.type ?? null, r.by ? actorId(r.by) : null);
    for (const [id, row] of touched) {
      if (row) catalog.upsertMemory(row);
      else catalog.deleteMemory(id);
    }
    catalog.setHead("main", to);
    if (seeded && versions[0]) catalog.setHead("base", versions[0].row.vid);
  });
  return true;
}

/** Inserts the retained versions and the memories they leave at the boundary. */
function seedRetained(catalog: Catalog, retained: RetainedRecord[], created: ReadonlyMap<string, number> = new Map()): { lastTime: number; createdAt: Map<string, number> } {
  const sorted = [...retained].sort((a, b) => a.row.created_at - b.row.created_at);
  const createdAt = new Map(created);
  const state = new Map<string, MemoryRow | null>();
  catalog.transaction(() => {
    for (const { row, memoryCreatedAt } of sorted) {
      catalog.insertVersion(row);
      if (row.redacted_at !== null) catalog.redact(row.vid, row.redacted_at, row.redactor_type, row.redactor_id);
      createdAt.set(row.memory_id, memoryCreatedAt);
      const present = row.op !== "deleted" && row.redacted_at === null;
      state.set(row.memory_id, present ? { id: row.memory_id, path: row.path, sha256: row.sha256!, size: row.size!, blob_oid: row.blob_oid!, version_id: row.vid, created_at: memoryCreatedAt, updated_at: row.created_at } : null);
    }
    for (const m of state.values()) if (m) catalog.upsertMemory(m);
  });
  return { lastTime: sorted[sorted.length - 1]?.row.created_at ?? 0, createdAt };
}

/** Re-applies every redaction recorded on the metadata branch (idempotent). */
export async function indexRedactions(catalog: Catalog, reader: ObjectReader, redactions: ReadonlyMap<string, string>, metaHead: string): Promise<void> {
  const decoded: Redaction[] = [];
  for (const blob of redactions.values()) decoded.push(decodeRedaction(reader.read(blob).content));
  catalog.transaction(() => {
    for (const r of decoded) {
      const by = r.redactedBy;
      catalog.redact(r.versionId, r.redactedAtMs, by?.type ?? null, by ? actorId(by) : null);
    }
    catalog.setHead("meta", metaHead);
  });
}

async function blobAt(reader: ObjectReader, tree: string, path: string): Promise<string> {
  let oid = tree;
  for (const seg of segmentsOf(path)) {
    const entry = parseTree(reader.read(oid).content).find((e) => e.name === seg);
    if (!entry) throw new Error(`commit tree lacks ${path}`);
    oid = entry.oid;
  }
  return oid;
}
