// Turns replayed journal records back into complete git objects: memory commits were journaled
// without their trees (record.ts), so redo each record's path changes on its parent's tree and
// check the result against the tree id the commit names.
import { parseCommit, parseTree, type HashedObject } from "../model/gitObject.ts";
import { WorkingTree } from "../model/workingTree.ts";
import type { ObjectReader } from "../storage/objectReader.ts";
import { JournalCorruptError } from "./journal.ts";
import type { JournalRecord } from "./record.ts";

export function replayObjects(records: JournalRecord[], reader: ObjectReader): HashedObject[] {
  const out: HashedObject[] = [];
  let tree: WorkingTree | null = null;
  for (const r of records) {
    out.push(...r.objects);
    if (!r.tree) continue;
    // The first memory record's parent is durable in git: it was the ref of the last checkpoint.
    tree ??= loadTree(reader, r.refs[0]?.old ?? null);
    for (const [path, blob] of r.tree) {
      if (blob) tree.set(path, leaf(path, blob));
      else tree.remove(path);
    }
    tree.takeChanges();
    const trees: HashedObject[] = [];
    const root = tree.writeTrees(trees);
    // The commit the ref moves to: a restore's record carries several (docs/format.md §Journal).
    const commit = r.objects.find((o) => o.oid === r.refs[0]?.new);
    if (!commit || parseCommit(commit.content).tree !== root)
      throw new JournalCorruptError(`journal record for ${r.refs[0]?.new} does not reproduce its commit's tree`);
    out.push(...trees);
  }
  return out;
}

const leaf = (path: string, blobOid: string) => ({
  kind: "file" as const,
  memoryId: path,
  blobOid,
  sha256: "",
  sizeBytes: 0,
  versionId: "",
  createdAtMs: 0,
  updatedAtMs: 0,
});

function loadTree(reader: ObjectReader, commit: string | null): WorkingTree {
  const tree = new WorkingTree();
  const walk = (oid: string, prefix: string) => {
    for (const e of parseTree(reader.read(oid).content)) {
      if (e.mode === "40000") walk(e.oid, `${prefix}/${e.name}`);
      else tree.set(`${prefix}/${e.name}`, leaf(`${prefix}/${e.name}`, e.oid));
    }
  };
  if (commit) walk(parseCommit(reader.read(commit).content).tree, "");
  tree.takeChanges();
  return tree;
}
