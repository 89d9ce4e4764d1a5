// A push reads from a snapshot, not from the store's repository: a hard-linked copy of its
// packs and refs taken in a few milliseconds while the store is held (Store.withRepository),
// so a slow or stuck remote never holds off a redaction, a prune or the compaction that
// writes wait behind. Packs are never rewritten in place (a repack writes new files and
// deletes the old), so the links keep the snapshot whole whatever the store does next.
import { copyFileSync, cpSync, existsSync, linkSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/**
 * Copies the repository at `gitDir` into the new directory `into` as a bare repository:
 * refs first, then objects (a checkpoint writes its objects before it moves a ref, so every
 * ref copied has its objects among those linked after it).
 */
export function snapshotRepository(gitDir: string, into: string): void {
  mkdirSync(join(into, "objects", "pack"), { recursive: true });
  writeFileSync(join(into, "HEAD"), "ref: refs/heads/main\n");
  writeFileSync(join(into, "config"), "[core]\n\trepositoryformatversion = 0\n\tbare = true\n");
  cpSync(join(gitDir, "refs"), join(into, "refs"), { recursive: true, filter: (src) => !src.endsWith(".lock") });
  for (const file of ["packed-refs", "shallow"]) if (existsSync(join(gitDir, file))) copyFileSync(join(gitDir, file), join(into, file));
  const objects = join(gitDir, "objects");
  for (const entry of readdirSync(objects)) {
    // Packs, and loose objects should an operator's git have left any (fan-out directories).
    if (entry !== "pack" && !/^[0-9a-f]{2}$/.test(entry)) continue;
    const dir = join(into, "objects", entry);
    mkdirSync(dir, { recursive: true });
    for (const file of readdirSync(join(objects, entry))) {
      if (!file.startsWith("tmp_") && !file.endsWith(".lock")) linkOrCopy(join(objects, entry, file), join(dir, file));
    }
  }
}
