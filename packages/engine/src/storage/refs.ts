// Refs as native git keeps them: a loose file `refs/heads/<name>` holding the hex id, or a
// line in `packed-refs` (after an operator runs `git gc`/`pack-refs`). memgit writes loose
// refs only, by write-to-temp, fsync, rename (git's lockfile protocol), so a reader never sees
// a torn ref.
import { dirname } from "node:path";
import { syncDir, writeFileDurably, type Backend } from "./backend.ts";
import { gitDirLayout } from "./layout.ts";

const HEX40 = /^[0-9a-f]{40}$/;

export function readRef(backend: Backend, gitDir: string, ref: string): string | null {
  const L = gitDirLayout(gitDir);
  const { fs } = backend;
  if (fs.existsSync(L.ref(ref))) {
    const value = String(fs.readFileSync(L.ref(ref), "utf8")).trim();
    if (!HEX40.test(value)) throw new Error(`ref ${ref} is malformed`);
    return value;
  }
  if (!fs.existsSync(L.packedRefs)) return null;
  for (const line of String(fs.readFileSync(L.packedRefs, "utf8")).split("\n")) {
    if (line.endsWith(` ${ref}`) && HEX40.test(line.slice(0, 40))) return line.slice(0, 40);
  }
  return null;
}

/** Moves several refs; each rename is atomic, and one directory fsync covers them all. */
export async function writeRefs(backend: Backend, gitDir: string, refs: Map<string, string>): Promise<void> {
  const L = gitDirLayout(gitDir);
  const dirs = new Set<string>();
  for (const [ref, oid] of refs) {
    await writeFileDurably(backend, L.ref(ref), `${oid}\n`, ".lock");
    dirs.add(dirname(L.ref(ref)));
  }
  for (const d of dirs) await syncDir(backend, d);
}
