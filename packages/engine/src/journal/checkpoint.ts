// Checkpoint: make native git see everything the journal holds. Pack first (data before the
// .idx that makes it visible, both fsynced, then the directory), refs last, so a ref never
// points at objects git cannot find (docs/format.md §Consistency).
import { join } from "node:path";
import type { HashedObject } from "../model/gitObject.ts";
import { syncDir, writeFileDurably, type Backend } from "../storage/backend.ts";
import { gitDirLayout } from "../storage/layout.ts";
import { writeRefs } from "../storage/refs.ts";
import { buildPack } from "./packWriter.ts";

export async function writeCheckpoint(
  backend: Backend,
  gitDir: string,
  objects: HashedObject[],
  refs: Map<string, string>,
): Promise<void> {
  const L = gitDirLayout(gitDir);
  if (objects.length > 0) {
    const built = buildPack(objects, backend.flags.nativeGit ? 0 : 1);
    const base = join(L.packDir, `pack-${built.name}`);
    await writeFileDurably(backend, `${base}.pack`, built.pack);
    await writeFileDurably(backend, `${base}.idx`, built.idx);
    await syncDir(backend, L.packDir);
  }
  if (refs.size > 0) await writeRefs(backend, gitDir, refs);
}
