// The head snapshot of a store's memory branch, held in memory as nested directories with
// cached tree ids. A write changes one leaf and re-hashes only the directories on its path,
// so building the next commit costs O(depth), not O(store).
import { compareUtf8 } from "./utf8Order.ts";
import { hashObject, serializeTree, type HashedObject, type TreeEntry } from "./gitObject.ts";

export interface MemoryLeaf {
  kind: "file";
  memoryId: string;
  blobOid: string;
  sha256: string;
  sizeBytes: number;
  versionId: string;
  createdAtMs: number;
  updatedAtMs: number;
}

interface DirNode {
  kind: "dir";
  children: Map<string, DirNode | MemoryLeaf>;
  /** Cached tree id; null when something below changed. */
  oid: string | null;
  /**
   * The last tree content and where each child's 20-byte id sits in it. While no child is
   * added or removed, the next tree is this one with the ids in `stale` rewritten in place.
   */
  bytes: Buffer | null;
  oidAt: Map<string, number>;
  stale: Set<string>;
}

const newDir = (): DirNode => ({ kind: "dir", children: new Map(), oid: null, bytes: null, oidAt: new Map(), stale: new Set() });

const sortKey = (name: string, node: DirNode | MemoryLeaf) => (node.kind === "dir" ? name + "/" : name);

/** Children are kept in git tree order, so hashing a directory never sorts. */
function putChild(dir: DirNode, name: string, node: DirNode | MemoryLeaf): void {
  const old = dir.children.get(name);
  dir.children.set(name, node);
  dir.oid = null;
  if (old && old.kind === node.kind) {
    dir.stale.add(name);
    return;
  }
  dir.bytes = null;
  dir.children = new Map([...dir.children].sort(([a, x], [b, y]) => compareUtf8(sortKey(a, x), sortKey(b, y))));
}

/** Marks `dir`'s child `name` as changed below (its tree id will differ). */
function touch(dir: DirNode, name: string): void {
  dir.oid = null;
  dir.stale.add(name);
}

export interface Occupant {
  memoryId: string;
  path: string;
}

/** One path's change since the last `takeChanges()`: its new blob, or null when removed. */
export type TreeChange = [path: string, blobOid: string | null];

export class WorkingTree {
  private root: DirNode = newDir();
  private readonly byId = new Map<string, string>();
  private bytes = 0;
  private changes: TreeChange[] = [];
  /** Inverse operations since `beginUndo()`, newest last; null when not recording. */
  private undoLog: Array<() => void> | null = null;

  /** The changes since the last call: enough to redo them on the previous tree (journal replay). */
  takeChanges(): TreeChange[] {
    const out = this.changes;
    this.changes = [];
    return out;
  }

  /**
   * Starts recording, so that `undo()` can put the tree back as it is now: a batch whose
   * journal append failed must leave no trace in what later writes validate against.
   */
  beginUndo(): void {
    this.undoLog = [];
  }

  /** Undoes every change since `beginUndo()` and stops recording. */
  undo(): void {
    const log = this.undoLog ?? [];
    this.undoLog = null;
    for (let i = log.length - 1; i >= 0; i--) log[i]!();
    // Changes are taken per commit, so at a batch boundary there are none.
    this.changes = [];
  }

  endUndo(): void {
    this.undoLog = null;
  }

  get memoryCount(): number {
    return this.byId.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  pathOf(memoryId: string): string | undefined {
    return this.byId.get(memoryId);
  }

  get(path: string): MemoryLeaf | undefined {
    let node: DirNode | MemoryLeaf | undefined = this.root;
    for (const seg of segmentsOf(path)) {
      if (node?.kind !== "dir") return undefined;
      node = node.children.get(seg);
    }
    return node?.kind === "file" ? node : undefined;
  }

  /**
   * The memory that blocks writing `path` (spec §6.2): the same path, an ancestor, or a
   * descendant; `ignore` is the memory being renamed, which never blocks itself.
   */
  occupant(path: string, ignore?: string): Occupant | null {
    const segs = segmentsOf(path);
    let node: DirNode = this.root;
    for (let i = 0; i < segs.length; i++) {
      const child = node.children.get(segs[i]!);
      if (!child) return null;
      if (child.kind === "file") {
        if (child.memoryId === ignore) return null;
        return { memoryId: child.memoryId, path: "/" + segs.slice(0, i + 1).join("/") };
      }
      node = child;
    }
    return firstLeaf(node, path, ignore);
  }

  set(path: string, leaf: MemoryLeaf): void {
    const segs = segmentsOf(path);
    let node = this.root;
    for (const seg of segs.slice(0, -1)) {
      let child = node.children.get(seg);
      if (!child || child.kind === "file") {
        child = newDir();
        putChild(node, seg, child);
      } else touch(node, seg);
      node = child;
    }
    const last = segs[segs.length - 1]!;
    const old = node.children.get(last);
    this.undoLog?.push(old?.kind === "file" ? () => this.set(path, old) : () => this.remove(path));
    if (old?.kind === "file") this.forget(old);
    putChild(node, last, leaf);
    this.changes.push([path, leaf.blobOid]);
    this.byId.set(leaf.memoryId, path);
    this.bytes += leaf.sizeBytes;
  }

  remove(path: string): MemoryLeaf | undefined {
    const segs = segmentsOf(path);
    const trail: DirNode[] = [this.root];
    for (const seg of segs.slice(0, -1)) {
      const child = trail[trail.length - 1]!.children.get(seg);
      if (child?.kind !== "dir") return undefined;
      trail.push(child);
    }
    const parent = trail[trail.length - 1]!;
    const leaf = parent.children.get(segs[segs.length - 1]!);
    if (leaf?.kind !== "file") return undefined;
    parent.children.delete(segs[segs.length - 1]!);
    parent.bytes = null;
    parent.oid = null;
    // git has no empty directories: prune the ones this removal emptied.
    for (let i = trail.length - 1; i > 0; i--) {
      const up = trail[i - 1]!;
      if (trail[i]!.children.size === 0) {
        up.children.delete(segs[i - 1]!);
        up.bytes = null;
        up.oid = null;
      } else touch(up, segs[i - 1]!);
    }
    this.undoLog?.push(() => this.set(path, leaf));
    this.forget(leaf);
    this.changes.push([path, null]);
    return leaf;
  }

  /** Hashes dirty directories, appending each new tree object to `out`; returns the root id. */
  writeTrees(out: HashedObject[]): string {
    return hashDir(this.root, out);
  }

  /** Every memory, in no particular order. */
  *entries(): Generator<[string, MemoryLeaf]> {
    yield* walk(this.root, "");
  }

  private forget(leaf: MemoryLeaf): void {
    this.byId.delete(leaf.memoryId);
    this.bytes -= leaf.sizeBytes;
  }
}

export const segmentsOf = (path: string) => path.slice(1).split("/");

function firstLeaf(node: DirNode, prefix: string, ignore?: string): Occupant | null {
  for (const [name, child] of node.children) {
    const p = `${prefix}/${name}`;
    if (child.kind === "file") {
      if (child.memoryId !== ignore) return { memoryId: child.memoryId, path: p };
    } else {
      const hit = firstLeaf(child, p, ignore);
      if (hit) return hit;
    }
  }
  return null;
}

function hashDir(dir: DirNode, out: HashedObject[]): string {
  if (dir.oid) return dir.oid;
  const idOf = (child: DirNode | MemoryLeaf) => (child.kind === "file" ? child.blobOid : hashDir(child, out));
  let content: Buffer;
  if (dir.bytes) {
    content = Buffer.from(dir.bytes);
    for (const name of dir.stale) content.write(idOf(dir.children.get(name)!), dir.oidAt.get(name)!, "hex");
  } else {
    const entries: TreeEntry[] = [];
    for (const [name, child] of dir.children) entries.push({ mode: child.kind === "file" ? "100644" : "40000", name, oid: idOf(child) });
    content = serializeTree(entries, true);
    dir.oidAt.clear();
    let at = 0;
    for (const e of entries) {
      at += e.mode.length + 1 + Buffer.byteLength(e.name) + 1;
      dir.oidAt.set(e.name, at);
      at += 20;
    }
  }
  dir.bytes = content;
  dir.stale.clear();
  dir.oid = hashObject("tree", content);
  out.push({ type: "tree", content, oid: dir.oid });
  return dir.oid;
}

function* walk(dir: DirNode, prefix: string): Generator<[string, MemoryLeaf]> {
  for (const [name, child] of dir.children) {
    if (child.kind === "file") yield [`${prefix}/${name}`, child];
    else yield* walk(child, `${prefix}/${name}`);
  }
}
