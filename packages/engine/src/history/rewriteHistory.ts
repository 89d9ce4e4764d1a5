// Rebuilding the memory branch from a point on (docs/format.md §Redaction). Every commit from
// the first changed version to the head gets a new hash (its parent changed), so the commits
// are rebuilt from the index's rows rather than read back from git: a snapshot of the store
// just before the point, then each version replayed onto it in order. A redacted version's
// snapshot lacks its memory, and its commit keeps only the audit trail; every rebuilt commit
// carries the id it was handed out with, so ids never change.
import type { Catalog, VersionRow } from "../catalog/catalog.ts";
import { makeActor } from "../model/actor.ts";
import { commitObject } from "../model/commitObject.ts";
import { formatVersionMessage, type VersionRecord } from "../model/commitTrailers.ts";
import { hashed, type HashedObject } from "../model/gitObject.ts";
import { WorkingTree } from "../model/workingTree.ts";

export interface RewrittenHistory {
  /** New trees and commits, each once. */
  objects: HashedObject[];
  /** The new head of the memory branch. */
  head: string;
  /** Where each rebuilt version's commit is now, with its snapshot tree. */
  commits: Map<string, { commit: string; tree: string }>;
  /** The new head's tree: equal to the old head's, since no head version is ever redacted. */
  tree: string;
}

/**
 * Rebuilds every commit from the version at `fromTime` on. `parent` is the commit before it
 * (null at the root). `fresh` are the versions redacted now: from each until its memory's next
 * version, the snapshots lack that memory, so those trees are recomputed (replaying the index's
 * rows onto the snapshot there); every other version keeps its tree, read from the index
 * (`treeOf` when the index lacks it). Only the commits, and the trees recomputed, are new.
 */
export function rewriteHistory(catalog: Catalog, fromTime: number, parent: string | null, fresh: ReadonlySet<string>, treeOf: (row: VersionRow) => string): RewrittenHistory {
  const objects: HashedObject[] = [];
  const seen = new Set<string>();
  const keep = (o: HashedObject) => {
    if (seen.has(o.oid)) return;
    seen.add(o.oid);
    objects.push(o);
  };
  const commits = new Map<string, { commit: string; tree: string }>();
  /** Memories whose snapshot differs from the original until their next version. */
  const hidden = new Set<string>();
  // A version redacted now below the start (kept below a pruned boundary) hides its memory from the start.
  for (const row of catalog.latestBefore(fromTime)) if (fresh.has(row.vid)) hidden.add(row.memory_id);
  let tree: WorkingTree | null = null;
  let head = parent;
  let treeId = "";
  for (const row of catalog.versionsFrom(fromTime)) {
    if (fresh.has(row.vid)) hidden.add(row.memory_id);
    if (hidden.size > 0 || tree) {
      tree ??= snapshotBefore(catalog, row.created_at);
      const old = tree.pathOf(row.memory_id);
      if (old !== undefined) tree.remove(old);
      if (isPresent(row)) tree.set(row.path, leafOf(row));
      if (!fresh.has(row.vid)) hidden.delete(row.memory_id);
      const trees: HashedObject[] = [];
      treeId = tree.writeTrees(trees);
      trees.forEach(keep);
      // Out of every reign, the snapshot is the original again: reuse the stored trees.
      if (hidden.size === 0) tree = null;
    } else {
      treeId = treeOf(row);
    }
    const actor = row.actor_type && row.actor_id ? makeActor(row.actor_type, row.actor_id) : null;
    const commit = hashed(commitObject(treeId, head, actor, row.created_at, formatVersionMessage(recordOf(row, actor))));
    keep(commit);
    commits.set(row.vid, { commit: commit.oid, tree: treeId });
    head = commit.oid;
  }
  if (head === null) throw new Error("nothing to rewrite");
  return { objects, head, commits, tree: treeId };
}

/** The store's snapshot just before `time`, from the index: each memory's latest version then. */
function snapshotBefore(catalog: Catalog, time: number): WorkingTree {
  const tree = new WorkingTree();
  for (const row of catalog.latestBefore(time)) if (isPresent(row)) tree.set(row.path, leafOf(row));
  tree.takeChanges();
  return tree;
}

const isPresent = (row: VersionRow) => row.op !== "deleted" && row.redacted_at === null;

function leafOf(row: VersionRow) {
  return {
    kind: "file" as const,
    memoryId: row.memory_id,
    blobOid: row.blob_oid!,
    sha256: row.sha256!,
    sizeBytes: row.size!,
    versionId: row.vid,
    createdAtMs: row.created_at,
    updatedAtMs: row.created_at,
  };
}

function recordOf(row: VersionRow, actor: VersionRecord["actor"]): VersionRecord {
  const record: VersionRecord = {
    memoryId: row.memory_id,
    operation: row.op,
    path: row.path,
    sha256: row.sha256,
    sizeBytes: row.size,
    actor,
    createdAtMs: row.created_at,
    versionId: row.vid,
  };
  if (row.redacted_at !== null) {
    const by = row.redactor_type && row.redactor_id ? makeActor(row.redactor_type, row.redactor_id) : null;
    return { ...record, path: "", sha256: null, sizeBytes: null, redaction: { atMs: row.redacted_at, by } };
  }
  return record;
}
