// The order of a whole-store restore's versions (docs/decisions/0040). Every version is a
// commit whose tree is a valid store, so no step may put a memory where another still is (the
// same path, an ancestor or a descendant). Deletions go first (they only free paths), then
// each move or creation as soon as its path is free. Memories that trade paths in a cycle
// cannot all wait for each other: one of each cycle steps aside to a free path first, the
// only case where a memory gets two versions.
import type { VersionAtRow } from "../catalog/catalog.ts";
import type { MemoryLeaf } from "../model/workingTree.ts";

export interface Current {
  path: string;
  leaf: MemoryLeaf;
}

/** One version to write; `to` null deletes, `hop` is a step aside to a free path. */
export type Step =
  | { memoryId: string; from: Current; to: null }
  | { memoryId: string; from: Current | null; to: VersionAtRow }
  | { memoryId: string; from: Current; to: null; hop: string };

/** The steps from `current` to `target` (both memory id → state), validated to be applicable in order. */
export function planRestore(current: ReadonlyMap<string, Current>, target: ReadonlyMap<string, VersionAtRow>): Step[] {
  const steps: Step[] = [];
  const occupied = new Occupancy();
  const now = new Map(current);
  for (const [id, c] of current) {
    if (target.has(id)) occupied.add(c.path, id);
    else steps.push({ memoryId: id, from: c, to: null });
  }
  for (const id of current.keys()) if (!target.has(id)) now.delete(id);
  let pending = [...target.values()].filter((row) => {
    const c = current.get(row.memory_id);
    return !c || c.path !== row.path || c.leaf.blobOid !== row.blob_oid;
  });
  // Each round places a memory or steps one aside for good (a hop path blocks no target).
  for (let rounds = 0; pending.length > 0; rounds++) {
    if (rounds > 2 * target.size + 1) throw new Error("restore plan does not converge");
    const blocked: VersionAtRow[] = [];
    for (const row of pending) {
      if (occupied.blocker(row.path, row.memory_id) !== null) {
        blocked.push(row);
        continue;
      }
      const from = now.get(row.memory_id) ?? null;
      if (from) occupied.remove(from.path);
      occupied.add(row.path, row.memory_id);
      steps.push({ memoryId: row.memory_id, from, to: row });
    }
    if (blocked.length === pending.length) {
      // A cycle: every pending path is held by a memory that is itself waiting to move.
      const stuck = occupied.blocker(blocked[0]!.path, blocked[0]!.memory_id)!;
      const from = now.get(stuck)!;
      const hop = occupied.freePath(stuck, target);
      occupied.remove(from.path);
      occupied.add(hop, stuck);
      steps.push({ memoryId: stuck, from, to: null, hop });
      now.set(stuck, { path: hop, leaf: from.leaf });
    }
    pending = blocked;
  }
  return steps;
}

/** Which memory holds which path, and which directories hold how many: WorkingTree.occupant's rule. */
class Occupancy {
  private readonly files = new Map<string, string>();
  private readonly below = new Map<string, Map<string, number>>();

  add(path: string, memoryId: string): void {
    this.files.set(path, memoryId);
    for (const dir of ancestors(path)) {
      const ids = this.below.get(dir) ?? new Map<string, number>();
      ids.set(memoryId, (ids.get(memoryId) ?? 0) + 1);
      this.below.set(dir, ids);
    }
  }

  remove(path: string): void {
    const memoryId = this.files.get(path)!;
    this.files.delete(path);
    for (const dir of ancestors(path)) {
      const ids = this.below.get(dir)!;
      const n = ids.get(memoryId)! - 1;
      if (n === 0) ids.delete(memoryId);
      else ids.set(memoryId, n);
      if (ids.size === 0) this.below.delete(dir);
    }
  }

  /** The memory that keeps `memoryId` from `path`: at it, above it, or below it. */
  blocker(path: string, memoryId: string): string | null {
    for (const p of [path, ...ancestors(path)]) {
      const holder = this.files.get(p);
      if (holder !== undefined && holder !== memoryId) return holder;
    }
    for (const holder of this.below.get(path)?.keys() ?? []) if (holder !== memoryId) return holder;
    return null;
  }

  /** A path nothing holds, in a directory no target path is in or at, for a memory stepping out of a cycle. */
  freePath(memoryId: string, target: ReadonlyMap<string, VersionAtRow>): string {
    const targets = [...target.values()].map((row) => row.path);
    for (let n = 0; ; n++) {
      const dir = `/.memgit-restore${n === 0 ? "" : `-${n}`}`;
      const path = `${dir}/${memoryId}`;
      if (this.blocker(path, memoryId) === null && !targets.some((t) => t === dir || t.startsWith(dir + "/"))) return path;
    }
  }
}

/** "/a/b/c" → "/a/b", "/a". */
function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let i = path.lastIndexOf("/"); i > 0; i = path.lastIndexOf("/", i - 1)) out.push(path.slice(0, i));
  return out;
}
