// Removing what rewritten history no longer reaches (docs/format.md §Redaction): every pack is
// replaced by one holding only the objects reachable from the refs, the journal files are cut
// back to their headers (old frames stay in a reused file otherwise), and the index database
// is rewritten without free pages. A marker file makes a crash in between finish the job on
// the next open.
import { gitDirLayout } from "../storage/layout.ts";
import { syncDir, writeFileAtomic, writeFileDurably, type Backend } from "../storage/backend.ts";
import { runGit } from "../storage/nativeGit.ts";
import type { ObjectReader } from "../storage/objectReader.ts";
import { parseCommit, parseTree } from "../model/gitObject.ts";
import { listPacks, mergePacks } from "../store/compaction.ts";

/** Written durably before refs move to rewritten history; removed once the old bytes are gone. */
export async function markPurge(backend: Backend, gitDir: string): Promise<void> {
  const L = gitDirLayout(gitDir);
  await writeFileAtomic(backend, L.purgePending, "history rewritten; unreachable objects to remove\n", L.memgit);
}

export const purgePending = (backend: Backend, gitDir: string) => backend.fs.existsSync(gitDirLayout(gitDir).purgePending);

/**
 * Replaces every pack with one of the objects reachable from `tips`. Native git when it is
 * there (bitmaps off: on a shallow repository git 2.39 spent minutes writing them and lost
 * `shallow`); otherwise a walk and a merge in JS.
 */
export async function purgeUnreachable(backend: Backend, gitDir: string, reader: ObjectReader, tips: string[], shallow: ReadonlySet<string>): Promise<void> {
  const packs = listPacks(backend, gitDir);
  if (backend.flags.nativeGit) {
    await runGit(gitDir, ["-c", "repack.writeBitmaps=false", "-c", "core.fsync=pack,pack-metadata", "repack", "-a", "-d", "-q"]);
    // git has lost `shallow` before (2.39 with bitmaps): then `main` would read as broken.
    if (shallow.size > 0 && readShallow(backend, gitDir).size === 0) throw new Error("git repack dropped the shallow boundary");
  } else if (packs.length > 0) {
    const keep = reachable(reader, tips, shallow);
    await mergePacks(backend, gitDir, packs, (oid) => keep.has(oid));
  }
  reader.refresh();
}

export async function finishPurge(backend: Backend, gitDir: string): Promise<void> {
  const L = gitDirLayout(gitDir);
  backend.fs.rmSync(L.purgePending, { force: true });
  await syncDir(backend, L.memgit);
}

function reachable(reader: ObjectReader, tips: string[], shallow: ReadonlySet<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [...tips];
  while (stack.length > 0) {
    const oid = stack.pop()!;
    if (seen.has(oid)) continue;
    seen.add(oid);
    const obj = reader.read(oid);
    if (obj.type === "commit") {
      const c = parseCommit(obj.content);
      stack.push(c.tree, ...(shallow.has(oid) ? [] : c.parents));
    } else if (obj.type === "tree") {
      for (const e of parseTree(obj.content)) stack.push(e.oid);
    } else if (obj.type === "tag") {
      const target = /^object ([0-9a-f]{40})$/m.exec(obj.content.toString("latin1"));
      if (target) stack.push(target[1]!);
    }
  }
  return seen;
}

/** The commits git treats as having no parents (their parents were pruned): `shallow`. */
export function readShallow(backend: Backend, gitDir: string): Set<string> {
  const path = gitDirLayout(gitDir).shallow;
  if (!backend.fs.existsSync(path)) return new Set();
  return new Set(String(backend.fs.readFileSync(path, "utf8")).split("\n").filter((l) => /^[0-9a-f]{40}$/.test(l)));
}

/** Sets the shallow boundary (null: none), durably. */
export async function writeShallow(backend: Backend, gitDir: string, commit: string | null): Promise<void> {
  const L = gitDirLayout(gitDir);
  if (commit === null) backend.fs.rmSync(L.shallow, { force: true });
  else await writeFileDurably(backend, L.shallow, `${commit}\n`);
  await syncDir(backend, gitDir);
}
