// Refs as native git keeps them: a loose file `refs/heads/<name>` holding the hex id, or a
// line in `packed-refs` (after an operator runs `git gc`/`pack-refs`). memgit writes loose
// refs only, by write-to-temp, fsync, rename (git's lockfile protocol), so a reader never sees
// a torn ref.
import { dirname } from "node:path";
import { syncDir, writeFileDurably, type Backend } from "./backend.ts";
import { gitDirLayout, ZERO_OID } from "./layout.ts";

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

/**
 * Moves several refs; each rename is atomic, and one directory fsync covers them all. A ref
 * moved to ZERO_OID is deleted (its loose file, and its line in `packed-refs`).
 */
export async function writeRefs(backend: Backend, gitDir: string, refs: Map<string, string>): Promise<void> {
  const L = gitDirLayout(gitDir);
  const dirs = new Set<string>();
  const deleted = new Set<string>();
  for (const [ref, oid] of refs) {
    dirs.add(dirname(L.ref(ref)));
    if (oid === ZERO_OID) {
      deleted.add(ref);
      backend.fs.rmSync(L.ref(ref), { force: true });
      continue;
    }
    backend.fs.mkdirSync(dirname(L.ref(ref)), { recursive: true });
    await writeFileDurably(backend, L.ref(ref), `${oid}\n`, ".lock");
  }
  if (deleted.size > 0 && (await dropPacked(backend, gitDir, deleted))) dirs.add(gitDir);
  for (const d of dirs) await syncDir(backend, d);
}

/** Every ref under `prefix` (e.g. `refs/tags/`), loose ones over packed ones, as ref → id. */
export function listRefs(backend: Backend, gitDir: string, prefix: string): Map<string, string> {
  const L = gitDirLayout(gitDir);
  const { fs } = backend;
  const out = new Map<string, string>();
  if (fs.existsSync(L.packedRefs)) {
    for (const line of String(fs.readFileSync(L.packedRefs, "utf8")).split("\n")) {
      const ref = line.slice(41);
      if (HEX40.test(line.slice(0, 40)) && line[40] === " " && ref.startsWith(prefix)) out.set(ref, line.slice(0, 40));
    }
  }
  const walk = (ref: string) => {
    const path = L.ref(ref);
    if (!fs.existsSync(path)) return;
    if (fs.statSync(path).isDirectory()) for (const name of fs.readdirSync(path) as string[]) walk(`${ref}/${name}`);
    else if (!ref.endsWith(".lock")) out.set(ref, readRef(backend, gitDir, ref)!);
  };
  walk(prefix.replace(/\/$/, ""));
  return out;
}

/** Rewrites `packed-refs` without `refs` (and their peeled `^` lines); false when none was there. */
async function dropPacked(backend: Backend, gitDir: string, refs: Set<string>): Promise<boolean> {
  const L = gitDirLayout(gitDir);
  if (!backend.fs.existsSync(L.packedRefs)) return false;
  const lines = String(backend.fs.readFileSync(L.packedRefs, "utf8")).split("\n");
  const kept: string[] = [];
  let dropping = false;
  for (const line of lines) {
    if (line.startsWith("^")) {
      if (!dropping) kept.push(line);
      continue;
    }
    dropping = HEX40.test(line.slice(0, 40)) && refs.has(line.slice(41));
    if (!dropping) kept.push(line);
  }
  if (kept.length === lines.length) return false;
  await writeFileDurably(backend, L.packedRefs, kept.join("\n"), ".lock");
  return true;
}
