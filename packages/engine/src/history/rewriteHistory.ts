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
  /** Where each rebuilt version's commit is now. */
  commits: Map<string, string>;
  /** The new head's tree: equal to the old head's, since no head version is ever redacted. */
  tree: string;
}

/**
 * Rebuilds every commit from the version at `fromTime` on. `parent` is the commit before it
 * (null at the root). Rows with `redacted_at` set are written as redacted.
 */
export function rewriteHistory(catalog: Catalog, fromTime: number, parent: string | null): RewrittenHistory {
  const tree = new WorkingTree();
  for (const row of catalog.latestBefore(fromTime)) if (isPresent(row)) tree.set(row.path, leafOf(row));
  const objects: HashedObject[] = [];
  const seen = new Set<string>();
  const keep = (o: HashedObject) => {
    if (seen.has(o.oid)) return;
    seen.add(o.oid);
    objects.push(o);
  };
  const commits = new Map<string, string>();
  let head = parent;
  let treeId = "";
  for (const row of catalog.versionsFrom(fromTime)) {
    const old = tree.pathOf(row.memory_id);
    if (old !== undefined) tree.remove(old);
    if (isPresent(row)) tree.set(row.path, leafOf(row));
    const trees: HashedObject[] = [];
    treeId = tree.writeTrees(trees);
    trees.forEach(keep);
    const actor = row.actor_type && row.actor_id ? makeActor(row.actor_type, row.actor_id) : null;
    const commit = hashed(commitObject(treeId, head, actor, row.created_at, formatVersionMessage(recordOf(row, actor))));
    keep(commit);
    commits.set(row.vid, commit.oid);
    head = commit.oid;
  }
  tree.takeChanges();
  if (head === null) throw new Error("nothing to rewrite");
  return { objects, head, commits, tree: treeId };
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
