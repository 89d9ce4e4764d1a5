// Checkpoint: make native git see everything the journal holds. Pack first (data before the
// .idx that makes it visible, both fsynced, then the directory), refs last, so a ref never
// points at objects git cannot find (docs/format.md §Consistency).
import { join } from "node:path";
import type { HashedObject } from "../model/gitObject.ts";
import { fsyncFd, syncDir, writeFileDurably, type Backend } from "../storage/backend.ts";
import { gitDirLayout } from "../storage/layout.ts";
import { writeRefs } from "../storage/refs.ts";
import { packChunks, type PackResult } from "./packWriter.ts";

export async function writeCheckpoint(
  backend: Backend,
  gitDir: string,
  objects: HashedObject[],
  refs: Map<string, string>,
): Promise<void> {
  const L = gitDirLayout(gitDir);
  if (objects.length > 0) {
    const { name, idx } = await writePack(backend, L.packDir, objects, backend.flags.nativeGit ? 0 : 1);
    await writeFileDurably(backend, join(L.packDir, `pack-${name}.idx`), idx);
    await syncDir(backend, L.packDir);
  }
  if (refs.size > 0) await writeRefs(backend, gitDir, refs);
}

/**
 * Streams the pack to a temporary file a chunk at a time, yielding to the event loop between
 * chunks so that writes keep being acknowledged while a checkpoint of megabytes is built.
 * The name (git's `tmp_pack_` prefix, no `.pack` suffix) is one git itself ignores.
 */
async function writePack(backend: Backend, packDir: string, objects: HashedObject[], level: number): Promise<PackResult> {
  const tmp = join(packDir, `tmp_pack_memgit_${process.pid}`);
  const fd = backend.fs.openSync(tmp, "w");
  let step;
  try {
    const chunks = packChunks(objects, level);
    for (step = chunks.next(); !step.done; step = chunks.next()) {
      backend.fs.writeSync(fd, step.value);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await fsyncFd(backend, fd);
  } finally {
    backend.fs.closeSync(fd);
  }
  backend.fs.renameSync(tmp, join(packDir, `pack-${step.value.name}.pack`));
  return step.value;
}
